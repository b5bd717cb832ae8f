"""Staff side of on-request disclosure (being written)."""

from django.http import Http404


def queue(request):
    raise Http404


def register(request):
    raise Http404


def case(request, pk):
    raise Http404


def act(request, pk, action):
    raise Http404


def document(request, pk, kind, fmt):
    raise Http404
