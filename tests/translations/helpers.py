"""GIVEN-helpers for Mongolian texts: walk one through the real workflow, change the Chinese the real way."""

from gongkai.catalog.services import catalog_document, import_catalog
from gongkai.translations import services

# Drafted for the tests (traditional script): 社会保险登记, 退休, 领取养老金, 音德尔镇.
GROUP_MN = "ᠨᠡᠶᠢᠭᠡᠮ ᠦᠨ ᠳᠠᠭᠠᠳᠬᠠᠯ ᠤᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ"
EVENT_MN = "ᠲᠡᠲᠭᠦᠯᠢ ᠳᠦ ᠭᠠᠷᠬᠤ"
SUMMARY_MN = "ᠲᠡᠲᠭᠦᠯᠢ ᠶᠢᠨ ᠮᠥᠩᠭᠡ ᠠᠪᠬᠤ"
ADDRESS_MN = "ᠶᠢᠨᠳᠡᠷ ᠪᠠᠯᠭᠠᠰᠤ"


def publish_text(obj, editor, reviewer, texts: dict):
    """Saved by `editor`, submitted, approved (published) by `reviewer`."""
    tr = services.save_draft(obj, texts=texts, acting_user=editor)
    tr = services.submit(tr, acting_user=editor)
    return services.approve(tr, acting_user=reviewer)


def rename_group_by_import(catalog, old: str, new: str):
    """Re-import the catalog's own document with one group renamed, as a county's corrected file would."""
    doc = catalog_document(catalog)
    for entry in doc["items"]:
        if entry["category"] == old:
            entry["category"] = new
            entry["group_path"] = [new, *entry["group_path"][1:]]
    return import_catalog(doc, body=catalog.body, actor_label="test")
