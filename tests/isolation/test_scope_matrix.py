"""Every staff URL × in scope / out of scope / from a parent body, generated from the URL configuration.

A page added later cannot skip the check: `test_every_staff_url_is_in_the_matrix` fails until the new URL
is given a sample here (or an exemption with its reason). Two sibling departments of one county each hold
a catalog with a published guide, an application and a 2025 report; their staff hold every role on their
own body, the county office every role on the county. Out of scope is a 404, never a 403 that confirms
the object exists, and a list never shows the other body's rows.
"""

import datetime
import json

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.accounts.roles import Role, grant
from gongkai.audit.models import AuditEntry
from gongkai.bodies.exchange import read
from gongkai.bodies.models import Body
from gongkai.bodies.services import import_bodies
from gongkai.catalog.models import Channel as Carrier
from gongkai.catalog.services import import_catalog
from gongkai.catalog_upload.services import receive_upload
from gongkai.feedback import services as feedback
from gongkai.guides import services as guides
from gongkai.inforequests import services as cases
from gongkai.inforequests.choices import Channel
from gongkai.inforequests.models import LetterHead, ReviewCase
from gongkai.reports import services as reports
from tests.bodies.helpers import COUNTY
from tests.factories import make_document
from tests.guides.helpers import FULL_CONTENT, publish
from tests.inforequests.helpers import FIELDS

ALL_ROLES = list(Role)
# Staff URLs that carry no body's data, and why.
EXEMPT = {
    "accounts:two_factor": "one's own two-step verification, no body's data",
    "accounts:two_factor_start": "one's own two-step verification",
    "accounts:two_factor_confirm": "one's own two-step verification",
    "accounts:two_factor_disable": "one's own two-step verification",
    "reports_staff:old_edit": "a redirect to the person's own body's report",
    # The body is a choice among the person's own bodies (test_only_editors_and_the_office_…_may_upload).
    "catalog_upload:template": "a POST-only form; a body outside the person's scope is not a valid choice",
}


def staff_urls() -> list[tuple[str, str]]:
    """(route, name) of every URL under /staff/, walked from the root URL configuration."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and (prefix + str(pattern.pattern)).startswith("staff/"):
                found.append((prefix + str(pattern.pattern), f"{namespace}:{pattern.name}"))

    walk(get_resolver().url_patterns, "", "")
    return found


class World:
    """The county, its two departments' records, and their staff."""

    def __init__(self):
        import_bodies(read(json.dumps(COUNTY).encode(), "json"), actor_label="test")
        self.bodies = {body.code: body for body in Body.objects.all()}
        self.staff = {}
        for code in ("zltq", "zltq-rsj", "zltq-ybj"):
            user = User.objects.create_user(
                code, f"{code}@example.org", "a-long-test-password-1", is_staff=True
            )
            grant(user, *ALL_ROLES, body=self.bodies[code])
            self.staff[code] = user
        self.item, self.revision, self.application, self.review = {}, {}, {}, {}
        self.submitted, self.helper, self.station, self.feedback = {}, {}, {}, {}
        self.upload = {}
        channel = Carrier.objects.create(name="村务公开栏")
        for code, name in (("zltq-rsj", "人社局独有事项"), ("zltq-ybj", "医保局独有事项")):
            doc = make_document(1, area=code, publisher=self.bodies[code].name)
            doc["items"][0]["name"] = name
            import_catalog(doc, body=self.bodies[code], actor_label="test")
            item = self.bodies[code].catalogs.get().items.get()
            helper = User.objects.create_user(f"{code}-helper", None, None, is_staff=True)
            grant(helper, Role.EDITOR, body=self.bodies[code])
            self.item[code] = item
            self.helper[code] = helper
            self.revision[code] = publish(item, helper, self.staff[code], formed_on=datetime.date(2026, 9, 1))
            # A second version waiting for review, for the reviewers' task list.
            draft = guides.start_revision(item, acting_user=helper)
            draft = guides.save_draft(
                draft,
                content=FULL_CONTENT,
                is_major=True,
                change_note="改了材料",
                formed_on=datetime.date(2026, 9, 2),
                acting_user=helper,
            )
            self.submitted[code] = guides.submit_revision(draft, acting_user=helper)
            self.feedback[code] = feedback.record_feedback(
                page=f"/bodies/{item.catalog.body.code}/catalog/{item.catalog.slug}/{item.seq}/",
                kind="error",
                text=f"{name}写错了",
            )
            # A notice board of this body (in a real county it would be a 嘎查's, below a township).
            self.station[code] = guides.save_station(
                None,
                name=f"{name}公开栏",
                channel=channel,
                body=self.bodies[code],
                acting_user=self.staff[code],
            )
            self.application[code] = cases.submit_application(
                {**FIELDS, "description": f"{name}的申请"},
                channel=Channel.IN_PERSON,
                body=self.bodies[code],
                received_on=datetime.date(2025, 9, 1),
                registered_by=self.staff[code],
            )
            reports.open_report(2025, acting_user=self.staff[code], body=self.bodies[code])
            self.upload[code] = receive_upload(
                body=self.bodies[code],
                filename="目录.json",
                content=json.dumps(doc, ensure_ascii=False).encode(),
                actor=self.staff[code],
            )
            LetterHead.objects.create(body=self.bodies[code], contact_person=f"{name}联系人")
            self.review[code] = ReviewCase.objects.create(
                application=self.application[code],
                kind="review",
                filed_on=datetime.date(2025, 11, 3),
            )

    def marker(self, code: str) -> str:
        """Text that shows one body's rows in a list."""
        return self.item[code].name if code in self.item else ""


