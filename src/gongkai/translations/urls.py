from django.urls import path

from gongkai.translations import views

app_name = "translations"

urlpatterns = [
    path("", views.text_list, name="list"),
    path("<slug:kind>/<int:pk>/", views.text_page, name="text"),
    path("<slug:kind>/<int:pk>/review/", views.review, name="review"),
]
