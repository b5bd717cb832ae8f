from django.urls import path

from gongkai.compliance import views, views_stations

app_name = "compliance"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dashboard.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("tasks/", views.tasks, name="tasks"),
    path("stations/", views_stations.my_stations, name="stations"),
    path("stations/<int:station_id>/", views_stations.station_page, name="station"),
    path("stations/<int:station_id>/confirm/<int:rev_id>/", views_stations.confirm, name="station_confirm"),
    path("stations/manage/", views_stations.manage, name="station_admin"),
    path("stations/manage/new/", views_stations.station_new, name="station_new"),
    path("stations/manage/<int:station_id>/", views_stations.station_edit, name="station_edit"),
    path("stations/manage/<int:station_id>/active/", views_stations.station_active, name="station_active"),
]
