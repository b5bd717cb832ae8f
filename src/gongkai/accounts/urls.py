from django.urls import path

from gongkai.accounts import views, views_people

app_name = "accounts"

urlpatterns = [
    # Ahead of the admin's own login at the same address (see gongkai/urls.py).
    path("admin/login/", views.login, name="login"),
    path("admin/login/code/", views.login_code, name="login_code"),
    path("staff/account/two-factor/", views.two_factor_page, name="two_factor"),
    path("staff/account/two-factor/start/", views.two_factor_start, name="two_factor_start"),
    path("staff/account/two-factor/confirm/", views.two_factor_confirm, name="two_factor_confirm"),
    path("staff/account/two-factor/disable/", views.two_factor_disable, name="two_factor_disable"),
    path("staff/people/", views_people.people_list, name="people"),
    path("staff/people/new/", views_people.person_new, name="person_new"),
    path("staff/people/<int:pk>/", views_people.person_detail, name="person"),
    path("staff/people/<int:pk>/details/", views_people.person_details, name="person_details"),
    path("staff/people/<int:pk>/roles/", views_people.person_roles, name="person_roles"),
    path("staff/people/<int:pk>/password/", views_people.person_password, name="person_password"),
    path("staff/people/<int:pk>/unlock/", views_people.person_unlock, name="person_unlock"),
    path("staff/people/<int:pk>/two-factor/", views_people.person_two_factor, name="person_two_factor"),
    path("staff/people/<int:pk>/active/", views_people.person_active, name="person_active"),
]
