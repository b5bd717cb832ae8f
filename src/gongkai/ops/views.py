"""Endpoints for load balancers and monitoring."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from gongkai.ops.db import database_answers


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers SELECT 1, else 503. Never cached, never a traceback."""
    if database_answers():
        return JsonResponse({"status": "ok", "database": "ok"})
    return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
