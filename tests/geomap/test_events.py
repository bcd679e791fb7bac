"""Extraction of events from reports: tables of sentence/report -> expected events, in both languages.

Each sentence case is wrapped in a small report published on Monday 5 October 2020 (so "Minggu (4/10)",
"on Sunday" and "kemarin" are 4 October).  An expected event is (event_type, sub_event_type, location,
event_date, fatalities, actor1, claimed_by); None leaves a field unchecked.  Negative cases expect no event.
The report cases run the whole pipeline on the reports in tests/data/reports/{en,id}.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geomap.events import extract_events
from geomap.model import DAY, WEEK, Article, Segment

REPORTS = Path(__file__).resolve().parents[1] / "data" / "reports"
BC, GRT = ("Battles", "Armed clash"), ("Battles", "Government regains territory")
SH = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
AIR = ("Explosions/Remote violence", "Air/drone strike")
IED = ("Explosions/Remote violence", "Remote explosive/landmine/IED")
AGR = ("Strategic developments", "Agreement")
DWU = ("Strategic developments", "Disrupted weapons use")
NVT = ("Strategic developments", "Non-violent transfer of territory")
PRO = ("Protests", "Peaceful protest")
RIOT = ("Riots", "Violent demonstration")
AZ, AM = "Military Forces of Azerbaijan", "Military Forces of Armenia"
NK = "Nagorno-Karabakh (Artsakh) Defence Army"

HEADER = {
    "id": "Laporan uji\n\nSenin, 5 Oktober 2020 10:00 WIB\n\nJakarta (ANTARA) - ",
    "en": "Test report\n\nOctober 5, 2020 10:00 AM\n\nLONDON (Reuters) - ",
}


@pytest.fixture(scope="module")
def places():
    import gazetteer

    from geomap.settings import Settings

    return gazetteer.load(Settings.load({}, environ={}))


def run(text: str, places, source: str = "test.txt"):
    from geomap.pipeline import extract_report

    return extract_report(text.encode("utf-8"), source, places, 1_000_000).events


def ev(kind, location, date, fatalities=None, actor1=None, claimed_by=None):
    return (kind[0], kind[1], location, date, fatalities, actor1, claimed_by)


def check(events, expected) -> None:
    got = sorted((e.event_type, e.location, e.event_date) for e in events)
    want = sorted((x[0], x[2], x[3]) for x in expected)
    assert got == want, "\n".join(f"{e.event_date} {e.event_type}/{e.sub_event_type} @{e.location}: {e.quote[:80]}"
                                  for e in events)
    for x in expected:
        same = [e for e in events if (e.event_type, e.location, e.event_date) == (x[0], x[2], x[3])]
        event = next((e for e in same if e.sub_event_type == x[1]), same[0])  # two sub-types at one place and day
        for name, value in zip(("sub_event_type", "fatalities", "actor1", "claimed_by"), (x[1], *x[4:])):
            if value is not None:
                assert getattr(event, name) == value, f"{name} of {x}: {getattr(event, name)!r}"


# --------------------------------------------------------------------------- Indonesian sentences

ID_CASES = [
    ("Kementerian Pertahanan Azerbaijan mengatakan pesawat nirawaknya menghancurkan sistem pertahanan udara "
     "Armenia di dekat Lachin pada Minggu (4/10).", [ev(AIR, "Lachin", "2020-10-04")]),
    ("Rudal menghantam kota Ganja pada Minggu (4/10). Serangan ke Ganja terjadi saat warga sedang tidur.",
     [ev(SH, "Ganja", "2020-10-04")]),  # a bare attack noun restates the strike, not a new battle
    ("Ranjau darat meledak di jalan Tartar–Barda pada Minggu (4/10).", [ev(IED, "Tartar", "2020-10-04")]),
    ("Rudal menghantam kota Ganja pada Sabtu (3/10), sehari setelah artileri Azerbaijan menembaki Stepanakert.",
     [ev(SH, "Ganja", "2020-10-03"), ev(SH, "Stepanakert", "2020-10-02")]),
    ("Pada Sabtu (3/10), kota Ganja dibom. Kota Tartar juga ditembaki pada hari yang sama.",
     [ev(SH, "Ganja", "2020-10-03"), ev(SH, "Tartar", "2020-10-03")]),
    ("Kota Stepanakert relatif tenang pada Minggu (4/10), meski sirene serangan udara sempat terdengar.", []),
    # what happened, where, when, how many
    ("Pasukan Armenia menembaki kota Tartar pada Minggu (4/10), menewaskan dua warga sipil.",
     [ev(SH, "Tartar", "2020-10-04", 2, AM)]),
    ("Kota Stepanakert ditembaki pada Minggu (4/10) malam.",  # passive, no "oleh": the side holding it is hit
     [ev(SH, "Stepanakert", "2020-10-04", 0, AZ)]),
    ("Kota Ganja dibom oleh pasukan etnis Armenia kemarin.",
     [ev(SH, "Ganja", "2020-10-04", 0, NK)]),
    ("Pasukan Azerbaijan dan Armenia terlibat baku tembak di dekat Martakert pada Minggu (4/10).",
     [ev(BC, "Martakert", "2020-10-04", 0, AZ)]),  # "baku tembak" is a firefight, not Baku
    ("Belasan tentara tewas dalam pertempuran di sekitar Fuzuli pada Minggu (4/10).",
     [ev(BC, "Fuzuli", "2020-10-04", 11)]),
    ("Puluhan orang tewas dalam serangan roket di Barda kemarin.",
     [ev(SH, "Barda", "2020-10-04", 12)]),
    ("Sedikitnya 1.000 tentara tewas dalam pertempuran di sekitar Fuzuli kemarin.",
     [ev(BC, "Fuzuli", "2020-10-04", 1000)]),
    ("Azerbaijan mengatakan lebih dari 50 tentara Armenia tewas dalam pertempuran di dekat Hadrut kemarin.",
     [ev(BC, "Hadrut", "2020-10-04", 50, None, "Government of Azerbaijan")]),
    ("Dua ribu orang tewas dalam pertempuran di dekat Jabrayil kemarin, menurut laporan media.",
     [ev(BC, "Jabrayil", "2020-10-04", 2000, None, "Media reports")]),
    ("Ledakan ranjau darat di dekat Fuzuli kemarin menewaskan enam orang, termasuk empat polisi.",
     [ev(IED, "Fuzuli", "2020-10-04", 6, "")]),  # "termasuk": part of the six, not added
    ("Serangan roket di Tartar pada Minggu (4/10) menewaskan tiga orang dan melukai 12 orang lainnya.",
     [ev(SH, "Tartar", "2020-10-04", 3)]),
    ("Serangan drone Azerbaijan menewaskan dua tentara Armenia di dekat Sotk, Minggu (4/10).",
     [ev(AIR, "Sotk", "2020-10-04", 2, AZ)]),
    ("Pasukan Armenia dan Azerbaijan saling tembak di perbatasan dekat Tovuz pada Minggu (4/10).",
     [ev(BC, "Tovuz", "2020-10-04", 0, AM)]),
    ("Sebuah ranjau darat meledak di Fuzuli kemarin, menewaskan tiga pekerja Azerbaijan.",
     [ev(IED, "Fuzuli", "2020-10-04", 3, "")]),  # who laid the mine is not said
    ("Stepanakert kembali digempur roket pada Minggu (4/10) pagi, menewaskan seorang anak dan melukai lima "
     "orang lainnya.", [ev(SH, "Stepanakert", "2020-10-04", 1, AZ)]),
    ("Militer Azerbaijan menembak jatuh sebuah drone Armenia di atas Tovuz kemarin.",
     [ev(DWU, "Tovuz", "2020-10-04", 0, AZ)]),
    ("Pasukan Azerbaijan menangkap dua warga sipil Armenia di dekat Hadrut kemarin.",
     [ev(("Violence against civilians", "Abduction/forced disappearance"), "Hadrut", "2020-10-04", 0, AZ)]),
    ("Warga Stepanakert berunjuk rasa menuntut pembukaan koridor Lachin pada Minggu (4/10).",
     [ev(PRO, "Stepanakert", "2020-10-04", 0, "Protesters (Armenia)")]),  # a demand, not a call
    # territory
    ("Pasukan Azerbaijan merebut desa Talish pada Minggu (4/10).", [ev(GRT, "Talish", "2020-10-04", 0, AZ)]),
    ("Azerbaijan membebaskan kota Jabrayil kemarin, kata Presiden Azerbaijan.",
     [ev(GRT, "Jabrayil", "2020-10-04", 0, AZ, "Authorities of Azerbaijan")]),
    ("Azerbaijan mengatakan pasukannya merebut pijakan baru di Nagorno-Karabakh pada Minggu (4/10).", []),
    # agreements and violations
    ("Armenia dan Azerbaijan menyepakati gencatan senjata di Nagorno-Karabakh pada Minggu (4/10).",
     [ev(AGR, "Nagorno-Karabakh", "2020-10-04", 0, "Government of Armenia")]),
    ("Azerbaijan menuduh Armenia melanggar gencatan senjata di dekat Aghdam pada Minggu (4/10).",
     [ev(BC, "Aghdam", "2020-10-04", 0, None, "Government of Azerbaijan")]),
    # claimants
    ("Kementerian Pertahanan Armenia mengatakan drone Azerbaijan menyerang Stepanakert kemarin.",
     [ev(AIR, "Stepanakert", "2020-10-04", 0, AZ, "Ministry of Defence of Armenia")]),
    ("Menurut Kementerian Pertahanan Azerbaijan, artileri Armenia menembaki Tartar kemarin.",
     [ev(SH, "Tartar", "2020-10-04", 0, AM, "Ministry of Defence of Azerbaijan")]),
    ("Kementerian Pertahanan Armenia membantah laporan bahwa pasukannya menembaki Tartar.", []),
    # places: origin, distance, speaker, qualifier, region with its towns
    ("Desa Gapanli ditembaki dari arah Aghdam pada Minggu (4/10).", [ev(SH, "Gapanli", "2020-10-04")]),
    ("Rudal menghantam Shusha, sekitar 10 kilometer dari Stepanakert, pada Minggu (4/10).",
     [ev(SH, "Shusha", "2020-10-04")]),
    ("Berbicara di Baku pada Minggu (4/10), Aliyev mengatakan pasukannya menembaki posisi Armenia di dekat Fuzuli.",
     [ev(SH, "Fuzuli", "2020-10-04", 0, AZ)]),
    ("Artileri Azerbaijan menghantam Martakert, wilayah Nagorno-Karabakh, pada Minggu (4/10).",
     [ev(SH, "Martakert", "2020-10-04")]),
    ("Azerbaijan menembaki permukiman di Nagorno-Karabakh, termasuk Stepanakert, pada Minggu (4/10).",
     [ev(SH, "Nagorno-Karabakh", "2020-10-04"), ev(SH, "Stepanakert", "2020-10-04")]),
    ("Tembakan artileri terjadi di beberapa daerah dan pusat kota Stepanakert di Nagorno-Karabakh pada Minggu "
     "(4/10).",
     [ev(SH, "Stepanakert", "2020-10-04"), ev(SH, "Nagorno-Karabakh", "2020-10-04")]),
    # nothing that happened
    ("Azerbaijan akan menyerang Stepanakert jika Armenia tidak mundur.", []),
    ("Jika pasukan Armenia menembaki Ganja lagi, Azerbaijan akan membalas.", []),
    ("Rusia menyerukan penghentian serangan di Stepanakert.", []),
    ("Menteri luar negeri kedua negara bertemu di Moskow pada Minggu (4/10) untuk membahas pertempuran di "
     "Nagorno-Karabakh.", []),
    ("Pada 1992, pasukan Armenia merebut kota Shusha setelah pertempuran sengit.", []),
    ("Sejak 27 September, 30 warga sipil tewas akibat serangan Armenia di Tartar.", []),
    ("Serangan tersebut menewaskan tiga orang di Stepanakert.", []),
    ("Turki menyuarakan dukungan untuk hak Azerbaijan untuk merebut kembali Karabakh.", []),
    ("Azerbaijan bersumpah untuk berperang sampai pasukan Armenia meninggalkan Karabakh.", []),
    ("Sebuah rudal jatuh di desa Qarayusifli pada Minggu (4/10).", [ev(SH, "Garayusifli", "2020-10-04")]),
    ("Pos militer Armenia di dekat desa Sotk ditembaki dengan senjata ringan pada Minggu (4/10).",
     [ev(BC, "Sotk", "2020-10-04")]),
    ("Stepanakert kembali dihujani tembakan artileri pada Minggu (4/10).", [ev(SH, "Stepanakert", "2020-10-04")]),
    # a truce told as the background of an attack on a town is not set at that town
    ("Sebelum gencatan senjata berlaku, Stepanakert kembali dihujani tembakan artileri pada Minggu (4/10).",
     [ev(SH, "Stepanakert", "2020-10-04")]),
    ("Pasukan Armenia resmi menyerahkan distrik Aghdam kepada Azerbaijan pada Minggu (4/10).",
     [ev(NVT, "Aghdam", "2020-10-04")]),
    ("Gencatan senjata kemanusiaan antara Armenia dan Azerbaijan di Nagorno-Karabakh mulai berlaku pada Minggu "
     "(4/10).", [ev(AGR, "Nagorno-Karabakh", "2020-10-04")]),
    ("Ledakan di depot bahan bakar dekat Stepanakert pada Minggu (4/10) menewaskan 20 orang.",
     [ev(("Strategic developments", "Other"), "Stepanakert", "2020-10-04", 20)]),
    ("Ribuan warga turun ke jalan di Baku pada Minggu (4/10) untuk merayakan kabar tersebut.", []),
    ("Kota tersebut dijuluki Hiroshima Kaukasus karena tingkat kehancurannya.", []),
    ("Pasukan Azerbaijan merangsek masuk ke Hadrut pada Minggu (4/10).", [ev(BC, "Hadrut", "2020-10-04")]),
    ("Listrik di Stepanakert lumpuh pada Minggu (4/10).", []),  # paralysed, not disabled by an attack
    # where people fled is no place of the event; a citation's date is no event date
    ("Pasukan Armenia menembaki desa-desa di garis depan pada Minggu (4/10), dan warga mengungsi ke Barda dan "
     "Yevlakh.", []),
    ("Dikutip dari Al Jazeera, Senin (5/10/2020), layanan darurat Karabakh menyebut Stepanakert kembali "
     "digempur pada Minggu (4/10).", [ev(SH, "Stepanakert", "2020-10-04")]),  # a place "digempur": bombarded
    ("Ganja terletak jauh dari garis depan pertempuran di Nagorno-Karabakh.", []),
    ("Pasukan Azerbaijan mengepung Shusha pada Minggu (4/10).", [ev(BC, "Shusha", "2020-10-04")]),
    ("Drone Azerbaijan melumpuhkan dua tank Armenia di dekat Hadrut pada Minggu (4/10).",
     [ev(AIR, "Hadrut", "2020-10-04")]),
    ("Pasukan Armenia menarik diri dari Hadrut pada Minggu (4/10).", [ev(NVT, "Hadrut", "2020-10-04")]),
    ("Azerbaijan mengatakan pasukan Armenia harus mundur dari Karabakh sebelum gencatan senjata.", []),
    ("Pasukan Azerbaijan merebut sejumlah desa di sekitar Jabrayil pada Minggu (4/10).",
     [ev(GRT, "Jabrayil", "2020-10-04")]),  # villages around a named town: near it
    ("Tentara Azerbaijan mengibarkan bendera nasional di kota Hadrut pada Minggu (4/10).",
     [ev(GRT, "Hadrut", "2020-10-04")]),
    ("Azerbaijan menyatakan telah menguasai kota Jebrail sejak 9 Oktober.", []),
    ("Armenia sebelumnya telah menyerahkan distrik Aghdam kepada Azerbaijan.", []),
    ("Perang selama 44 hari itu menewaskan lebih dari 6.500 orang di Nagorno-Karabakh.", []),
    # the explicit day nearest the event, and the ministry's city is no place of it
    ("Sehari sebelumnya, Sabtu (3/10), seorang tentara tewas ketika ranjau darat meledak di dekat kota Askeran, "
     "kata Kementerian Pertahanan di Baku.", [ev(IED, "Askeran", "2020-10-03", 1)]),
]


@pytest.mark.parametrize("sentence, expected", ID_CASES, ids=[c[0][:40] for c in ID_CASES])
def test_indonesian_sentences(sentence, expected, places):
    check(run(HEADER["id"] + sentence + "\n", places), expected)


# --------------------------------------------------------------------------- English sentences

EN_CASES = [
    # general vocabulary: combat operations, intense fighting, missile fire, a drone as the subject of "destroy"
    ("Combat operations continued near Fuzuli on Sunday, the ministry said.", [ev(BC, "Fuzuli", "2020-10-04")]),
    ("Intense fighting was reported around Hadrut on Sunday.", [ev(BC, "Hadrut", "2020-10-04")]),
    ("Armenian forces subjected the city of Tartar to missile fire on Sunday.", [ev(SH, "Tartar", "2020-10-04")]),
    ("The ministry said a drone destroyed an Armenian air-defence system near Lachin on Sunday.",
     [ev(AIR, "Lachin", "2020-10-04")]),
    # a road named by its towns is one place, its first town (precision 2), or the district it runs through
    ("A landmine exploded on the Lachin–Shusha road on Sunday.", [ev(IED, "Lachin", "2020-10-04")]),
    ("Armenian forces shelled the Tartar-Barda-Yevlakh highway on Sunday.", [ev(SH, "Tartar", "2020-10-04")]),
    ("Armenian artillery shelled villages in the Goranboy district on Sunday.",  # district at its centre
     [ev(SH, "Goranboy", "2020-10-04")]),
    ("Armenian forces shelled Ganja on Sunday, a day after Azerbaijani artillery hit Stepanakert.",
     [ev(SH, "Ganja", "2020-10-04"), ev(SH, "Stepanakert", "2020-10-03")]),
    ("Stepanakert was relatively calm on Sunday, although air-raid sirens sounded twice.", []),
    ("Armenian forces shelled the town of Tartar on Sunday, killing two civilians.",
     [ev(SH, "Tartar", "2020-10-04", 2, AM)]),
    ("Stepanakert was shelled overnight, the city's mayor said.", [ev(SH, "Stepanakert", "2020-10-05", 0, AZ)]),  # the night that ended on the report's day
    ("Ganja was hit by missiles fired by Armenian forces on Sunday.", [ev(SH, "Ganja", "2020-10-04", 0, AM)]),
    ("At least 16 people were killed in heavy fighting near Fuzuli on Sunday.", [ev(BC, "Fuzuli", "2020-10-04", 16)]),
    ("Dozens of soldiers were killed in clashes near Hadrut on Sunday.", [ev(BC, "Hadrut", "2020-10-04", 12)]),
    ("More than 50 soldiers died in fighting around Jabrayil on Sunday, Azerbaijan's defence ministry said.",
     [ev(BC, "Jabrayil", "2020-10-04", 50, None, "Ministry of Defence of Azerbaijan")]),
    ("An Armenian missile struck Barda on Sunday, killing 21 civilians and wounding 70.",
     [ev(SH, "Barda", "2020-10-04", 21, AM)]),
    ("Azerbaijani drones struck Stepanakert on Sunday, according to Armenia's defence ministry.",
     [ev(AIR, "Stepanakert", "2020-10-04", 0, AZ, "Ministry of Defence of Armenia")]),
    ("Four police officers and two civilians were killed when their car hit a landmine near Shusha on Sunday.",
     [ev(IED, "Shusha", "2020-10-04", 6, "")]),
    ("Azerbaijani forces captured the town of Jabrayil on Sunday, President Ilham Aliyev said.",
     [ev(GRT, "Jabrayil", "2020-10-04", 0, AZ, "Authorities of Azerbaijan")]),
    ("Armenia's defence ministry said its forces shot down two Azerbaijani drones over Nagorno-Karabakh on Sunday.",
     [ev(DWU, "Nagorno-Karabakh", "2020-10-04", 0, AM, "Ministry of Defence of Armenia")]),
    ("Armenia and Azerbaijan agreed to a humanitarian ceasefire in Nagorno-Karabakh on Sunday.",
     [ev(AGR, "Nagorno-Karabakh", "2020-10-04")]),
    ("Azerbaijan accused Armenian forces of violating the ceasefire near Aghdam on Sunday.",
     [ev(BC, "Aghdam", "2020-10-04", 0, AM, "Government of Azerbaijan")]),
    ("Thousands of protesters rallied in Yerevan on Sunday, demanding the government's resignation.",
     [ev(PRO, "Yerevan", "2020-10-04", 0, "Protesters (Armenia)")]),
    ("Two Armenian soldiers were killed by Azerbaijani sniper fire near Sotk on Sunday, the defence ministry said.",
     [ev(BC, "Sotk", "2020-10-04", 2, AZ)]),
    ("Azerbaijani forces downed an Armenian Su-25 warplane over Nagorno-Karabakh on Sunday.",
     [ev(DWU, "Nagorno-Karabakh", "2020-10-04", 0, AZ)]),
    ("A landmine explosion killed two Azerbaijani journalists near Kalbajar on Sunday.",
     [ev(IED, "Kalbajar", "2020-10-04", 2, "")]),
    ("Police detained dozens of protesters in Yerevan on Sunday.",
     [ev(("Protests", "Protest with intervention"), "Yerevan", "2020-10-04", 0, "Protesters (Armenia)")]),
    ("Ethnic Armenian forces said they had recaptured the village of Talish on Sunday, but Baku denied it.",
     [ev(("Battles", "Non-state actor overtakes territory"), "Talish", "2020-10-04", 0, NK)]),
    ("Dozens of people were wounded when rockets hit Ganja on Sunday, officials said.",
     [ev(SH, "Ganja", "2020-10-04", 0, AM)]),
    ("Azerbaijani positions near Tartar came under fire from the direction of Aghdam on Sunday.",
     [ev(SH, "Tartar", "2020-10-04", 0, AM)]),
    ("Speaking in Baku on Sunday, Aliyev said Azerbaijani forces had shelled Armenian positions near Fuzuli.",
     [ev(SH, "Fuzuli", "2020-10-04", 0, AZ)]),
    ("A rocket hit Shusha, about 10 km from Stepanakert, on Sunday.", [ev(SH, "Shusha", "2020-10-04")]),
    # nothing that happened
    ("Azerbaijan will launch an offensive on Stepanakert if the talks fail.", []),
    ("Russia called for an end to the shelling of Stepanakert.", []),
    ("The foreign ministers met in Geneva on Sunday to discuss the fighting in Nagorno-Karabakh.", []),
    ("In 1992, Armenian forces captured Shusha after heavy fighting.", []),
    ("More than 1,000 soldiers have been killed in the fighting in Nagorno-Karabakh so far.", []),
    ("Azerbaijan denied that its forces had shelled Stepanakert.", []),
    ("Azerbaijan's defence ministry said its forces had seized several strategic heights on Sunday.", []),
    ("The United States urged both sides to stop attacking civilian areas in Stepanakert and Ganja.", []),
    # weapons falling on places, projectiles slamming in, fire from artillery
    ("Rockets landed in Barda district on Sunday, the office said in a statement issued in Baku.",
     [ev(SH, "Barda", "2020-10-04")]),
    ("A missile slammed into a residential area of Ganja on Sunday.", [ev(SH, "Ganja", "2020-10-04")]),
    ("On Sunday the armed forces of Armenia subjected the Goranboy district to intensive fire from artillery.",
     [ev(SH, "Goranboy", "2020-10-04")]),
    ("The plane landed in Ganja on Sunday.", []),
    ("Stray rockets have landed in Iranian border villages several times since the war began.", []),
    # aircraft brought down: destroyed, hit, shot down
    ("On Sunday, air defence units destroyed an enemy unmanned aerial vehicle over the Gadabay district.",
     [ev(DWU, "Gadabay", "2020-10-04")]),
    ("The Mi-24 was hit by a missile near the village of Yeraskh on Sunday.", [ev(DWU, "Yeraskh", "2020-10-04")]),
    ("An Azerbaijani drone destroyed a tank near Hadrut on Sunday.", [ev(AIR, "Hadrut", "2020-10-04")]),
    ("Armenia's defence ministry said on Sunday it had shot down three drones over Martakert the previous day.",
     [ev(DWU, "Martakert", "2020-10-03")]),
    # small arms make a battle; an accidental blast is no attack
    ("Azerbaijani positions near Tartar came under sniper fire on Sunday.", [ev(BC, "Tartar", "2020-10-04")]),
    ("At least 20 people were killed when a fuel depot exploded near Stepanakert on Sunday.",
     [ev(("Strategic developments", "Other"), "Stepanakert", "2020-10-04", 20)]),
    # truces between parties, handovers, withdrawals
    ("A ceasefire between Azerbaijan and the ethnic Armenian forces of Nagorno-Karabakh took effect on Sunday.",
     [ev(AGR, "Nagorno-Karabakh", "2020-10-04")]),
    ("Armenian forces handed over the Aghdam district to Azerbaijan on Sunday.", [ev(NVT, "Aghdam", "2020-10-04")]),
    # protests, riots, celebrations, restatements
    ("Thousands of protesters broke into the government building in Yerevan on Sunday, hours after Pashinyan "
     "signed a deal to end the war in Nagorno-Karabakh.", [ev(RIOT, "Yerevan", "2020-10-04"),
                                                         ev(AGR, "Nagorno-Karabakh", "2020-10-04")]),
    ("Thousands of people took to the streets of Yerevan on Sunday.", [ev(PRO, "Yerevan", "2020-10-04")]),
    ("Crowds took to the streets of Baku on Sunday to celebrate the capture of Shusha.", []),
    # places that are no event locations: the whole region, a river
    ("On Sunday, the worst fighting in the South Caucasus raged along the Aras river.", []),
    # mines and unexploded ordnance, flags, troops entering, arrests at protests
    ("Two journalists were killed on Sunday when their vehicle drove over an anti-tank mine in the Kalbajar "
     "district.", [ev(IED, "Kalbajar", "2020-10-04", 2)]),
    ("On Sunday, a farmer near Tartar was killed when an unexploded shell went off.", [ev(IED, "Tartar", "2020-10-04", 1)]),
    ("Azerbaijani troops raised the Azerbaijani flag over Talish on Sunday.", [ev(GRT, "Talish", "2020-10-04")]),
    ("Azerbaijani troops entered the Kalbajar district at dawn on Sunday after Armenian forces withdrew.",
     [ev(NVT, "Kalbajar", "2020-10-04")]),
    ("Police in Yerevan detained at least 40 people on Sunday as opposition supporters tried to block the "
     "government building.", [ev(("Protests", "Protest with intervention"), "Yerevan", "2020-10-04")]),
    # told before, not happening: a previous handover, a hold since a date
    ("Armenia had previously handed over the Aghdam district.", []),
    # an attack's effect is no second event; where people fled to is no place of it
    ("Azerbaijani howitzers bombarded the village of Geghamasar on Sunday, destroying a house and forcing families "
     "to flee toward Vardenis.", [ev(SH, "Geghamasar", "2020-10-04")]),
    # no place named but the border, in a report on a border war: the border area, not Nagorno-Karabakh
    ("Azerbaijani troops fired mortars at the Armenian village of Chinari on Sunday. Armenian and Azerbaijani "
     "forces also traded heavy fire on Sunday along their border, far from Nagorno-Karabakh.",
     [ev(SH, "Chinari", "2020-10-04"), ev(BC, "Armenia–Azerbaijan border", "2020-10-04")]),
    ("Azerbaijani artillery hammered Stepanakert on Sunday.", [ev(SH, "Stepanakert", "2020-10-04")]),
    ("Azerbaijani troops pushed into Hadrut on Sunday.", [ev(BC, "Hadrut", "2020-10-04")]),
    ("Azerbaijani drones took out two Armenian tanks near Hadrut on Sunday.", [ev(AIR, "Hadrut", "2020-10-04")]),
    ("Armenian forces retreated from Hadrut on Sunday.", [ev(NVT, "Hadrut", "2020-10-04")]),
    ("Clashes were reported in Hadrut on Sunday.", [ev(BC, "Hadrut", "2020-10-04")]),
    ("Two civilians were shot dead in Martuni on Sunday.",
     [ev(("Violence against civilians", "Attack"), "Martuni", "2020-10-04", 2)]),
    ("Baku said Armenian forces must withdraw from Hadrut.", []),
    # protesters go on where they were: breaking in is a riot there; police detaining them, an intervention
    ("Thousands of people rallied in Baku on Sunday to demand a war. Some demonstrators broke into the parliament "
     "building, smashing furniture.", [ev(PRO, "Baku", "2020-10-04"), ev(RIOT, "Baku", "2020-10-04")]),
    ("Thousands of people rallied in Yerevan on Sunday. Police detained dozens of demonstrators. The protesters "
     "left before dawn.", [ev(("Protests", "Protest with intervention"), "Yerevan", "2020-10-04")]),
    # a defence ministry's wording: villages the gazetteer does not know go to their district; a foiled attack
    ("On Sunday, units of the Azerbaijan Army liberated the villages of Gumlag, Hajili and Shahvalli of the "
     "Jabrayil district from occupation.", [ev(GRT, "Jabrayil", "2020-10-04")]),
    ("On Sunday, the enemy's attempt to attack in the direction of Fuzuli was prevented.", [ev(BC, "Fuzuli", "2020-10-04")]),
    # memories run on to the end of the sentence; a handover put off did not happen; calls on someone
    ("Goris was spared, though residents recall the sound of artillery on Sunday, when fighting reached Gubadli.", []),
    ("The handover of Kalbajar, originally scheduled for Sunday, was postponed by ten days.", []),
    ("The presidents called on Sunday for an immediate cessation of hostilities in Nagorno-Karabakh.", []),
    ("Fierce fighting was reported on Sunday near Gubadli, a town that lies on the road between Zangilan and "
     "Lachin.", [ev(BC, "Gubadli", "2020-10-04")]),
    # "1 p.m." ends no sentence; an apposition between a truce and its verb
    ("A ceasefire between Azerbaijan and Armenia took effect at 1 p.m. on Sunday in Nagorno-Karabakh.",
     [ev(AGR, "Nagorno-Karabakh", "2020-10-04")]),
    ("On Sunday the Armenian armed forces subjected the village of Shikharkh to fire from large-calibre weapons.",
     [ev(SH, "Shikharkh", "2020-10-04")]),
    ("The wounded residents of Shikharkh were taken to the Tartar hospital on Sunday.", []),
    # rhetoric in a quote names no place; what one cannot do is not done
    ("Stepanakert, the main city of Nagorno-Karabakh, was shelled on Sunday. \"The enemy keeps attacking our "
     "peaceful towns,\" a spokesman said on Sunday.", [ev(SH, "Stepanakert", "2020-10-04")]),
    ("Stepanakert, the main city of Nagorno-Karabakh, was shelled on Sunday. The Karabakh leader said on Sunday "
     "that his forces cannot fight alone against an entire army.", [ev(SH, "Stepanakert", "2020-10-04")]),
    # places that only say where the event's place lies
    ("On Sunday Azerbaijani forces shelled Hadrut, which is to the south of Stepanakert.",
     [ev(SH, "Hadrut", "2020-10-04")]),
    ("On Sunday rockets hit Jermuk, a spa town 30 km from Vardenis.", [ev(SH, "Jermuk", "2020-10-04")]),
    # towns in a pipeline's name
    ("On Sunday, analysts noted that the Baku-Tbilisi-Ceyhan oil pipeline passes some 30 km from the fighting.", []),
    # a place said not to be the event's; a meeting about the fighting
    ("On Sunday, fighting took place not in Nagorno-Karabakh but near Jermuk.", [ev(BC, "Jermuk", "2020-10-04")]),
    ("The UN Security Council held consultations on the fighting in Nagorno-Karabakh on Sunday.", []),
    # "near the border with" a whole region is no place of the event
    ("Russia said on Sunday that one of its helicopters had been shot down over Armenia, near the border with "
     "Azerbaijan's Nakhchivan exclave.", []),
    # two places after "the previous day": both on the day before the statement
    ("Armenia said on Sunday that the previous day Azerbaijani artillery shelled Martakert and Askeran.",
     [ev(SH, "Martakert", "2020-10-03"), ev(SH, "Askeran", "2020-10-03")]),
]


@pytest.mark.parametrize("sentence, expected", EN_CASES, ids=[c[0][:40] for c in EN_CASES])
def test_english_sentences(sentence, expected, places):
    check(run(HEADER["en"] + sentence + "\n", places), expected)


# --------------------------------------------------------------------------- dates, datelines, paragraphs


def test_dateline_city_is_not_an_event_place(places):
    events = run("Laporan\n\nSenin, 5 Oktober 2020 10:00 WIB\n\nBaku (ANTARA) - Pasukan Armenia menembaki kota "
                 "Tartar pada Minggu (4/10).\n", places)
    assert [e.location for e in events] == ["Tartar"]
    events = run("Report\n\nOctober 5, 2020\n\nYEREVAN, Armenia (Reuters) - Azerbaijani drones struck Stepanakert "
                 "on Sunday, the ministry said.\n", places)
    assert [e.location for e in events] == ["Stepanakert"]


def test_undated_event_takes_about_the_report_day(places):
    events = run(HEADER["id"] + "Pasukan Armenia menembaki kota Tartar.\n", places)
    assert [(e.event_date, e.time_precision) for e in events] == [("2020-10-05", WEEK)]


@pytest.mark.parametrize("header, expected", [
    ("Laporan\n\nSenin 02 Nov 2020 11:20 WIB\n\n", "2020-11-02"),  # the night that ended on Monday
    ("Laporan\n\nSenin 02 Nov 2020 01:50 WIB\n\n", "2020-11-01"),  # written in the small hours: Sunday's news
    ("Laporan\n\nSenin 02 Nov 2020\n\n", "2020-11-02"),  # no time stated
])
def test_semalam_is_the_night_before_the_statement(places, header, expected):
    events = run(header + "Kota Martuni ditembaki roket semalam, kata pejabat setempat.\n", places)
    assert [(e.location, e.event_date) for e in events] == [("Martuni", expected)]


@pytest.mark.parametrize("body, expected", [
    # a later paragraph with no date: about the day of the event told before it
    ("Pasukan Armenia menembaki kota Tartar pada Sabtu (3/10).\n\nPertempuran sengit berkecamuk di dekat Fuzuli.\n",
     {("Tartar", "2020-10-03", DAY), ("Fuzuli", "2020-10-03", WEEK)}),
    # "pada hari yang sama" in the next paragraph: that same day
    ("Pasukan Armenia menembaki kota Tartar pada Sabtu (3/10).\n\nKota Barda juga dihantam roket pada hari yang sama.\n",
     {("Tartar", "2020-10-03", DAY), ("Barda", "2020-10-03", DAY)}),
    # a month long past, told as background: not an event
    ("Ketegangan meningkat pada Juli lalu ketika bentrokan terjadi di perbatasan Tovuz.\n", set()),
])
def test_dates_carried_from_the_event_told_before(places, body, expected):
    events = run(HEADER["id"] + body, places)
    assert {(e.location, e.event_date, e.time_precision) for e in events} == expected


@pytest.mark.parametrize("lead, expected", [
    # past the lead, an event six days before publication is a recap; an agreement is coded as agreed
    ("Pasukan Armenia menembaki kota Tartar pada Minggu (4/10).",
     {("Tartar", "2020-10-04")}),
    # a weekly round-up tells a week of news
    ("Berikut rangkuman pertempuran selama sepekan terakhir. Pasukan Armenia menembaki kota Tartar pada Minggu "
     "(4/10).",
     {("Tartar", "2020-10-04"), ("Fuzuli", "2020-09-29")}),
])
def test_events_told_days_before_publication_are_recaps(places, lead, expected):
    events = run(HEADER["id"] + lead + "\n\nPada Selasa (29/9), pertempuran sengit terjadi di dekat Fuzuli.\n", places)
    assert {(e.location, e.event_date) for e in events} == expected


def test_today_in_a_quote_is_the_speakers_day(places):
    body = ("Presiden Aliyev dalam pidato pada Minggu (4/10) mengumumkan pasukannya membebaskan kota Jabrayil.\n\n"
            "\"Hari ini tentara kami mengibarkan bendera Azerbaijan di Hadrut,\" kata Aliyev.\n")
    events = run(HEADER["id"] + body, places)
    assert {(e.location, e.event_date) for e in events} == {("Jabrayil", "2020-10-04"), ("Hadrut", "2020-10-04")}


def test_undated_sentence_takes_its_paragraph_date(places):
    events = run(HEADER["id"] + "Pertempuran sengit terjadi di dekat Fuzuli pada Minggu (4/10). Artileri Armenia "
                 "juga menembaki kota Tartar.\n", places)
    assert {(e.location, e.event_date, e.time_precision) for e in events} == {
        ("Fuzuli", "2020-10-04", DAY), ("Tartar", "2020-10-04", DAY)}


def test_overnight_is_the_night_before_the_statement(places):
    events = run("Laporan\n\nSenin, 5 Oktober 2020 10:00 WIB\n\nJakarta - Azerbaijan mengatakan pada hari Minggu "
                 "bahwa artileri Armenia telah menembaki kota Tartar semalam.\n", places)
    assert [(e.location, e.event_date) for e in events] == [("Tartar", "2020-10-04")]


def test_near_a_town_is_a_separate_place_with_precision_2(places):
    events = run(HEADER["id"] + "Kota Ganja dibom pada Minggu (4/10). Desa-desa di dekat Ganja juga ditembaki "
                 "pada hari yang sama.\n", places)
    assert sorted((e.location, e.geo_precision) for e in events) == [("Ganja", 1), ("Ganja", 2)]


def test_casualties_in_the_next_sentence_and_evacuations_in_notes(places):
    events = run(HEADER["en"] + "Azerbaijani forces shelled Stepanakert on Sunday. Two civilians were killed and "
                 "11 wounded, the city's mayor said.\n\nArmenian forces shelled Tartar on Sunday, forcing 300 "
                 "residents to flee.\n", places)
    by_place = {e.location: e for e in events}
    assert (by_place["Stepanakert"].fatalities, by_place["Stepanakert"].injured) == (2, 11)
    assert "evacuated: 300" in by_place["Tartar"].notes and by_place["Tartar"].fatalities == 0


def test_denial_is_kept_as_a_note(places):
    events = run(HEADER["id"] + "Azerbaijan mengatakan pasukan Armenia menembaki kota Ganja pada Minggu (4/10). "
                 "Armenia membantah tuduhan tersebut.\n", places)
    assert len(events) == 1 and "denied by Government of Armenia" in events[0].notes
    assert events[0].claimed_by == "Government of Azerbaijan"


def test_no_publication_date_means_no_invented_dates(places):
    assert run("Laporan tanpa tanggal\n\nArtileri Azerbaijan menembaki kota Stepanakert, kata Armenia.\n",
               places) == ()


def test_events_need_places_in_the_focus_region():
    article = Article("a1", "x.txt", "t", "Pasukan menembaki kota itu kemarin.",
                      (Segment("Pasukan menembaki kota itu kemarin.", 0),), "id",
                      published=dt.datetime(2020, 10, 5))
    assert extract_events(article, [], (40.0, 37.0, 51.0, 44.0)) == []


# --------------------------------------------------------------------------- whole reports

REPORT_CASES = {
    "en/en01_ganja_missile.txt": [
        ev(SH, "Ganja", "2020-10-11", 9, AM, "Authorities of Azerbaijan"),
        ev(SH, "Stepanakert", "2020-10-11", 0, AZ, "Ministry of Defence of Armenia")],
    "en/en02_hadrut_captured.txt": [
        ev(GRT, "Hadrut", "2020-10-09", 0, AZ, "Authorities of Azerbaijan"),
        ev(GRT, "Jabrayil", "2020-10-09", 0, AZ),  # a district at its centre town, precision 2
        ev(BC, "Hadrut", "2020-10-09", 0, None, "Ministry of Defence of Armenia"),
        ev(AIR, "Stepanakert", "2020-10-09", 0, AZ, "Authorities of Nagorno-Karabakh")],
    "en/en03_war_erupts.txt": [
        ev(BC, "Nagorno-Karabakh", "2020-09-27"),
        ev(SH, "Nagorno-Karabakh", "2020-09-27", 0, AZ, "Ministry of Defence of Armenia"),
        ev(SH, "Stepanakert", "2020-09-27", 0, AZ, "Ministry of Defence of Armenia"),
        ev(SH, "Tartar", "2020-09-27", 5, AM, "Ministry of Defence of Azerbaijan")],
    "en/en04_ganja_fuzuli.txt": [
        ev(SH, "Ganja", "2020-10-17", 13, None, "Authorities of Azerbaijan"),
        ev(SH, "Hadrut", "2020-10-17", 0, AZ, "Ministry of Defence of Nagorno-Karabakh"),
        ev(SH, "Fuzuli", "2020-10-17"),  # "overnight" in the report of 17 Oct
        ev(GRT, "Fuzuli", "2020-10-17", 0, AZ, "Authorities of Azerbaijan"),
        ev(SH, "Mingachevir", "2020-10-17", 0, AM)],
    "en/en05_barda.txt": [
        ev(SH, "Barda", "2020-10-28", 21, AM, "Authorities of Azerbaijan"),
        ev(SH, "Stepanakert", "2020-10-28", 0, AZ, "Ministry of Defence of Armenia"),
        ev(SH, "Shusha", "2020-10-28", 0, AZ, "Ministry of Defence of Armenia"),
        ev(BC, "Tartar", "2020-10-28", 0, AM, "Ministry of Defence of Azerbaijan")],  # overnight: the report's day
    "en/en06_helicopter.txt": [
        ev(DWU, "Yeraskh", "2020-11-09", 2, None, "Ministry of Defence of Russia"),
        ev(GRT, "Zangilan", "2020-11-09", 0, AZ, "Authorities of Azerbaijan"),
        ev(GRT, "Jabrayil", "2020-11-09", 0, AZ, "Authorities of Azerbaijan")],
    "en/en07_armistice.txt": [
        ev(AGR, "Nagorno-Karabakh", "2020-11-10"),
        ev(GRT, "Shusha", "2020-11-10", 0, AZ, "Government of Azerbaijan"),
        ev(RIOT, "Yerevan", "2020-11-10", 0, "Protesters (Armenia)")],
    "en/en08_armenia_border.txt": [
        ev(SH, "Jermuk", "2022-09-13", 49, AZ), ev(SH, "Goris", "2022-09-13", 0, AZ),
        ev(SH, "Vardenis", "2022-09-13", 0, AZ), ev(SH, "Dashkasan", "2022-09-13"),
        ev(SH, "Kalbajar", "2022-09-13"), ev(SH, "Lachin", "2022-09-13")],
    "en/en09_offensive_2023.txt": [
        ev(BC, "Nagorno-Karabakh", "2023-09-19", 0, AZ),
        ev(SH, "Stepanakert", "2023-09-19", 0, AZ),
        ev(IED, "Shusha", "2023-09-19", 6, "", "Authorities of Azerbaijan")],
    "en/en10_lachin_protest.txt": [
        ev(PRO, "Lachin corridor", "2022-12-13", 0, "Protesters (Azerbaijan)"),
        ev(PRO, "Shusha", "2022-12-12", 0, "Protesters (Azerbaijan)"),
        ev(BC, "Sotk", "2022-12-12", 0, AZ, "Ministry of Defence of Armenia")],
    "en/en11_geneva_talks.txt": [],
    "en/en12_stepanakert_shelled.txt": [
        ev(SH, "Stepanakert", "2020-10-04", 0, AZ),
        ev(SH, "Ganja", "2020-10-04", 1, AM, "Ministry of Defence of Azerbaijan"),
        ev(SH, "Mingachevir", "2020-10-04", 0, AM),
        ev(GRT, "Madagiz", "2020-10-04", 0, AZ, "Authorities of Azerbaijan")],
    "en/en13_kapan_drone.txt": [
        ev(AIR, "Kapan", "2020-10-22", 3, AZ, "Ministry of Defence of Armenia"),
        ev(SH, "Martuni", "2020-10-22", 0, AZ, "Authorities of Nagorno-Karabakh"),
        ev(SH, "Tartar", "2020-10-22", 1, AM, "Government of Azerbaijan"),
        ev(SH, "Aghjabadi", "2020-10-22", 0, AM, "Government of Azerbaijan")],
    "en/en14_lachin_repelled.txt": [
        ev(BC, "Lachin corridor", "2020-10-28", 0, AM, "Authorities of Nagorno-Karabakh"),
        ev(BC, "Shusha", "2020-10-28", 12),
        ev(GRT, "Zangilan", "2020-10-28", 0, AZ, "Authorities of Azerbaijan"),
        ev(GRT, "Fuzuli", "2020-10-28", 0, AZ), ev(GRT, "Gubadli", "2020-10-28", 0, AZ)],
    "id/id01_antara_ganja.txt": [
        ev(SH, "Ganja", "2020-10-04", 1, AM), ev(SH, "Mingachevir", "2020-10-04", 0, AM),
        ev(SH, "Stepanakert", "2020-10-04", 0, AZ, "Ministry of Defence of Armenia")],
    "id/id02_kompas_gencatan.txt": [
        ev(AGR, "Nagorno-Karabakh", "2020-10-10"),
        ev(SH, "Tartar", "2020-10-10", 0, AM, "Government of Azerbaijan"),
        ev(SH, "Aghdam", "2020-10-10", 0, AM, "Government of Azerbaijan"),
        ev(BC, "Hadrut", "2020-10-10", 0, AZ, "Ministry of Defence of Armenia")],
    "id/id03_detik_shusha.txt": [
        ev(SH, "Shusha", "2020-10-08", 0, AZ),
        ev(SH, "Tartar", "2020-10-08", 0, AM, "Ministry of Defence of Azerbaijan"),
        ev(SH, "Barda", "2020-10-08", 1, AM, "Ministry of Defence of Azerbaijan")],
    "id/id04_cnn_gencatan_2023.txt": [
        ev(AGR, "Nagorno-Karabakh", "2023-09-20"),
        ev(BC, "Nagorno-Karabakh", "2023-09-19", 32, AZ, "Authorities of Nagorno-Karabakh"),
        ev(SH, "Martakert", "2023-09-20", 3, None, "Ministry of Defence of Russia"),
        ev(SH, "Stepanakert", "2023-09-20")],
    "id/id05_tempo_shusha.txt": [
        ev(GRT, "Shusha", "2020-11-08", 0, AZ, "Authorities of Azerbaijan"),
        ev(BC, "Shusha", "2020-11-08"),
        ev(SH, "Stepanakert", "2020-11-08", 0, AZ, "Ministry of Defence of Armenia")],
    "id/id06_antara_baku_tembak.txt": [
        ev(BC, "Line of contact", "2020-09-27", 23),
        ev(SH, "Gapanli", "2020-09-27", 5, AM, "Government of Azerbaijan")],
    "id/id07_kompas_perbatasan.txt": [
        ev(SH, "Jermuk", "2022-09-14", 0, AZ, "Ministry of Defence of Armenia"),
        ev(SH, "Goris", "2022-09-14", 0, AZ), ev(SH, "Kapan", "2022-09-14", 0, AZ),
        ev(AGR, "Armenia–Azerbaijan border", "2022-09-13")],  # a truce in a border war covers the border
    "id/id08_detik_operasi.txt": [
        ev(BC, "Nagorno-Karabakh", "2023-09-19", 0, AZ),
        ev(SH, "Stepanakert", "2023-09-19", 0, None, "Media reports"),
        ev(IED, "Shusha", "2023-09-19", 6, "", "Authorities of Azerbaijan")],
    "id/id09_cnn_gencatan_dilanggar.txt": [
        ev(SH, "Tartar", "2020-10-27", 0, AM, "Ministry of Defence of Azerbaijan"),
        ev(SH, "Aghdam", "2020-10-27", 0, AM),
        ev(SH, "Martakert", "2020-10-27", 0, AZ, "Authorities of Nagorno-Karabakh"),
        ev(BC, "Fuzuli", "2020-10-26", 0, NK, "Authorities of Armenia"),
        ev(BC, "Jabrayil", "2020-10-26", 0, NK, "Authorities of Armenia")],
    "id/id10_tempo_aghdam.txt": [ev(NVT, "Aghdam", "2020-11-20")],
    "id/id11_antara_yevlakh.txt": [
        ev(BC, "Stepanakert", "2023-09-21", 0, AZ, "Authorities of Nagorno-Karabakh")],
    "id/id13_cnn_barda.txt": [
        ev(SH, "Barda", "2020-10-28", 21, AM, "Authorities of Azerbaijan"),
        ev(SH, "Stepanakert", "2020-10-28", 1, AZ, "Authorities of Nagorno-Karabakh"),
        ev(SH, "Shusha", "2020-10-28", 0, AZ)],
    "id/id14_tempo_jabrayil.txt": [
        ev(GRT, "Jabrayil", "2020-10-09", 0, AZ, "Authorities of Azerbaijan"),
        ev(BC, "Nagorno-Karabakh", "2020-10-09", 0, None, "Ministry of Defence of Armenia"),
        ev(DWU, "Hadrut", "2020-10-09", 0, AM, "Ministry of Defence of Armenia"),
        ev(SH, "Stepanakert", "2020-10-08", 0, AZ)],
    "id/id12_kompas_talish.txt": [
        ev(GRT, "Talish", "2020-10-03", 0, AZ, "Government of Azerbaijan"),
        ev(GRT, "Madagiz", "2020-10-03", 0, AZ, "Government of Azerbaijan"),
        ev(BC, "Talish", "2020-10-03", 0, None, "Ministry of Defence of Armenia"),
        ev(SH, "Tartar", "2020-10-03", 0, AM)],
}


@pytest.mark.parametrize("name", sorted(REPORT_CASES))
def test_reports(name, places):
    path = REPORTS / name
    events = run(path.read_text("utf-8"), places, str(path))
    check(events, REPORT_CASES[name])
    language = name.split("/")[0]
    assert all(e.language == language for e in events)


def test_every_report_in_the_corpus_has_a_case():
    files = {f"{p.parent.name}/{p.name}" for p in REPORTS.glob("*/*.txt")}
    assert files == set(REPORT_CASES)
    assert sum(1 for f in files if f.startswith("en/")) >= 10 and sum(1 for f in files if f.startswith("id/")) >= 10


def test_districts_near_places_and_denials_in_reports(places):
    events = run((REPORTS / "en/en14_lachin_repelled.txt").read_text("utf-8"), places)
    by_place = {(e.location, e.event_type): e for e in events}
    assert by_place[("Shusha", "Battles")].geo_precision == 2  # "within a few kilometers of Shusha"
    assert {by_place[(p, "Battles")].geo_precision for p in ("Zangilan", "Fuzuli", "Gubadli")} == {2}  # districts
    barda = run((REPORTS / "id/id13_cnn_barda.txt").read_text("utf-8"), places)[0]
    assert (barda.injured, "denied by Ministry of Defence of Armenia" in barda.notes) == (70, True)


def test_near_places_and_precision_in_reports(places):
    events = run((REPORTS / "en/en09_offensive_2023.txt").read_text("utf-8"), places)
    mine = next(e for e in events if e.sub_event_type == IED[1])
    assert (mine.geo_precision, mine.actor2) == (2, "Police Forces of Azerbaijan")


def test_district_is_set_at_its_centre_town_with_precision_2(places):
    events = run(HEADER["id"] + "Artileri Armenia menembaki desa-desa di distrik Goranboy pada Minggu (4/10).\n", places)
    assert [(e.location, e.geo_precision) for e in events] == [("Goranboy", 2)]


def test_agreement_is_set_at_the_conflict_area_when_the_report_never_names_it(places):
    events = run(HEADER["en"] + "Azerbaijani forces shelled Martakert on Sunday.\n\nA second humanitarian ceasefire, "
                 "brokered by France and agreed on October 3, lasted only minutes.\n", places)
    got = sorted((e.sub_event_type, e.location, e.event_date, e.geo_precision) for e in events)
    assert ("Agreement", "Nagorno-Karabakh", "2020-10-03", 3) in got
