"""Helpers for the operations tests: what a restore must bring back, and running the CLI as a child."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def snapshot() -> dict:
    """Everything the restore tests compare: full catalog documents, record counts, decrypted phones."""
    from django.contrib.auth.models import User

    from gongkai.audit.models import AuditEntry
    from gongkai.catalog.models import Catalog
    from gongkai.catalog.services import catalog_document
    from gongkai.guides.models import GuideRevision
    from gongkai.inforequests.models import Application

    state = {
        "catalogs": [catalog_document(c) for c in Catalog.objects.order_by("slug")],
        "applications": Application.objects.count(),
        "guides": GuideRevision.objects.count(),
        "phones": sorted(Application.objects.values_list("phone", flat=True)),
        "id_numbers": sorted(Application.objects.values_list("id_number", flat=True)),
        "audit_entries": AuditEntry.objects.count(),
        "users": sorted(User.objects.values_list("username", flat=True)),
    }
    # Through JSON, so dates compare the same way in this process and in a child's printed output.
    return json.loads(json.dumps(state, ensure_ascii=False, default=str))


SNAPSHOT_SCRIPT = (
    "import json, django; django.setup(); from tests.ops.helpers import snapshot; "
    "print(json.dumps(snapshot(), ensure_ascii=False))"
)


def child_env(**overrides) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.settings", "PYTHONPATH": str(ROOT)}
    env.update({key: str(value) for key, value in overrides.items() if value is not None})
    for key in [key for key, value in overrides.items() if value is None]:
        env.pop(key, None)
    return env


def gongkai(*args, env: dict, timeout: int = 120, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    """Run the console script in a child process, from the repository root, with no terminal to answer
    questions on (as from cron), whether or not the tests themselves run in one."""
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *args],
        env=env,
        cwd=ROOT,
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def child_snapshot(env: dict) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", SNAPSHOT_SCRIPT],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])
