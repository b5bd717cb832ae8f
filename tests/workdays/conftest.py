"""Running deadlines that cross into 2027, whose schedule is not loaded."""

import datetime

import pytest
from django.utils import timezone

from gongkai.guides import services as guide_services
from gongkai.inforequests import services as request_services
from tests.guides.helpers import FULL_CONTENT
from tests.inforequests.helpers import received

D = datetime.date


@pytest.fixture
def in_january_2027(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2027, 1, 20))


@pytest.fixture
def running(seeded, editor, officer, in_january_2027):
    """A guide draft and an open application, both 20 working days from Friday 2027-01-08.

    Provisional count: 1/11–2/4 are 1–19, 除夕 2/5 to 初三 2/8 are statutory days off → Tuesday 2/9.
    """
    item = seeded.items.get(seq=6)
    rev = guide_services.start_revision(item, acting_user=editor)
    rev = guide_services.save_draft(
        rev,
        content=FULL_CONTENT,
        is_major=True,
        change_note="改",
        formed_on=D(2027, 1, 8),
        acting_user=editor,
    )
    app = received(officer, D(2027, 1, 8))
    app = request_services.assign_handler(app, officer, acting_user=officer)
    assert (rev.due_on, rev.due_provisional) == (D(2027, 2, 9), True)
    app.refresh_from_db()
    assert (app.due_on, app.due_provisional) == (D(2027, 2, 9), True)
    return rev, app
