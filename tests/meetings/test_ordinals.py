import pytest
from django.utils import translation

from meetings.ordinals import meeting_ordinal, ordinal_bs, ordinal_en


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (7, "7th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (101, "101st"),
        (111, "111th"),
    ],
)
def test_english_ordinals(number, expected):
    assert ordinal_en(number) == expected


def test_bosnian_ordinals_in_words_up_to_twenty_then_numerals():
    assert ordinal_bs(1) == "prvi"
    assert ordinal_bs(3) == "treći"
    assert ordinal_bs(7) == "sedmi"
    assert ordinal_bs(14) == "četrnaesti"
    assert ordinal_bs(20) == "dvadeseti"
    assert ordinal_bs(7, feminine=True) == "sedma"
    assert ordinal_bs(21) == "21."


def test_meeting_ordinal_follows_the_active_language():
    with translation.override("en"):
        assert meeting_ordinal(7) == "7th meeting"
        assert meeting_ordinal(9, "workshop") == "9th workshop"
    with translation.override("bs"):
        assert meeting_ordinal(7) == "Sedmi sastanak"
        assert meeting_ordinal(9, "workshop") == "Deveta radionica"
        assert meeting_ordinal(21) == "21. sastanak"