# name -> how to fill the URL for the records of body `code`; None for lists (no object in the URL).
OBJECT_URLS = {
    "guides:item": lambda w, code: {"item_id": w.item[code].pk},
    "guides:start": lambda w, code: {"item_id": w.item[code].pk},
    "guides:translate": lambda w, code: {"item_id": w.item[code].pk},
    "guides:revision": lambda w, code: {"rev_id": w.revision[code].pk},
    "guides:edit": lambda w, code: {"rev_id": w.revision[code].pk},
    "guides:approve": lambda w, code: {"rev_id": w.revision[code].pk},
    "guides:return": lambda w, code: {"rev_id": w.revision[code].pk},
    "guides:withdraw": lambda w, code: {"rev_id": w.revision[code].pk},
    "guides:discard": lambda w, code: {"rev_id": w.revision[code].pk},
    "guides:posting": lambda w, code: {"rev_id": w.revision[code].pk},
    "guides:submit": lambda w, code: {"rev_id": w.submitted[code].pk},
    "accounts:person": lambda w, code: {"pk": w.helper[code].pk},
    "accounts:person_details": lambda w, code: {"pk": w.helper[code].pk},
    "accounts:person_roles": lambda w, code: {"pk": w.helper[code].pk},
    "accounts:person_password": lambda w, code: {"pk": w.helper[code].pk},
    "accounts:person_unlock": lambda w, code: {"pk": w.helper[code].pk},
    "accounts:person_two_factor": lambda w, code: {"pk": w.helper[code].pk},
    "accounts:person_active": lambda w, code: {"pk": w.helper[code].pk},
    "compliance:station": lambda w, code: {"station_id": w.station[code].pk},
    "compliance:station_edit": lambda w, code: {"station_id": w.station[code].pk},
    "compliance:station_active": lambda w, code: {"station_id": w.station[code].pk},
    "compliance:station_confirm": lambda w, code: {
        "station_id": w.station[code].pk,
        "rev_id": w.revision[code].pk,
    },
    "inforequests_staff:case": lambda w, code: {"pk": w.application[code].pk},
    "inforequests_staff:act": lambda w, code: {"pk": w.application[code].pk, "action": "assign"},
    "inforequests_staff:document": lambda w, code: {
        "pk": w.application[code].pk,
        "kind": "receipt",
        "fmt": "docx",
    },
    "reports_staff:edit": lambda w, code: {"body": code, "year": 2025},
    "reports_staff:publish": lambda w, code: {"body": code, "year": 2025},
    "reports_staff:correct": lambda w, code: {"body": code, "year": 2025},
    "feedback_staff:staff_handled": lambda w, code: {"pk": w.feedback[code].pk},
    "reports_staff:statistics": lambda w, code: {"body": code, "year": 2025},
    "reports_staff:download": lambda w, code: {"body": code, "year": 2025, "fmt": "json"},
    "catalog_upload:preview": lambda w, code: {"pk": w.upload[code].pk},
    "catalog_upload:remap": lambda w, code: {"pk": w.upload[code].pk},
    "catalog_upload:confirm": lambda w, code: {"pk": w.upload[code].pk},
    "catalog_upload:cancel": lambda w, code: {"pk": w.upload[code].pk},
    "translations:text": lambda w, code: {"kind": "group", "pk": w.item[code].category_id},
    "translations:review": lambda w, code: {"kind": "group", "pk": w.item[code].category_id},
}
# Lists: the page shows the person's own body's rows and never a sibling's.
LIST_URLS = {
    "compliance:dashboard": "markers",
    "compliance:dashboard_xlsx": "download",
    "compliance:tasks": "markers",
    "feedback_staff:staff_list": "feedback",
    "compliance:stations": "stations",
    "compliance:station_admin": "stations",
    "compliance:station_new": "form",
    "accounts:people": "people",
    "accounts:person_new": "form",
    "guides:list": "markers",
    "guides:list_xlsx": "download",
    "inforequests_staff:queue": "codes",
    "inforequests_staff:queue_xlsx": "download",
    "inforequests_staff:register": "form",
    "reports_staff:list": "reports",
    "catalog_upload:index": "form",
    "translations:list": "form",
}
# The holiday schedule belongs to the whole installation, not to a body: every 政务公开办 opens its pages and
# previews the deadlines of its own bodies; loading it moves every body's deadlines, so only an office over
# every body may (test_the_holiday_preview_shows_own_deadlines_and_only_the_top_office_loads).
CALENDAR_URLS = {"workdays:index": {}, "workdays:year": {"year": 2026}}
POST_ONLY = {
    "guides:start",
    "guides:translate",
    "guides:approve",
    "guides:return",
    "guides:withdraw",
    "guides:discard",
}
POST_ONLY |= {"guides:posting", "guides:submit", "inforequests_staff:act", "reports_staff:correct"}
POST_ONLY |= {
    f"accounts:person_{action}" for action in ("details", "roles", "password", "unlock", "two_factor")
}
POST_ONLY |= {"accounts:person_active", "compliance:station_active", "compliance:station_confirm"}
POST_ONLY |= {"feedback_staff:staff_handled", "translations:review"}
POST_ONLY |= {f"catalog_upload:{action}" for action in ("remap", "confirm", "cancel")}


