"""Shared fixtures: the seed catalog, synthetic catalogs of any size, and the fixed personas."""

import pytest

from tests.factories import make_document


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, settings):
    """Each test writes generated files into its own folder, never into ./var."""
    settings.DATA_DIR = tmp_path / "var"


@pytest.fixture
def seeded(db):
    from gongkai.catalog.services import load_seed_if_empty

    load_seed_if_empty(actor_label="test")
    from gongkai.catalog.models import Catalog

    return Catalog.objects.get(slug="zalaite-social-insurance")


@pytest.fixture
def catalog_of(db):
    """Build and import a synthetic catalog with n items: catalog_of(1000)."""
    from gongkai.catalog.models import Catalog
    from gongkai.catalog.services import import_catalog

    def build(n_items: int, **kwargs):
        doc = make_document(n_items, **kwargs)
        import_catalog(doc, actor_label="test")
        return Catalog.objects.get(area=doc["catalog"]["area"], publisher=doc["catalog"]["publisher"])

    return build
