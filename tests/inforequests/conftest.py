import pytest


@pytest.fixture(autouse=True)
def _bureau(bureau):
    """Applications and reports belong to a body: the seed's bureau, as on a fresh install."""
    return bureau
