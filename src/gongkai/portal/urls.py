from django.urls import path

from gongkai.portal import feeds, kiosk, pdf_views, views
from gongkai.portal.caching import search_page
from gongkai.search import views as search_views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", search_page(search_views.search_page), name="search"),
    path("events/", views.events_page, name="events"),
    path("events/<slug:event_slug>/", views.event_page, name="event"),
    path("gongkai/", views.disclosure_page, name="disclosure"),
    path("gongkai/guide/", views.disclosure_guide, name="disclosure_guide"),
    path("gongkai/rules/", views.disclosure_rules, name="disclosure_rules"),
    path("gongkai/annual-reports/", views.annual_reports, name="annual_reports"),
    path("feed.xml", feeds.updates_feed, name="feed"),
    path("sitemap.xml", feeds.sitemap, name="sitemap"),
    path("catalog/", views.catalog_default, name="catalog_default"),
    path("catalog/<slug:slug>/download.<str:fmt>", feeds.catalog_download, name="catalog_download"),
    path("catalog/<slug:slug>/", views.catalog_table, name="catalog_table"),
    path("catalog/<slug:slug>/table.pdf", pdf_views.catalog_pdf, name="catalog_pdf"),
    path("catalog/<slug:slug>/g/<int:position>/", views.group_page, name="group"),
    path("catalog/<slug:slug>/levels/<int:index>/", views.level_page, name="level"),
    path("catalog/<slug:slug>/levels/<int:index>/pack.pdf", pdf_views.level_pack_pdf, name="level_pack_pdf"),
    path("catalog/<slug:slug>/<int:seq>/", views.item_page, name="item"),
    path("catalog/<slug:slug>/<int:seq>/guide.pdf", pdf_views.item_pdf, name="item_pdf"),
    path("kiosk/", kiosk.start, name="kiosk"),
    path("kiosk/g/<int:position>/", kiosk.group, name="kiosk_group"),
    path("kiosk/item/<int:seq>/", kiosk.item, name="kiosk_item"),
    path("kiosk/events/<slug:event_slug>/", kiosk.event, name="kiosk_event"),
    path("mode/<str:mode>/", views.display_mode, name="display_mode"),
]
