from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from gongkai.accounts.views import admin_index
from gongkai.api.api import api
from gongkai.languages import switch_language
from gongkai.ops.views import healthz

admin.site.site_header = "政务公开管理后台"
admin.site.site_title = "政务公开管理后台"
admin.site.index_title = "管理首页"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Before the admin: /admin/login/ is our two-step login, not the admin's password-only one.
    path("", include("gongkai.accounts.urls")),
    path("admin/", admin_index),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("staff/workdays/", include("gongkai.workdays.urls")),
    path("staff/guides/", include("gongkai.guides.urls")),
    path("staff/mongolian/", include("gongkai.translations.urls")),
    path("staff/catalogs/upload/", include("gongkai.catalog_upload.urls")),
    path("staff/", include("gongkai.inforequests.urls_staff")),
    path("staff/", include("gongkai.reports.urls_staff")),
    path("staff/", include("gongkai.feedback.urls_staff")),
    path("staff/", include("gongkai.compliance.urls")),
    path("lang/<str:code>/", switch_language, name="switch_language"),
]

# What the public reads, in Chinese at the root and in Mongolian under /mn/ (gongkai.languages). Staff
# pages, the admin and the API stay outside: their addresses never change with the visitor's language.
urlpatterns += i18n_patterns(
    path("", include("gongkai.inforequests.urls")),
    path("", include("gongkai.reports.urls")),
    path("", include("gongkai.feedback.urls")),
    path("", include("gongkai.portal.urls")),
    prefix_default_language=False,
)

# The API answers errors in JSON; staff keep their navigation on error pages; everyone else gets the portal's.
handler400 = "gongkai.error_pages.bad_request"
handler403 = "gongkai.error_pages.permission_denied"
handler404 = "gongkai.error_pages.page_not_found"
handler500 = "gongkai.error_pages.server_error"
