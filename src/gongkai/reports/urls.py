from django.urls import path

from gongkai.reports import views_public

app_name = "reports"

urlpatterns = [
    path("gongkai/annual-reports/<int:year>/", views_public.report_page, name="public"),
    path(
        "gongkai/annual-reports/<int:year>/v<int:version>/",
        views_public.version_page,
        name="public_version",
    ),
    path(
        "gongkai/annual-reports/<int:year>/report.<str:fmt>",
        views_public.public_download,
        name="public_download",
    ),
    path(
        "bodies/<slug:code>/gongkai/annual-reports/<int:year>/",
        views_public.body_report_page,
        name="body_public",
    ),
    path(
        "bodies/<slug:code>/gongkai/annual-reports/<int:year>/report.<str:fmt>",
        views_public.body_download,
        name="body_public_download",
    ),
]
