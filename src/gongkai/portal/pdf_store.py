"""Stored PDFs: the catalog table and the notice-board packs, rendered once per change of the site.

These documents cover a whole catalog and took seconds to render on every request. Now each is rendered
once for the site's change stamp (`SiteState`) and the address it links to, kept in DATA_DIR/pdf/, and
served from there until something changes. A publication renders them in the background as soon as it
commits; otherwise the first request after a change renders them. A lock file per document lets only one
process or thread render it: the others wait for it and then serve the same file. Each language has its own
files (the Chinese keep their names, the others add `.<code>`), so a Chinese and a Mongolian pack never mix.
"""

import fcntl
import hashlib
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager, suppress
from pathlib import Path

from django.conf import settings
from django.db import connections

log = logging.getLogger(__name__)

# Tests turn this off so that a publication does not start a render behind their back.
RENDER_IN_BACKGROUND = True
STALE_SECONDS = 3600


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stamp_of(state) -> str:
    """A short name for one version of the site's content (what a stored file was rendered from)."""
    key = f"{state.changed_at.isoformat()}|{state.is_demo}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _prefix(name: str, base_url: str, language: str | None = None) -> str:
    # One file per document, language and address: a QR code must lead back to where the PDF was fetched
    # from, in the language it was fetched in.
    where = hashlib.sha256(base_url.encode()).hexdigest()[:8]
    if language and language != settings.LANGUAGE_CODE:
        name = f"{name}.{language}"
    return f"{name}--{where}--"


@contextmanager
def _locked(prefix: str):
    with open(_folder() / f".{prefix}lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def stored_pdf(
    name: str, *, base_url: str, stamp: str, render: Callable[[], bytes], language: str | None = None
) -> Path:
    """The stored file for this document, version, address and language (None: Chinese), rendering it
    first if there is none. A render that raises stores nothing (the next request tries again)."""
    prefix = _prefix(name, base_url, language)
    target = _folder() / f"{prefix}{stamp}.pdf"
    if target.exists():
        return target
    with _locked(prefix):
        if target.exists():  # rendered by someone else while this one waited for the lock
            return target
        pdf = render()
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".rendering-", suffix=".pdf")
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
        os.replace(temporary, target)
        for old in target.parent.glob(f"{prefix}*.pdf"):
            if old != target:
                old.unlink(missing_ok=True)
        # A render cut off by a killed process leaves its temporary file behind.
        for stale in target.parent.glob(".rendering-*.pdf"):
            with suppress(FileNotFoundError):  # another process may clean up at the same time
                if time.time() - stale.stat().st_mtime > STALE_SECONDS:
                    stale.unlink()
    return target


def render_in_background(job: Callable[[], None]) -> threading.Thread | None:
    """Run `job` in a thread of its own (with its own database connection), logging any failure."""
    if not RENDER_IN_BACKGROUND:
        return None

    def run():
        try:
            job()
        except Exception:  # a failed render is retried by the next request; it must not go unnoticed
            log.exception("PDF 后台生成失败")
        finally:
            connections.close_all()  # this thread's own connections

    # Not a daemon: a command that publishes (`gongkai publish_due`) waits for the render before it exits,
    # rather than leaving it half done.
    thread = threading.Thread(target=run, name="gongkai-pdf", daemon=False)
    thread.start()
    return thread
