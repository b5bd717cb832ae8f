from django.urls import include, path, re_path

from gongkai.portal import bodies, feeds, kiosk, pdf_views, views
from gongkai.publishing.caching import public_page
from gongkai.search import views as search_views

app_name = "portal"

catalog_pages = [
    path("", views.catalog_table, name="catalog_table"),
    path("download.<str:fmt>", feeds.catalog_download, name="catalog_download"),
    path("table.pdf", pdf_views.catalog_pdf, name="catalog_pdf"),
    path("g/<int:position>/", views.group_page, name="group"),
    path("levels/<int:index>/", views.level_page, name="level"),
    path("levels/<int:index>/pack.pdf", pdf_views.level_pack_pdf, name="level_pack_pdf"),
    path("<int:seq>/", views.item_page, name="item"),
    path("<int:seq>/guide.pdf", pdf_views.item_pdf, name="item_pdf"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", public_page(search_views.search_page), name="search"),
    path("events/", views.events_page, name="events"),
    path("events/<slug:event_slug>/", views.event_page, name="event"),
    path("gongkai/", views.disclosure_page, name="disclosure"),
    path("gongkai/guide/", views.disclosure_guide, name="disclosure_guide"),
    path("gongkai/rules/", views.disclosure_rules, name="disclosure_rules"),
    path("gongkai/annual-reports/", views.annual_reports, name="annual_reports"),
    path("feed.xml", feeds.updates_feed, name="feed"),
    path("sitemap.xml", feeds.sitemap, name="sitemap"),
    path("site-map/", views.site_map, name="site_map"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("catalog/", views.catalog_default, name="catalog_default"),
    # A catalog's pages live under the body that publishes it; the addresses before bodies move there for good.
    path("bodies/<slug:code>/catalog/<slug:slug>/", include(catalog_pages)),
    path("catalog/<slug:slug>/", views.legacy_catalog_address),
    re_path(r"^catalog/(?P<slug>[-a-zA-Z0-9_]+)/(?P<rest>.+)$", views.legacy_catalog_address),
    path("bodies/", bodies.bodies_page, name="bodies"),
    path("bodies/<slug:code>/", bodies.body_page, name="body"),
    path("bodies/<slug:code>/gongkai/", bodies.body_disclosure, name="body_disclosure"),
    path("bodies/<slug:code>/gongkai/guide/", bodies.body_disclosure_guide, name="body_disclosure_guide"),
    path("bodies/<slug:code>/gongkai/rules/", bodies.body_disclosure_rules, name="body_disclosure_rules"),
    path(
        "bodies/<slug:code>/gongkai/annual-reports/", bodies.body_annual_reports, name="body_annual_reports"
    ),
    path("kiosk/", kiosk.start, name="kiosk"),
    path("kiosk/g/<int:position>/", kiosk.group, name="kiosk_group"),
    path("kiosk/item/<int:seq>/", kiosk.item, name="kiosk_item"),
    path("kiosk/events/<slug:event_slug>/", kiosk.event, name="kiosk_event"),
    path("mode/<str:mode>/", views.display_mode, name="display_mode"),
]
