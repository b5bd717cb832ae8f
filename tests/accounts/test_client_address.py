"""Behind nginx, the login lockout counts per username and the visitor's own address: five wrong passwords
from someone else do not lock a colleague out."""

import ipaddress

import pytest
from django.contrib.auth.models import User
from django.test import Client


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1/32")]


def _login(address: str, password: str):
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)
    return client.post("/admin/login/?next=/admin/", {"username": "editor1", "password": password})


def test_a_guesser_elsewhere_does_not_lock_out_the_real_user(db, behind_nginx, settings):
    User.objects.create_superuser("editor1", "editor1@example.org", "a-long-secret-1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login("6.6.6.6", "wrong")
    assert _login("6.6.6.6", "a-long-secret-1").status_code == 429  # the guesser's address is locked
    assert _login("198.51.100.7", "a-long-secret-1").status_code == 302  # the colleague is not
