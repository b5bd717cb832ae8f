from django.contrib import admin
from django.urls import include, path

from gongkai.accounts.views import admin_index
from gongkai.api.api import api
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
    path("staff/", include("gongkai.compliance.urls")),
    path("staff/guides/", include("gongkai.guides.urls")),
    path("", include("gongkai.inforequests.urls")),
    path("", include("gongkai.reports.urls")),
    path("", include("gongkai.feedback.urls")),
    path("", include("gongkai.portal.urls")),
]

# Staff keep their navigation on error pages under /staff/ and /admin/; everyone else gets the portal's.
handler403 = "gongkai.accounts.errors.permission_denied"
handler404 = "gongkai.portal.views.page_not_found"
handler500 = "gongkai.portal.views.server_error"
