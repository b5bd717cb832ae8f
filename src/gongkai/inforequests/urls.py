from django.urls import path

from gongkai.inforequests import views_public, views_staff

app_name = "inforequests"

urlpatterns = [
    path("apply/", views_public.apply_guide, name="guide"),
    path("apply/form/", views_public.apply_form, name="form"),
    path("apply/receipt/", views_public.receipt, name="receipt"),
    path("apply/receipt.pdf", views_public.receipt_pdf, name="receipt_pdf"),
    path("apply/status/", views_public.status, name="status"),
    path("apply/status/forward/", views_public.forward, name="forward"),
    path("staff/requests/", views_staff.queue, name="queue"),
    path("staff/requests.xlsx", views_staff.queue_xlsx, name="queue_xlsx"),
    path("staff/requests/new/", views_staff.register, name="register"),
    path("staff/requests/<int:pk>/", views_staff.case, name="case"),
    path("staff/requests/<int:pk>/act/<str:action>/", views_staff.act, name="act"),
    path("staff/requests/<int:pk>/documents/<str:kind>.<str:fmt>", views_staff.document, name="document"),
]
