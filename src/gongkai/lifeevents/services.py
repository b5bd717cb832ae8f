"""Life events from their data file (one function per state change, as everywhere)."""

import json
from pathlib import Path

from django.db import transaction

from gongkai.audit.services import record
from gongkai.catalog.models import Catalog
from gongkai.lifeevents.models import LifeEvent, LifeEventStep

LIFE_EVENTS_PATH = Path(__file__).resolve().parent / "seed" / "life-events.json"


@transaction.atomic
def load_life_events(path: Path = LIFE_EVENTS_PATH) -> int:
    """Create the life events of the file's catalog, if that catalog exists and has none yet."""
    data = json.loads(path.read_text(encoding="utf-8"))
    catalog = Catalog.objects.filter(slug=data["catalog"]).first()
    if catalog is None or catalog.life_events.exists():
        return 0
    from gongkai.search.index import rebuild_items  # search indexes the steps, so it imports this app

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
        "lifeevents.load",
        actor_label="初始化",
        target=str(catalog),
        details={"events": len(data["events"])},
    )
    return len(data["events"])
