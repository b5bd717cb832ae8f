"""The staff's pages of the annual reports: outside the language prefixes."""

from django.urls import path

from gongkai.reports import views

app_name = "reports_staff"

urlpatterns = [
    path("reports/", views.report_list, name="list"),
    path("reports/<slug:body>/<int:year>/", views.edit, name="edit"),
    path("reports/<slug:body>/<int:year>/publish/", views.publish, name="publish"),
    path("reports/<slug:body>/<int:year>/correct/", views.correct, name="correct"),
    path("reports/<slug:body>/<int:year>/statistics/", views.statistics, name="statistics"),
    path("reports/<slug:body>/<int:year>/report.<str:fmt>", views.download, name="download"),
    # Addresses from before reports were per body: the office's own body.
    path("reports/<int:year>/", views.old_address, name="old_edit"),
]
