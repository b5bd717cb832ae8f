from django.contrib import admin
from django.urls import include, path

from gongkai.api.api import api
from gongkai.ops.views import healthz

admin.site.site_header = "政务公开管理后台"
admin.site.site_title = "政务公开管理后台"
admin.site.index_title = "管理首页"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Before the admin: /admin/login/ is our two-step login, not the admin's password-only one.
    path("", include("gongkai.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("staff/workdays/", include("gongkai.workdays.urls")),
    path("staff/", include("gongkai.compliance.urls")),
    path("staff/guides/", include("gongkai.guides.urls")),
    path("", include("gongkai.inforequests.urls")),
    path("", include("gongkai.reports.urls")),
    path("", include("gongkai.portal.urls")),
]

handler404 = "gongkai.portal.views.page_not_found"
handler500 = "gongkai.portal.views.server_error"
