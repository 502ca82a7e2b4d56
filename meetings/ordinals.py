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


# kind -> (Bosnian noun in the genitive, feminine)
NOUNS_BS_GENITIVE = {
    "meeting": ("sastanka", False),
    "workshop": ("radionice", True),
    "training": ("seminara za obuku", False),
    "study_visit": ("studijske posjete", True),
}


def ordinal_bs_genitive(number: int, *, feminine: bool = False) -> str:
    """ "sedmog" (masculine), "sedme" (feminine) for 1–20; otherwise "21."."""
    if 1 <= number <= len(BS_MASCULINE):
        stem = BS_MASCULINE[number - 1][:-1]
        return stem + ("e" if feminine else "og")
    return f"{number}."


def meeting_ordinal_genitive(
    number: int, kind: str = "meeting", language: str | None = None
) -> str:
    """What follows "of the" / "sa": "7th meeting" in English, "sedmog sastanka" in Bosnian."""
    language = (language or get_language() or "en")[:2]
    if language == "bs":
        noun, feminine = NOUNS_BS_GENITIVE.get(kind, NOUNS_BS_GENITIVE["meeting"])
        return f"{ordinal_bs_genitive(number, feminine=feminine)} {noun}"
    return meeting_ordinal(number, kind, language)
