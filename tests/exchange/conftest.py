import pytest

from .builders import county_document, sample_document


@pytest.fixture
def _data_dir():
    """Overrides the autouse fixture of tests/conftest.py, which needs Django's `settings`:
    these tests are pure Python and run with `-p no:django`."""


@pytest.fixture
def doc():
    return sample_document()


@pytest.fixture
def county():
    return county_document()
