"""`gongkai rotate_data_key`: after rotating, the newest key alone opens every stored value."""

import datetime
import io

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from gongkai.inforequests.models import Application
from tests.inforequests.helpers import received


def run(*args) -> str:
    out = io.StringIO()
    call_command("rotate_data_key", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def stored(column: str) -> list[str]:
    """The ciphertexts exactly as the database holds them."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM inforequests_application ORDER BY id")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def applications(officer, data_keys):
    """Three applications written under the old key; returns (old key, their plain ID numbers)."""
    old = Fernet.generate_key().decode()
    data_keys(old)
    ids = ["11010519491231002X", "150000199001011234", "152223198506060011"]
    for day, id_number in enumerate(ids, start=1):
        received(officer, datetime.date(2026, 10, day), id_number=id_number, phone=f"1380000{day:04d}")
    return old, ids


@pytest.mark.django_db
def test_rotation_leaves_data_readable_with_only_the_new_key(applications, data_keys):
    # GIVEN data encrypted with the old key, and a new key put in front of it
    old, ids = applications
    new = Fernet.generate_key().decode()
    data_keys(new, old)
    # WHEN the data key is rotated, in batches smaller than the table
    output = run("--batch-size", "2")
    # THEN every value was re-encrypted and reported
    assert "3 条记录，重新加密 6 个值" in output
    # AND with the old key gone, everything still decrypts
    data_keys(new)
    assert sorted(Application.objects.values_list("id_number", flat=True)) == sorted(ids)
    for token in stored("id_number") + stored("phone"):
        Fernet(new.encode()).decrypt(token.encode())
        with pytest.raises(InvalidToken):
            Fernet(old.encode()).decrypt(token.encode())


@pytest.mark.django_db
def test_rotation_can_run_again(applications, data_keys):
    old, ids = applications
    new = Fernet.generate_key().decode()
    data_keys(new, old)
    run()
    assert "重新加密 6 个值" in run()
    data_keys(new)
    assert sorted(Application.objects.values_list("id_number", flat=True)) == sorted(ids)


@pytest.mark.django_db
def test_a_missing_old_key_stops_with_a_clear_message(applications, data_keys):
    old, ids = applications
    data_keys(Fernet.generate_key().decode())  # the old key was dropped too early
    with pytest.raises(CommandError) as caught:
        run()
    assert caught.value.returncode == 2
    assert "无法用现有任何密钥解密" in str(caught.value)
    assert "GONGKAI_DATA_KEYS" in str(caught.value)
    data_keys(old)
    assert sorted(Application.objects.values_list("id_number", flat=True)) == sorted(ids)  # nothing lost
