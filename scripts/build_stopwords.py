"""Rebuild gazetteer/data/dictionary_words.json (ordinary words that are not place names to scan for).

The world data holds about 480,000 names, and many are ordinary Indonesian or
English words somewhere ("Baca", "Benteng", "Damai", "Pasar", "Split").  A name
that only world or imported places carry is not scanned for when it is one of
these words (see gazetteer/index.py).  stopwords.json holds the short lists
(stopwords-iso's Indonesian and English lists, MIT licence, and words of news
reports added by hand); dictionary_words.json, written by this script, holds
every lower-case word of four letters or more in Debian's ``hunspell-id``
(Indonesian stems; LGPL-3) and ``wamerican`` word lists.  Country names are
exempt from the dictionary list (Guinea, Chad, Turkey stay).

Usage (needs `apt-get install hunspell-id wamerican`):
    python scripts/build_stopwords.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "gazetteer" / "data" / "dictionary_words.json"
HUNSPELL_ID = Path("/usr/share/hunspell/id_ID.dic")
WAMERICAN = Path("/usr/share/dict/american-english")
WORD = re.compile(r"[a-z]{4,}")


def dictionary_words() -> list[str]:
    words = set()
    for line in HUNSPELL_ID.read_text("utf-8").splitlines()[1:]:
        stem = line.split("/")[0].strip()
        if WORD.fullmatch(stem):
            words.add(stem)
    for line in WAMERICAN.read_text("utf-8").splitlines():
        if WORD.fullmatch(line.strip()):
            words.add(line.strip())
    return sorted(words)


def main() -> int:
    for source in (HUNSPELL_ID, WAMERICAN):
        if not source.is_file():
            print(f"missing {source}: apt-get install hunspell-id wamerican", file=sys.stderr)
            return 1
    words = dictionary_words()
    data = {
        "_about": "Lower-case words of 4+ letters from Debian's hunspell-id (Indonesian, LGPL-3) and wamerican (English) "
                  "word lists, made by scripts/build_stopwords.py. A name that only world or imported places carry is "
                  "not scanned for when it is one of these words, unless it names a country.",
        "words": words,
    }
    TARGET.write_text(json.dumps(data, ensure_ascii=False) + "\n", "utf-8")
    print(f"{TARGET}: {len(words)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
