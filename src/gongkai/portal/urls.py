from django.urls import path

from gongkai.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("catalog/", views.catalog_default, name="catalog_default"),
    path("catalog/<slug:slug>/", views.catalog_table, name="catalog_table"),
    path("catalog/<slug:slug>/<int:seq>/", views.item_page, name="item"),
    path("mode/<str:mode>/", views.display_mode, name="display_mode"),
]
