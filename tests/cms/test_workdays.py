"""The calendar of working days (cms.workdays): the `holidays` library's Ukrainian days off and the Saturdays days
off were transferred from, then the council secretariat's corrections on top."""
import datetime

import pytest

from cms.workdays import add_working_days, is_working_day, working_days_before, working_days_between
from sessions.models import CalendarDay

D = datetime.date


@pytest.mark.django_db
def test_a_transferred_working_saturday_counts():
    # 2021: Monday 23 August was a day off transferred from Saturday 28 August, which was a working day.
    assert is_working_day(D(2021, 8, 28))
    assert not is_working_day(D(2021, 8, 23))
    assert add_working_days(D(2021, 8, 27), 1) == D(2021, 8, 28)
    assert working_days_before(D(2021, 8, 30), 1) == D(2021, 8, 28)
    assert working_days_between(D(2021, 8, 27), D(2021, 8, 30)) == 2  # Saturday 28 and Monday 30


@pytest.mark.django_db
def test_ten_working_days_across_a_transferred_day_off():
    # 2021: Thursday 14 October (Defenders' Day), Friday 15 October off (transferred from Saturday 23 October).
    assert not is_working_day(D(2021, 10, 15))
    assert add_working_days(D(2021, 10, 13), 1) == D(2021, 10, 18)
    # 18-22 October (5), Saturday 23 October (6), 25-28 October (10): a hand-made calendar gave 29 October.
    assert add_working_days(D(2021, 10, 13), 10) == D(2021, 10, 28)
    assert working_days_before(D(2021, 10, 28), 10) == D(2021, 10, 13)
    assert working_days_between(D(2021, 10, 13), D(2021, 10, 28)) == 10


@pytest.mark.django_db
def test_under_martial_law_public_holidays_are_working_days():
    assert is_working_day(D(2023, 8, 24))  # Independence Day, a Thursday, worked under martial law
    assert not is_working_day(D(2021, 8, 24))


@pytest.mark.django_db
def test_the_secretariats_corrections_override_the_library_either_way():
    CalendarDay.objects.create(date=D(2021, 8, 28), kind=CalendarDay.Kind.DAY_OFF)
    CalendarDay.objects.create(date=D(2021, 8, 24), kind=CalendarDay.Kind.WORKING_DAY)

    assert not is_working_day(D(2021, 8, 28))
    assert is_working_day(D(2021, 8, 24))
    assert add_working_days(D(2021, 8, 27), 2) == D(2021, 8, 31)  # 30 and 31 August (24 is far behind)
    assert working_days_between(D(2021, 8, 20), D(2021, 8, 27)) == 4  # 23 off; 24 (corrected), 25, 26, 27
    # a working Saturday that is no holiday at all (a Cabinet order moving a day)
    CalendarDay.objects.create(date=D(2026, 3, 14), kind=CalendarDay.Kind.WORKING_DAY)
    assert is_working_day(D(2026, 3, 14))
    assert add_working_days(D(2026, 3, 13), 1) == D(2026, 3, 14)
    # the library's own calendar is untouched by a correction
    CalendarDay.objects.all().delete()
    assert is_working_day(D(2021, 8, 28))
    assert not is_working_day(D(2021, 8, 24))


@pytest.mark.django_db
def test_zero_and_negative_spans():
    assert add_working_days(D(2026, 3, 14), 0) == D(2026, 3, 14)
    assert working_days_before(D(2026, 3, 14), 0) == D(2026, 3, 14)
    assert working_days_between(D(2026, 3, 16), D(2026, 3, 16)) == 0
    assert working_days_between(D(2026, 3, 20), D(2026, 3, 16)) == -4
