from django.urls import path

from gongkai.guides import views

app_name = "guides"

urlpatterns = [
    path("", views.guide_list, name="list"),
    path("guides.xlsx", views.guide_list_xlsx, name="list_xlsx"),
    path("item/<int:item_id>/", views.item_guides, name="item"),
    path("item/<int:item_id>/start/", views.start, name="start"),
    path("item/<int:item_id>/translate/", views.translate, name="translate"),
    path("rev/<int:rev_id>/", views.revision, name="revision"),
    path("rev/<int:rev_id>/edit/", views.edit, name="edit"),
    path("rev/<int:rev_id>/submit/", views.submit, name="submit"),
    path("rev/<int:rev_id>/approve/", views.approve, name="approve"),
    path("rev/<int:rev_id>/return/", views.send_back, name="return"),
    path("rev/<int:rev_id>/withdraw/", views.withdraw, name="withdraw"),
    path("rev/<int:rev_id>/discard/", views.discard, name="discard"),
    path("rev/<int:rev_id>/posting/", views.confirm_posting, name="posting"),
]
