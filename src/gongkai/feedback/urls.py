from django.urls import path

from gongkai.feedback import views

app_name = "feedback"

urlpatterns = [
    path("feedback/", views.give, name="give"),
    path("feedback/thanks/", views.thanks, name="thanks"),
]
