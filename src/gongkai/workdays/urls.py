from django.urls import path

from gongkai.workdays import views

app_name = "workdays"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.year_page, name="year"),
]
