from django.urls import path

from gongkai.feedback import views

app_name = "feedback"

urlpatterns = [
    path("feedback/", views.give, name="give"),
    path("feedback/thanks/", views.thanks, name="thanks"),
    path("staff/feedback/", views.staff_list, name="staff_list"),
    path("staff/feedback/<int:pk>/handled/", views.staff_handled, name="staff_handled"),
]
