"""Opening hours: parsing per weekday with breaks, refusals with clear messages, and "open now" across midnight."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from directory import hours


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    # 2026-12-07 is a Monday.
    return datetime.datetime(2026, 12, 7 + day, hour, minute)


def test_a_day_with_a_break():
    week = {"mon": hours.parse_day("08:00-12:00, 13:00-17:00", day="mon")}
    assert week["mon"] == [["08:00", "12:00"], ["13:00", "17:00"]]
    assert hours.is_open(week, at(0, 8)) and hours.is_open(week, at(0, 11, 59))
    assert not hours.is_open(week, at(0, 12, 30))  # the break
    assert not hours.is_open(week, at(0, 17))  # the end is exclusive
    assert not hours.is_open(week, at(1, 9))  # Tuesday: a day off


def test_open_across_midnight_counts_on_the_next_morning():
    week = {"fri": hours.parse_day("22:00-02:00", day="fri")}
    assert hours.is_open(week, at(4, 23))  # Friday night
    assert hours.is_open(week, at(5, 1, 30))  # Saturday, 01:30: still Friday's shift
    assert not hours.is_open(week, at(5, 2))
    assert not hours.is_open(week, at(4, 1))  # Friday 01:00 belongs to Thursday, which is closed
    sunday_night = {"sun": hours.parse_day("20:00-08:00", day="sun")}
    assert hours.is_open(sunday_night, at(7, 7))  # Monday 07:00 after Sunday's night shift (week wraps)


def test_round_the_clock_and_day_off_words():
    assert hours.parse_day("00:00-24:00", day="mon") == [["00:00", "24:00"]]
    assert hours.is_open({"mon": [["00:00", "24:00"]]}, at(0, 23, 59))
    for text in ("", "вихідний", "—"):
        assert hours.parse_day(text, day="sun") == []


@pytest.mark.parametrize(("text", "message"), [
    ("з 8:00 до 17:00", "не в формі"),
    ("08:00-25:00", "«25:00» — це не час"),
    ("09:00-09:00", "порожній"),
    ("08:00-13:00, 12:00-17:00", "перетинаються"),
    ("24:00-02:00", "не може починатися о 24:00"),
])
def test_broken_hours_are_refused_with_the_weekday_named(text, message):
    from django.utils import translation

    with translation.override("uk"), pytest.raises(ValidationError) as raised:
        hours.parse_day(text, day="tue")
    assert "Вівторок" in raised.value.messages[0] and message in raised.value.messages[0]


def test_stored_hours_are_checked_as_a_whole():
    with pytest.raises(ValidationError):
        hours.normalise_week({"monday": [["08:00", "17:00"]]})
    with pytest.raises(ValidationError):
        hours.normalise_week({"mon": [["08:00"]]})
    assert hours.normalise_week({"tue": [["13:00", "17:00"], ["08:00", "12:00"]]})["tue"] == [
        ["08:00", "12:00"], ["13:00", "17:00"]]


def test_the_next_change_is_the_next_opening_or_closing():
    week = {"mon": [["08:00", "12:00"], ["13:00", "17:00"]], "fri": [["22:00", "02:00"]]}
    assert hours.next_change(week, at(0, 7, 30)) == at(0, 8)  # opens
    assert hours.next_change(week, at(0, 8)) == at(0, 12)  # at the opening itself: the break is next
    assert hours.next_change(week, at(0, 12, 30)) == at(0, 13)
    assert hours.next_change(week, at(0, 17)) == at(4, 22)  # Friday night
    assert hours.next_change(week, at(4, 23)) == at(5, 2)  # closes after midnight, on Saturday
    assert hours.next_change(week, at(5, 1)) == at(5, 2)  # Friday's night seen from Saturday
    assert hours.next_change(week, at(5, 3)) == at(7, 8)  # Monday next week
    assert hours.next_change({}, at(0, 9)) is None
