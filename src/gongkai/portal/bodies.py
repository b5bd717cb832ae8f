"""The county on the portal: its bodies, and each body's own 政府信息公开 column (国办公开办函〔2019〕61号).

Every public body publishes here: the column has the four standard parts — 政府信息公开指南 (generated from
the body's record), 政府信息公开制度, 法定主动公开内容 (its catalogs) and 政府信息公开工作年度报告. Each page runs a
fixed number of queries, whatever the number of bodies.
"""

import datetime

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.bodies.models import DISCLOSURE_KINDS, Body, BodyKind
from gongkai.bodies.services import disclosure_bodies
from gongkai.catalog.services import default_catalog
from gongkai.publishing.caching import public_page
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.services import report_deadline
from gongkai.translations.public import attach, list_standing

KIND_ORDER = [BodyKind.GOVERNMENT, BodyKind.DEPARTMENT, BodyKind.TOWNSHIP, BodyKind.VILLAGE, BodyKind.OTHER]


def is_county(bodies=None) -> bool:
    """More than one body answers on this portal: it shows the county, not one bureau."""
    return (bodies if bodies is not None else disclosure_bodies()).count() > 1


def bodies_by_kind(bodies) -> list[tuple[str, list[Body]]]:
    """(kind label, bodies) in the order people look for them: the government, departments, townships."""
    groups: dict[str, list[Body]] = {}
    for body in bodies:
        groups.setdefault(body.kind, []).append(body)
    return [(BodyKind(kind).label, groups[kind]) for kind in KIND_ORDER if kind in groups]


def _body(code: str) -> Body:
    """The body at the address, with its Mongolian name and contact block on a Mongolian page."""
    body = get_object_or_404(Body, code=code)
    attach([body])
    return body


def _context(body: Body | None, crumbs: list, **extra) -> dict:
    return {"body": body, "catalog": default_catalog(), "crumbs": crumbs, **extra}


def _crumbs(body: Body, *rest) -> list:
    return [
        (_("各单位"), reverse("portal:bodies")),
        (body.mongolian.name, reverse("portal:body", args=[body.code])),
        *rest,
    ]


@public_page
def bodies_page(request):
    """各单位: every body of the county, grouped by kind, with how many catalog items each publishes."""
    bodies = list(
        Body.objects.filter(kind__in=DISCLOSURE_KINDS)
        .annotate(items=Count("catalogs__items"))
        .order_by("path")
    )
    attach(bodies)
    context = _context(
        None, [(_("各单位"), None)], groups=bodies_by_kind(bodies), bodies_standing=list_standing(bodies)
    )
    return render(request, "portal/bodies/list.html", context)


@public_page
def body_page(request, code):
    """One body: what it publishes (its catalogs), how to reach it, its 政府信息公开 column, the bodies below."""
    body = _body(code)
    catalogs = list(body.catalogs.annotate(items_count=Count("items")).order_by("position", "id"))
    below = list(Body.objects.filter(path__startswith=body.path, depth=body.depth + 1).order_by("path"))
    context = _context(
        body,
        _crumbs(body)[:-1] + [(body.mongolian.name, None)],
        catalogs=catalogs,
        below=below,
        standing=body.mongolian.standing(),
    )
    return render(request, "portal/bodies/body.html", context)


@public_page
def body_disclosure(request, code):
    body = _body(code)
    context = _context(
        body,
        _crumbs(body, (_("政府信息公开"), None)),
        catalogs=list(body.catalogs.order_by("position", "id")),
    )
    return render(request, "portal/bodies/disclosure.html", context)


@public_page
def body_disclosure_guide(request, code):
    """政府信息公开指南, written from the body's record: where, when, how to apply, how to seek remedy."""
    body = _body(code)
    parent = Body.objects.filter(path=body.parent_path).first() if body.depth > 1 else None
    column = reverse("portal:body_disclosure", args=[body.code])
    context = _context(
        body,
        _crumbs(body, (_("政府信息公开"), column), (_("政府信息公开指南"), None)),
        parent=parent,
        catalogs=list(body.catalogs.order_by("position", "id")),
    )
    return render(request, "portal/bodies/guide.html", context)


@public_page
def body_disclosure_rules(request, code):
    body = _body(code)
    column = reverse("portal:body_disclosure", args=[body.code])
    context = _context(body, _crumbs(body, (_("政府信息公开"), column), (_("政府信息公开制度"), None)))
    return render(request, "portal/bodies/rules.html", context)


@public_page
def body_annual_reports(request, code):
    body = _body(code)
    column = reverse("portal:body_disclosure", args=[body.code])
    reports = list(AnnualReport.objects.filter(body=body, state=ReportState.PUBLISHED).order_by("-year"))
    context = _context(
        body,
        _crumbs(body, (_("政府信息公开"), column), (_("政府信息公开工作年度报告"), None)),
        reports=reports,
    )
    return render(request, "portal/bodies/annual_reports.html", context)


def report_roll(year: int, today: datetime.date) -> list[dict]:
    """Each disclosure body's report of `year`: published (with its address), or missing after its date."""
    published = {r.body_id: r for r in AnnualReport.objects.filter(year=year, state=ReportState.PUBLISHED)}
    rows = []
    for body in disclosure_bodies():
        deadline = report_deadline(year, body)
        report = published.get(body.pk)
        rows.append(
            {
                "body": body,
                "report": report,
                "deadline": deadline,
                "missing": report is None and today > deadline,
                "url": reverse("reports:body_public", args=[body.code, year]) if report else None,
            }
        )
    return rows


def county_reports_context(today: datetime.date | None = None) -> dict:
    """For the county's list of annual reports: last year's report of every body, and which are late."""
    today = today or timezone.localdate()
    year = today.year - 1
    roll = report_roll(year, today)
    return {"roll_year": year, "roll": roll, "roll_missing": sum(1 for row in roll if row["missing"])}
