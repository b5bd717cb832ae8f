"""Small catalogs built for search tests: items named to make each ranking rule visible."""

from gongkai.catalog.models import Catalog
from gongkai.catalog.services import import_catalog
from tests.factories import body_named, make_document


def catalog_with(names_by_group: dict[str, list[str]], *, publisher="测试旗人力资源社会保障局", levels=None):
    """Import a catalog whose groups and item names are given; seqs run 1, 2, 3 … in order."""
    doc = make_document(1, publisher=publisher)
    template = doc["items"][0]
    doc["items"] = []
    for group, names in names_by_group.items():
        for name in names:
            seq = len(doc["items"]) + 1
            item = {**template, "seq": seq, "category": group, "name": name}
            if levels:
                item["levels"] = levels(seq)
            doc["items"].append(item)
    import_catalog(doc, body=body_named(publisher), actor_label="test")
    return Catalog.objects.get(publisher=publisher)


def seqs(result) -> list[int]:
    return [hit.entry.seq for hit in result.hits]
