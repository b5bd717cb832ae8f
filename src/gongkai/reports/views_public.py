"""Public pages of the annual reports: one page per published report, and its downloads.

A draft is never public: its page and downloads answer 404 until the office publishes it.

The page's chrome is in the address's language (Mongolian under /mn/); the report itself (its title, the
statutory tables and texts) and every download stay as published, in Chinese.
"""

from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.bodies.models import Body
from gongkai.bodies.services import default_body
from gongkai.catalog.services import default_catalog
from gongkai.reports import outputs
from gongkai.reports.models import AnnualReport, ReportState

DOWNLOADS = [
    ("pdf", "PDF"),
    ("docx", gettext_lazy("Word（DOCX）")),
    ("xlsx", gettext_lazy("表格（XLSX）")),
    ("json", gettext_lazy("数据（JSON）")),
]


@dataclass(frozen=True)
class PublishedReport:
    year: int
    title: str
    url: str


def published_reports() -> list[PublishedReport]:
    """For the portal's list of annual reports (the top body's), newest first."""
    return [
        PublishedReport(year=r.year, title=r.title, url=reverse("reports:public", args=[r.year]))
        for r in AnnualReport.objects.filter(body=default_body(), state=ReportState.PUBLISHED).order_by(
            "-year"
        )
    ]


def _published(year: int, body=None) -> AnnualReport:
    """A body's published report of a year (the top body's when none is named)."""
    body = body or default_body()
    report = AnnualReport.objects.filter(body=body, year=year, state=ReportState.PUBLISHED).first()
    if report is None:
        raise Http404("没有这一年度已发布的报告")
    return report


def download_response(doc: outputs.ReportDocument, fmt: str) -> HttpResponse:
    # The published document is the same file at every address: drawn in Chinese even under /mn/.
    with translation.override(settings.LANGUAGE_CODE):
        ascii_name, name = outputs.filenames(doc, fmt)
        content = outputs.render(doc, fmt)
    response = HttpResponse(content, content_type=outputs.content_type(fmt))
    # PDF and JSON open in the browser; Word and Excel files are saved.
    disposition = "inline" if fmt in ("pdf", "json") else "attachment"
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    return response


def _earlier_versions(report: AnnualReport) -> list[AnnualReport]:
    return list(
        AnnualReport.objects.filter(
            body=report.body_id, year=report.year, state=ReportState.SUPERSEDED
        ).order_by("version")
    )


def _page(request, report: AnnualReport, *, current: bool, by_body: bool = False):
    """A published report. `by_body`: reached at its body's address, so the way back leads through the body."""
    doc = outputs.document_for(report)
    catalog = default_catalog()
    year = report.year
    if by_body:
        code = report.body.code
        crumbs = [
            (_("各单位"), reverse("portal:bodies")),
            (report.body.name, reverse("portal:body", args=[code])),
            (_("政府信息公开"), reverse("portal:body_disclosure", args=[code])),
            (_("政府信息公开工作年度报告"), reverse("portal:body_annual_reports", args=[code])),
            (_("%(year)s年度") % {"year": year}, None),
        ]
        download_route, download_args = "reports:body_public_download", [code, year]
    else:
        crumbs = [
            (_("政府信息公开"), reverse("portal:disclosure")),
            (_("政府信息公开工作年度报告"), reverse("portal:annual_reports")),
            (_("%(year)s年度") % {"year": year}, None if current else reverse("reports:public", args=[year])),
        ]
        download_route, download_args = "reports:public_download", [year]
    if not current:
        crumbs.append((_("更正前的第 %(version)s 版") % {"version": report.version}, None))
    context = {
        **outputs.layout(doc),
        "catalog": catalog,
        "site_name": catalog.publisher if catalog else "",
        "crumbs": crumbs,
        "downloads": [
            (reverse(download_route, args=[*download_args, fmt]), label) for fmt, label in DOWNLOADS
        ]
        if current
        else [],
        "earlier": _earlier_versions(report) if current else [],
        "current_url": None if current else reverse("reports:public", args=[year]),
    }
    return render(request, "reports/public.html", context)


def report_page(request, year: int):
    return _page(request, _published(year), current=True)


def version_page(request, year: int, version: int):
    """A version replaced by a correction: kept readable and marked, as changed documents must be."""
    report = AnnualReport.objects.filter(body=default_body(), year=year, version=version).first()
    if report is None or not report.is_frozen:
        raise Http404("没有这一版本")
    if report.is_published:
        return _page(request, report, current=True)
    return _page(request, report, current=False)


def body_report_page(request, code: str, year: int):
    """Any body's published report, at its body's address (`/bodies/<code>/gongkai/annual-reports/<year>/`)."""
    return _page(request, _published(year, get_object_or_404(Body, code=code)), current=True, by_body=True)


def body_download(request, code: str, year: int, fmt: str):
    if fmt not in dict(DOWNLOADS):
        raise Http404("没有这种格式")
    report = _published(year, get_object_or_404(Body, code=code))
    return download_response(outputs.document_for(report), fmt)


def public_download(request, year: int, fmt: str):
    if fmt not in dict(DOWNLOADS):
        raise Http404("没有这种格式")
    return download_response(outputs.document_for(_published(year)), fmt)
