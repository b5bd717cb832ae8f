"""Portal state changes: life events from their data file, demo content, the change stamp."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.roles import Role, grant
from gongkai.audit.services import record
from gongkai.catalog.models import Catalog
from gongkai.portal.models import LifeEvent, LifeEventStep, SiteState

SEED_DIR = Path(__file__).resolve().parent / "seed"
LIFE_EVENTS_PATH = SEED_DIR / "life-events.json"
DEMO_PATH = SEED_DIR / "demo-guides.json"


@transaction.atomic
def load_life_events(path: Path = LIFE_EVENTS_PATH) -> int:
    """Create the life events of the file's catalog, if that catalog exists and has none yet."""
    data = json.loads(path.read_text(encoding="utf-8"))
    catalog = Catalog.objects.filter(slug=data["catalog"]).first()
    if catalog is None or catalog.life_events.exists():
        return 0
    from gongkai.search.index import rebuild_items  # the search app imports the portal's visibility rules

    items = {item.seq: item for item in catalog.items.all()}
    for position, entry in enumerate(data["events"]):
        event = LifeEvent.objects.create(
            catalog=catalog,
            slug=entry["slug"],
            name=entry["name"],
            summary=entry["summary"],
            position=position,
        )
        LifeEventStep.objects.bulk_create(
            LifeEventStep(event=event, item=items[seq], position=i, when=when)
            for i, (seq, when) in enumerate(entry["steps"])
            if seq in items
        )
    # bulk_create sends no signals: tell the search index about the steps' words (去世, 退休 …) now.
    rebuild_items(step.item_id for step in LifeEventStep.objects.filter(event__catalog=catalog))
    record(
        "portal.life_events",
        actor_label="初始化",
        target=str(catalog),
        details={"events": len(data["events"])},
    )
    return len(data["events"])


def _demo_person(username: str, role: Role):
    User = get_user_model()
    # Active so the role checks pass, but with no usable password nobody can log in as them.
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.save()
    grant(user, role)
    return user


@transaction.atomic
def load_demo_content(path: Path = DEMO_PATH) -> int:
    """Sample guides for a few items, published through the normal two-person workflow, and the demo banner on."""
    from gongkai.guides import services as guides

    data = json.loads(path.read_text(encoding="utf-8"))
    catalog = Catalog.objects.filter(slug=data["catalog"]).first()
    if catalog is None:
        return 0
    editor = _demo_person("演示编辑", Role.EDITOR)
    reviewer = _demo_person("演示审核", Role.REVIEWER)
    loaded = 0
    for entry in data["guides"]:
        item = catalog.items.filter(seq=entry["seq"]).first()
        if item is None or item.guide_revisions.exists():
            continue
        rev = guides.start_revision(item, acting_user=editor)
        rev = guides.save_draft(
            rev,
            content=entry["content"],
            is_major=True,
            change_note="演示数据：首次发布",
            formed_on=timezone.localdate(),
            acting_user=editor,
        )
        guides.submit_revision(rev, acting_user=editor)
        guides.approve_revision(rev, acting_user=reviewer)
        loaded += 1
    SiteState.touch(is_demo=True)
    record("portal.demo", actor_label="初始化", details={"guides": loaded})
    return loaded
