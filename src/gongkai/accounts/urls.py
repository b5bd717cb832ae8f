from django.urls import path

from gongkai.accounts import views

app_name = "accounts"

urlpatterns = [
    # Ahead of the admin's own login at the same address (see gongkai/urls.py).
    path("admin/login/", views.login, name="login"),
    path("admin/login/code/", views.login_code, name="login_code"),
    path("staff/account/two-factor/", views.two_factor_page, name="two_factor"),
    path("staff/account/two-factor/start/", views.two_factor_start, name="two_factor_start"),
    path("staff/account/two-factor/confirm/", views.two_factor_confirm, name="two_factor_confirm"),
    path("staff/account/two-factor/disable/", views.two_factor_disable, name="two_factor_disable"),
]
