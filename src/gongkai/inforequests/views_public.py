"""Public side of on-request disclosure (being written)."""

from django.http import Http404


def apply_guide(request):
    raise Http404


def apply_form(request):
    raise Http404


def receipt(request):
    raise Http404


def receipt_pdf(request):
    raise Http404


def status(request):
    raise Http404
