"""Candidate roots of a word, so one lexicon root matches its derived forms.

Indonesian: affixes are stripped with the nasal assimilation of meN-/peN- undone
(menembaki -> tembak, pengeboman -> bom, menguasai -> kuasa).  English: plural,
past and progressive endings (shelled -> shell, captured -> capture).  The
functions only propose candidates; the lexicon decides which are roots.
"""

from __future__ import annotations

from functools import lru_cache

_ID_SUFFIXES = ("nya", "lah", "kah", "kan", "an", "i")
_ID_PREFIXES = ("diper", "memper", "ber", "be", "ter", "per", "di", "ke", "se")
# meN-/peN- forms and the initial consonant the nasal replaced.
_ID_NASAL = (
    ("menge", ""), ("penge", ""),
    ("meny", "s"), ("peny", "s"),
    ("meng", "k"), ("peng", "k"), ("meng", ""), ("peng", ""),
    ("mem", "p"), ("pem", "p"), ("mem", ""), ("pem", ""),
    ("men", "t"), ("pen", "t"), ("men", ""), ("pen", ""),
    ("me", ""), ("pe", ""),
)
_VOWELS = frozenset("aeiou")


def _id_suffix_stripped(word: str) -> set[str]:
    forms = {word}
    for _ in range(2):  # e.g. -kan + -nya
        for form in list(forms):
            for suffix in _ID_SUFFIXES:
                if form.endswith(suffix) and len(form) - len(suffix) >= 3:
                    forms.add(form[: -len(suffix)])
    return forms


def _id_prefix_stripped(word: str) -> set[str]:
    forms = {word}
    for prefix in _ID_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            forms.add(word[len(prefix):])
    for prefix, restored in _ID_NASAL:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            rest = word[len(prefix):]
            if restored and rest[:1] not in _VOWELS:
                continue
            forms.add(restored + rest)
    return forms


def _en_forms(word: str) -> set[str]:
    forms = {word}
    for suffix in ("ing", "ed", "es", "s", "er", "ers"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            forms |= {stem, stem + "e"}
            if len(stem) > 3 and stem[-1] == stem[-2]:
                forms.add(stem[:-1])  # shelled -> shell is kept; hitting -> hit
            if stem.endswith("i"):
                forms.add(stem[:-1] + "y")
    return forms


@lru_cache(maxsize=65536)
def candidate_roots(word: str, language: str) -> frozenset[str]:
    word = word.lower()
    if language == "en":
        return frozenset(_en_forms(word))
    forms: set[str] = set()
    for unsuffixed in _id_suffix_stripped(word):
        for stripped in _id_prefix_stripped(unsuffixed):
            forms.add(stripped)
            forms |= _id_prefix_stripped(stripped)  # stacked prefixes: diper-, memper-
    return frozenset(forms)
