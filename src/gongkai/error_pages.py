"""Which error page a request gets. The API answers in JSON (a program reads it, never an HTML page); staff
keep their navigation under /staff/ and /admin/ (accounts.errors); everyone else gets the portal's pages."""

from django.http import JsonResponse

from gongkai.accounts import errors as staff_errors
from gongkai.portal import views as portal

API_PREFIX = "/api/"
API_DETAILS = {
    400: "请求不正确",
    403: "没有权限",
    404: "找不到这个接口或数据",
    500: "服务器暂时出了点问题，请稍后再试",
}


def _api(request, status: int) -> JsonResponse | None:
    if not request.path.startswith(API_PREFIX):
        return None
    return JsonResponse(
        {"detail": API_DETAILS[status]}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def bad_request(request, exception=None):
    return _api(request, 400) or portal.bad_request(request, exception)


def permission_denied(request, exception=None):
    return _api(request, 403) or staff_errors.permission_denied(request, exception)


def page_not_found(request, exception=None):
    return _api(request, 404) or portal.page_not_found(request, exception)


def server_error(request):
    return _api(request, 500) or portal.server_error(request)
