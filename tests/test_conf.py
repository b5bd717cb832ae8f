import pytest
from django.core.exceptions import ImproperlyConfigured

from gongkai import conf


def test_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("GONGKAI_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_X"):
        conf.env_bool("X")


def test_int_refuses_words_and_small_numbers(monkeypatch):
    monkeypatch.setenv("GONGKAI_N", "ten")
    with pytest.raises(ImproperlyConfigured):
        conf.env_int("N", 1)
    monkeypatch.setenv("GONGKAI_N", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        conf.env_int("N", 1, minimum=1)


def test_data_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("GONGKAI_DATA_DIR", str(tmp_path / "elsewhere"))
    assert conf.data_dir() == (tmp_path / "elsewhere").resolve()
    monkeypatch.delenv("GONGKAI_DATA_DIR")
    assert conf.data_dir().name == "var"
