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
    path("staff/reports/", views.report_list, name="list"),
    path("staff/reports/<int:year>/", views.edit, name="edit"),
    path("staff/reports/<int:year>/publish/", views.publish, name="publish"),
    path("staff/reports/<int:year>/correct/", views.correct, name="correct"),
    path("staff/reports/<int:year>/statistics/", views.statistics, name="statistics"),
    path("staff/reports/<int:year>/report.<str:fmt>", views.download, name="download"),
]
