from django.urls import path

from gongkai.inforequests import views_public

app_name = "inforequests"

urlpatterns = [
    path("apply/", views_public.apply_guide, name="guide"),
    path("apply/form/", views_public.apply_form, name="form"),
    path("apply/receipt/", views_public.receipt, name="receipt"),
    path("apply/receipt.pdf", views_public.receipt_pdf, name="receipt_pdf"),
    path("apply/status/", views_public.status, name="status"),
    path("apply/status/forward/", views_public.forward, name="forward"),
]
