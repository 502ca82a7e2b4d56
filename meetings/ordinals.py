"""A meeting's number in words: "7th meeting", "Sedmi sastanak".

Bosnian ordinals agree with the noun's gender (sastanak, seminar: masculine; radionica,
studijska posjeta: feminine), so the nouns live here with their gender rather than in the
catalogue; above twenty the number is written as a numeral ("21. sastanak").
"""

from __future__ import annotations

from django.utils.translation import get_language

BS_MASCULINE = [
    "prvi",
    "drugi",
    "treći",
    "četvrti",
    "peti",
    "šesti",
    "sedmi",
    "osmi",
    "deveti",
    "deseti",
    "jedanaesti",
    "dvanaesti",
    "trinaesti",
    "četrnaesti",
    "petnaesti",
    "šesnaesti",
    "sedamnaesti",
    "osamnaesti",
    "devetnaesti",
    "dvadeseti",
]

# kind -> (English noun, Bosnian noun, Bosnian noun is feminine)
NOUNS = {
    "meeting": ("meeting", "sastanak", False),
    "workshop": ("workshop", "radionica", True),
    "training": ("training seminar", "seminar za obuku", False),
    "study_visit": ("study visit", "studijska posjeta", True),
}


def ordinal_en(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def ordinal_bs(number: int, *, feminine: bool = False) -> str:
    """The Bosnian ordinal in words for 1–20, otherwise the numeral with a full stop."""
    if 1 <= number <= len(BS_MASCULINE):
        word = BS_MASCULINE[number - 1]
        return word[:-1] + "a" if feminine else word
    return f"{number}."


def meeting_ordinal(number: int, kind: str = "meeting", language: str | None = None) -> str:
    """ "7th meeting" in English, "Sedmi sastanak" in Bosnian."""
    language = (language or get_language() or "en")[:2]
    english, bosnian, feminine = NOUNS.get(kind, NOUNS["meeting"])
    if language == "bs":
        text = f"{ordinal_bs(number, feminine=feminine)} {bosnian}"
        return text[0].upper() + text[1:]
    return f"{ordinal_en(number)} {english}"
