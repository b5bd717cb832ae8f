"""Entering a schedule in the admin: validated like a file, audited, and announced to deadline clocks."""

import datetime

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.workdays.calendar import add_workdays
from gongkai.workdays.models import HolidaySchedule
from gongkai.workdays.signals import schedule_changed

D = datetime.date
pytestmark = pytest.mark.django_db


def form(year: str, *days: tuple[str, str, str]) -> dict:
    data = {
        "year": year,
        "announced_on": "2026-11-05",
        "source": "国办发明电〔2026〕1号",
        "notes": "",
        "days-TOTAL_FORMS": str(len(days)),
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    for i, (date, kind, name) in enumerate(days):
        data |= {f"days-{i}-date": date, f"days-{i}-kind": kind, f"days-{i}-name": name}
    return data


@pytest.fixture
def signals_sent():
    sent = []

    def receiver(sender, years, **kwargs):
        sent.append(years)

    schedule_changed.connect(receiver)
    yield sent
    schedule_changed.disconnect(receiver)


def test_adding_a_schedule_in_the_admin(admin_client, signals_sent):
    """GIVEN an administrator WHEN they enter the 2027 schedule THEN it counts, is logged, and is announced."""
    url = reverse("admin:workdays_holidayschedule_add")
    response = admin_client.post(
        url, form("2027", ("2027-01-01", "holiday", "元旦"), ("2027-01-09", "workday", "元旦"))
    )
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert HolidaySchedule.objects.get(year=2027).days.count() == 2
    assert AuditEntry.objects.filter(action="admin.add", target="节假日安排：2027 年节假日安排").exists()
    assert signals_sent == [(2027,)]
    # 12/21–25 1–5, 12/28–31 6–9, (1/1 off) 1/4–8 10–14, Saturday 1/9 15
    assert add_workdays(D(2026, 12, 20), 15).date == D(2027, 1, 9)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (("2027-01-04", "workday", ""), "调休上班日只能是星期六或星期日。"),
        (("2026-12-31", "holiday", ""), "2026-12-31 不在 2027 年内"),
    ],
)
def test_the_admin_refuses_bad_days(admin_client, signals_sent, day, message):
    response = admin_client.post(reverse("admin:workdays_holidayschedule_add"), form("2027", day))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not HolidaySchedule.objects.exists()
    assert signals_sent == []


def test_the_schedule_list_page_shows_counts(admin_client):
    admin_client.post(
        reverse("admin:workdays_holidayschedule_add"), form("2027", ("2027-01-01", "holiday", "元旦"))
    )
    page = admin_client.get(reverse("admin:workdays_holidayschedule_changelist")).content.decode()
    assert "国办发明电〔2026〕1号" in page