@pytest.fixture
def world(db):
    return World()


def test_every_staff_url_is_in_the_matrix():
    names = {name for _, name in staff_urls()}
    unknown = names - set(OBJECT_URLS) - set(LIST_URLS) - set(EXEMPT) - set(CALENDAR_URLS)
    assert not unknown, f"staff URLs without a scope check in this matrix: {sorted(unknown)}"
    assert set(OBJECT_URLS) | set(LIST_URLS) | set(EXEMPT) | set(CALENDAR_URLS) >= names


def fetch(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    return client.post(url) if name in POST_ONLY else client.get(url)


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_an_object_of_another_body_is_a_404(world, client, name):
    kwargs = OBJECT_URLS[name](world, "zltq-rsj")
    client.force_login(world.staff["zltq-ybj"])  # a sibling department, every role on its own body
    assert fetch(client, name, kwargs).status_code == 404


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
@pytest.mark.parametrize("who", ["zltq-rsj", "zltq"])
def test_an_object_in_scope_is_reached_from_its_body_and_from_a_parent(world, client, name, who):
    kwargs = OBJECT_URLS[name](world, "zltq-rsj")
    client.force_login(world.staff[who])
    response = fetch(client, name, kwargs)
    assert response.status_code != 404, (name, who)
    assert response.status_code < 500


@pytest.mark.parametrize("name", sorted(LIST_URLS))
def test_lists_show_own_rows_and_a_parent_sees_both(world, client, name):
    url = reverse(name)
    own, other = "zltq-rsj", "zltq-ybj"
    kind = LIST_URLS[name]
    for who, sees_other in ((own, False), ("zltq", True)):
        client.force_login(world.staff[who])
        response = client.get(url)
        assert response.status_code == 200, (name, who)
        body = response.content
        if kind == "download":
            from io import BytesIO

            from openpyxl import load_workbook

            cells = " ".join(
                str(cell.value)
                for sheet in load_workbook(BytesIO(body)).worksheets
                for row in sheet.iter_rows()
                for cell in row
                if cell.value is not None
            )
            text = cells
        else:
            text = body.decode()
        if kind in ("markers", "download"):
            assert world.marker(own) in text, (name, who)
            assert (world.marker(other) in text) is sees_other, (name, who)
        elif kind == "codes":
            client.get(url + "?show=all")
            text = client.get(url + "?show=all").content.decode()
            assert world.application[own].code in text
            assert (world.application[other].code in text) is sees_other
        elif kind == "reports":
            assert world.bodies[own].name in text or who == "zltq"
            assert ("?body=zltq-ybj" in text) is sees_other
        elif kind == "form":
            assert ("医疗保障局" in text) is sees_other
        elif kind == "feedback":
            assert f"{world.marker(own)}写错了" in text
            assert (f"{world.marker(other)}写错了" in text) is sees_other
        elif kind == "stations":
            assert world.station[own].name in text
            assert (world.station[other].name in text) is sees_other
        elif kind == "people":
            assert f"/staff/people/{world.helper[own].pk}/" in text
            assert (f"/staff/people/{world.helper[other].pk}/" in text) is sees_other


@pytest.mark.parametrize("name", sorted(CALENDAR_URLS))
def test_the_holiday_pages_open_for_every_office_and_name_no_body(world, client, name):
    url = reverse(name, kwargs=CALENDAR_URLS[name])
    for who in world.staff:
        client.force_login(world.staff[who])
        response = client.get(url)
        assert response.status_code == 200, (name, who)
        text = response.content.decode()
        assert world.marker("zltq-rsj") not in text and world.marker("zltq-ybj") not in text


def test_the_holiday_preview_shows_own_deadlines_and_only_the_top_office_loads(world, client):
    """A 2026 schedule with only 9/10 off moves both departments' September deadlines."""
    import html
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("workdays:year", kwargs=CALENDAR_URLS["workdays:year"])
    for who, sees_other, status in (("zltq-rsj", False, 403), ("zltq", True, 302)):
        client.force_login(world.staff[who])
        upload = SimpleUploadedFile("2026.csv", "2026-09-10,休,测试\n".encode(), content_type="text/csv")
        page = client.post(url, {"action": "preview", "upload": upload}).content.decode()
        assert world.marker("zltq-rsj") in page, who
        assert (world.marker("zltq-ybj") in page) is sees_other, who
        days = html.unescape(re.search(r'name="days" value="([^"]*)"', page).group(1))
        assert client.post(url, {"action": "confirm", "days": days}).status_code == status, who


# Admin pages of records that belong to a body, for staff given view permissions on them.
ADMIN_MODELS = {
    "catalog.catalog": lambda w, code: w.bodies[code].catalogs.get(),
    "catalog.item": lambda w, code: w.item[code],
    "catalog.category": lambda w, code: w.item[code].category,
    "inforequests.application": lambda w, code: w.application[code],
    "inforequests.reviewcase": lambda w, code: w.review[code],
    "inforequests.letterhead": lambda w, code: w.bodies[code].letter_head,
    "reports.annualreport": lambda w, code: w.bodies[code].annual_reports.get(),
    "audit.auditentry": lambda w, code: AuditEntry.objects.filter(body=w.bodies[code]).first(),
}


def test_every_admin_model_with_a_body_is_scoped():
    from django.contrib import admin

    owned = {
        f"{model._meta.app_label}.{model._meta.model_name}"
        for model, model_admin in admin.site._registry.items()
        if getattr(model_admin, "scope_via", None)
    }
    assert owned == set(ADMIN_MODELS)


@pytest.mark.parametrize("label", sorted(ADMIN_MODELS))
def test_admin_lists_and_pages_follow_the_scope(world, client, label):
    from django.contrib.auth.models import Permission

    app_label, model_name = label.split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=f"view_{model_name}")
    for user in world.staff.values():
        user.user_permissions.add(permission)
    own, other = ADMIN_MODELS[label](world, "zltq-rsj"), ADMIN_MODELS[label](world, "zltq-ybj")
    listing = f"/admin/{app_label}/{model_name}/"
    client.force_login(world.staff["zltq-rsj"])
    page = client.get(listing + "?all=").content.decode()
    assert f"/{own.pk}/change/" in page and f"/{other.pk}/change/" not in page
    assert client.get(f"{listing}{other.pk}/change/").status_code == 404
    assert client.get(f"{listing}{own.pk}/change/").status_code == 200
    client.force_login(world.staff["zltq"])
    assert client.get(f"{listing}{other.pk}/change/").status_code == 200
