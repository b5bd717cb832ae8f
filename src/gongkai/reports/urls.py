from django.urls import path

from gongkai.reports import views, views_public

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
    path("staff/reports/", views.report_list, name="list"),
    path("staff/reports/<slug:body>/<int:year>/", views.edit, name="edit"),
    path("staff/reports/<slug:body>/<int:year>/publish/", views.publish, name="publish"),
    path("staff/reports/<slug:body>/<int:year>/correct/", views.correct, name="correct"),
    path("staff/reports/<slug:body>/<int:year>/statistics/", views.statistics, name="statistics"),
    path("staff/reports/<slug:body>/<int:year>/report.<str:fmt>", views.download, name="download"),
    # Addresses from before reports were per body: the office's own body.
    path("staff/reports/<int:year>/", views.old_address, name="old_edit"),
]
