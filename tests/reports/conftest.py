import pytest

from gongkai.reports import services
from tests.reports.helpers import build_year_of_cases, fill_report


@pytest.fixture
def known_year(officer):
    return build_year_of_cases(officer)


@pytest.fixture
def draft_report(known_year, officer):
    return fill_report(officer)


@pytest.fixture
def published_report(draft_report, officer):
    return services.publish_report(draft_report, acting_user=officer)


@pytest.fixture(autouse=True)
def _bureau(bureau):
    """Applications and reports belong to a body: the seed's bureau, as on a fresh install."""
    return bureau
