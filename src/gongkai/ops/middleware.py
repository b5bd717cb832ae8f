"""A database outage shows citizens a calm "try again shortly" page instead of a 500 error."""

import logging
import sys

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from gongkai.ops.db import discard_broken_connections, is_connection_failure
from gongkai.publishing.caching import ELDER_COOKIE

logger = logging.getLogger("gongkai.ops")

RETRY_AFTER_SECONDS = 30
API_PREFIX = "/api/"
API_MESSAGE = "数据库暂时不可用，请稍后再试。"
_FAILURE_ATTRIBUTE = "_gongkai_database_failure"


def unavailable_response(request) -> HttpResponse:
    """503 that needs no database: JSON for the API, a self-contained page for everyone else."""
    if request.path.startswith(API_PREFIX):
        response = JsonResponse(
            {"detail": API_MESSAGE}, status=503, json_dumps_params={"ensure_ascii": False}
        )
    else:
        # Rendered without the request, so no context processor (and no query) runs.
        html = render_to_string(
            "ops/unavailable.html", {"elder_mode": request.COOKIES.get(ELDER_COOKIE) == "1"}
        )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Neither nginx's cache nor a browser may keep the outage page once the database is back.
    add_never_cache_headers(response)
    return response


def remember_database_failure(sender, request=None, **kwargs):
    """got_request_exception receiver: mark the request when an uncaught exception was an outage."""

    error = sys.exc_info()[1]
    if request is not None and error is not None and is_connection_failure(error):
        setattr(request, _FAILURE_ATTRIBUTE, error)


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection during a request into 503 with Retry-After.

    Views report through process_exception. Failures in middleware further in (a session saved on the way
    out) have already become a 500 page by the time they reach us; the got_request_exception receiver
    marks those requests so __call__ can swap the page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        error = getattr(request, _FAILURE_ATTRIBUTE, None)
        if error is not None and response.status_code >= 500:
            return self._outage(request, error)
        return response

    def process_exception(self, request, exception):
        if not is_connection_failure(exception):
            return None
        return self._outage(request, exception)

    def _outage(self, request, error) -> HttpResponse:
        # Marked, so that a request that read from a replica can be run again on the primary (dbrouting).
        setattr(request, _FAILURE_ATTRIBUTE, error)
        # One line per request: during an outage a traceback each time would bury everything else.
        logger.error("数据库不可用（%s %s）：%s", request.method, request.path, str(error).strip())
        discard_broken_connections()
        return unavailable_response(request)
