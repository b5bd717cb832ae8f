"""Demo Mongolian texts for `gongkai init --demo` (演示数据): two group names, the 退休 life event and the demo
county's government and bureau, published through the normal two-person workflow."""

import json
from pathlib import Path

from django.apps import apps
from django.db import transaction

from gongkai.audit.services import record
from gongkai.bodies.models import Body
from gongkai.translations import services

DEMO_PATH = Path(__file__).resolve().parent / "seed" / "demo-mongolian.json"


def _publish(obj, texts: dict, editor, reviewer) -> bool:
    if services.versions(obj).exists():
        return False  # loaded before, or written by the staff since: left as it is
    tr = services.save_draft(obj, texts=texts, acting_user=editor)
    services.approve(services.submit(tr, acting_user=editor), acting_user=reviewer)
    return True


@transaction.atomic
def load_demo_texts(editor, reviewer, path: Path = DEMO_PATH) -> int:
    """Publish the sample's Mongolian texts of whatever exists of them; returns how many were published."""
    data = json.loads(path.read_text(encoding="utf-8"))
    Catalog = apps.get_model("catalog", "Catalog")
    catalog = Catalog.objects.filter(slug=data["catalog"]).first()
    loaded = 0
    if catalog is not None:
        for entry in data["groups"]:
            group = catalog.categories.filter(name=entry["name"]).first()
            if group is not None:
                loaded += _publish(group, entry["mongolian"], editor, reviewer)
        for entry in data["events"]:
            event = catalog.life_events.filter(slug=entry["slug"]).first()
            if event is None:
                continue
            texts = dict(entry["mongolian"])
            for step in event.steps.select_related("item"):
                if str(step.item.seq) in entry["steps"]:
                    texts[f"steps.{step.pk}"] = entry["steps"][str(step.item.seq)]
            loaded += _publish(event, texts, editor, reviewer)
    for entry in data["bodies"]:
        body = Body.objects.filter(code=entry["code"]).first()
        if body is not None:
            loaded += _publish(body, entry["mongolian"], editor, reviewer)
    record("mongolian.demo", actor_label="初始化", details={"texts": loaded, "note": data["note"]})
    return loaded
