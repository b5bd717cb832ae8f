"""The staff's pages of 依申请公开: outside the language prefixes (the portal's Mongolian lives under /mn/)."""

from django.urls import path

from gongkai.inforequests import views_staff

app_name = "inforequests_staff"

urlpatterns = [
    path("requests/", views_staff.queue, name="queue"),
    path("requests.xlsx", views_staff.queue_xlsx, name="queue_xlsx"),
    path("requests/new/", views_staff.register, name="register"),
    path("requests/<int:pk>/", views_staff.case, name="case"),
    path("requests/<int:pk>/act/<str:action>/", views_staff.act, name="act"),
    path("requests/<int:pk>/documents/<str:kind>.<str:fmt>", views_staff.document, name="document"),
]
