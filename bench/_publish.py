"""Helper of bench/load.py: a process that has Django ready and imports a catalog file when told to.

    python bench/_publish.py PATH      # with GONGKAI_DATA_DIR set to the server's data directory

Prints "ready" once set up, waits for a line on stdin, imports PATH through `gongkai catalog import` (a
publishing service: it moves the site's change stamp) and prints "done". Setting Django up first keeps the
publication itself to about a second, so a short load run sees it.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    print("ready", flush=True)
    sys.stdin.readline()
    call_command("catalog", "import", sys.argv[1], stdout=open(os.devnull, "w"))  # noqa: SIM115
    print("done", flush=True)


if __name__ == "__main__":
    main()
