"""The project's URLs plus pages that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from gongkai.urls import handler403, handler404, handler500
from gongkai.urls import urlpatterns as project_urls


def boom(request):
    raise RuntimeError("a bug")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("staff/boom/", boom),
    path("public-forbidden/", forbidden),
    *project_urls,
]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
