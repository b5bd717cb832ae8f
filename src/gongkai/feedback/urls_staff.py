"""The staff's list of feedback: outside the language prefixes."""

from django.urls import path

from gongkai.feedback import views

app_name = "feedback_staff"

urlpatterns = [
    path("feedback/", views.staff_list, name="staff_list"),
    path("feedback/<int:pk>/handled/", views.staff_handled, name="staff_handled"),
]
