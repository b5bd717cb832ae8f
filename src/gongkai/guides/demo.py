"""Demo content for `gongkai init --demo`: sample guides published through the normal two-person workflow.

Every public page then says 演示数据, so nobody takes the sample for the bureau's own guide.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.roles import Role, grant
from gongkai.audit.services import record
from gongkai.catalog.models import Catalog
from gongkai.publishing.models import SiteState

DEMO_PATH = Path(__file__).resolve().parent / "seed" / "demo-guides.json"


def _demo_person(username: str, role: Role):
    User = get_user_model()
    # Active so the role checks pass, but with no usable password nobody can log in as them.
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.save()
    grant(user, role)
    return user


def _publish_translation(item, translation: dict, editor, reviewer) -> None:
    """The sample's Mongolian, through the same review (a few items, to show the Mongolian pages)."""
    from gongkai.guides import services as guides

    rev = guides.start_translation(item, acting_user=editor)
    rev = guides.save_draft(
        rev,
        content=translation,
        is_major=True,
        change_note="演示数据：译自中文第1版",
        formed_on=None,
        acting_user=editor,
    )
    guides.submit_revision(rev, acting_user=editor, missing_confirmed=True)
    guides.approve_revision(rev, acting_user=reviewer, missing_confirmed=True)


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
        if "mongolian" in entry:
            _publish_translation(item, entry["mongolian"], editor, reviewer)
        loaded += 1
    # The sample's group names, 退休 and the county's contact blocks in Mongolian too (演示数据).
    from gongkai.translations.demo import load_demo_texts

    load_demo_texts(editor, reviewer)
    SiteState.touch(is_demo=True)
    record("guides.demo", actor_label="初始化", details={"guides": loaded})
    return loaded
