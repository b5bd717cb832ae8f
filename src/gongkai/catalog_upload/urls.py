from django.urls import path

from gongkai.catalog_upload import views

app_name = "catalog_upload"

urlpatterns = [
    path("", views.index, name="index"),
    path("template/", views.from_template, name="template"),
    path("<int:pk>/", views.preview, name="preview"),
    path("<int:pk>/columns/", views.remap, name="remap"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
]
