"""PDFs in a vertical script (traditional Mongolian), printed by Chromium.

WeasyPrint, which prints everything else, has no `writing-mode`. Turning a horizontal layout by 90° is not
Mongolian either: the lines of a block laid out top to bottom and turned clockwise come out as columns read
right to left, and turned the other way the letters lie on their backs. Chromium lays out `writing-mode:
vertical-lr` (lines top to bottom, columns left to right) and breaks it into pages, so these documents are
printed by Debian's `chromium` in headless mode, one process per document:

- the page is a local file: the template rendered to HTML with its stylesheet inlined and the fonts named by
  file path (the project's Mongolian font, the system's CJK fonts), so there is nothing to fetch. Its content
  security policy forbids scripts and any other load, and host names resolve to nothing, so a stray address
  in catalog text cannot make the server call out;
- it runs in its own temporary folder (profile, home, output) that is removed afterwards, with a time limit
  (`GONGKAI_PDF_TIMEOUT`) after which its whole process group is killed, and at most
  `GONGKAI_PDF_PARALLEL` run at once on the machine (lock files), since each takes a few hundred megabytes;
- any failure (no browser, time out, no output) is `PrintUnavailable`, for the caller to answer with a page
  that says so, and is logged with the end of Chromium's own messages.
"""

import fcntl
import html
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from contextlib import contextmanager, suppress
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

STYLESHEET = Path(__file__).parent / "static" / "printing" / "pdf-vertical.css"
# The project's subset of Noto Sans Mongolian (OFL), the same file the pages use.
MONGOLIAN_FONT = "portal/fonts/NotoSansMongolian-Regular.woff2"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
PAGE = {False: "A4", True: "A4 landscape"}


class PrintUnavailable(Exception):
    """The vertical PDF could not be made now (no browser, too slow, or it failed)."""


def browser() -> str | None:
    configured = getattr(settings, "PDF_CHROMIUM", "")
    if configured:
        return configured if Path(configured).exists() else None
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string that cannot end the string or the <style> element it sits in."""
    escaped = []
    for char in text:
        if char in "\"\\<>&'" or ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\{ord(char):x} ")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _counter(message: str, name: str, counter: str) -> str:
    """A translated "第 %(number)s 页" as CSS content: the words around the placeholder, the counter between."""
    before, found, after = message.partition(f"%({name})s")
    if not found:
        return css_string(message)
    return f"{css_string(before)} counter({counter}) {css_string(after)}"


def _font_url() -> str:
    path = finders.find(MONGOLIAN_FONT)
    if not path:
        raise PrintUnavailable(f"没有找到蒙古文字体 {MONGOLIAN_FONT}")
    return Path(path).resolve().as_uri()


def font_face() -> str:
    """The @font-face rule of the project's Mongolian font, by file path (the page may fetch nothing else)."""
    return (
        '@font-face { font-family: "GK Mongolian"; '
        f'src: url({css_string(_font_url())}) format("woff2"); unicode-range: U+1800-18AF, U+202F; }}'
    )


def page_style(context: dict, *, landscape: bool, request=None) -> str:
    """The stylesheet of one document: the font by file path, the page size, and the margins' texts (the
    footer of printing/base.html and the page count, which Chromium only draws in @page margin boxes)."""
    footer = render_to_string("printing/_page_footer.html", context, request=request)
    footer = html.unescape(footer).strip()  # HTML-escaped by the template; CSS-escaped below
    pages = f"{_counter(_('第 %(number)s 页'), 'number', 'page')} {css_string(' / ')} " + _counter(
        _("共 %(pages)s 页"), "pages", "pages"
    )
    return "\n".join(
        [
            font_face(),
            STYLESHEET.read_text(encoding="utf-8"),
            f"@page {{ size: {PAGE[landscape]}; "
            f"@left-top {{ content: {css_string(footer)}; }} "
            f"@right-bottom {{ content: {pages}; }} }}",
        ]
    )


# Nothing but the inlined stylesheet, the font file and the inline QR codes may load.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; font-src file:; img-src data:"


def _site_values() -> dict:
    from gongkai.printing.pdf import _site_values as values

    return values()


def render_vertical_pdf(
    template_name: str, context: dict, *, lang: str, landscape: bool = False, request=None
) -> bytes:
    """Render a template (extending printing/base.html) to PDF bytes in vertical lines, like
    `pdf.render_pdf` for the horizontal ones. Raises PrintUnavailable."""
    context = {"printed_on": timezone.localdate(), **context}
    if request is None:
        context = {**_site_values(), **context}
    context = {
        **context,
        "pdf_lang": lang,
        "vertical": True,
        "print_policy": POLICY,
        # Every text in it is a CSS string made by css_string (no quote, backslash or "<" gets through).
        "print_style": mark_safe(page_style(context, landscape=landscape, request=request)),  # noqa: S308
    }
    document = render_to_string(template_name, context, request=request)
    return print_html(document)


def _chromium_command(binary: str, folder: Path, page: Path, out: Path) -> list[str]:
    return [
        binary,
        "--headless",
        # The sandbox needs user namespaces a service account may not have; the page is our own template
        # with every text escaped, and its content security policy allows no script and no load.
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",  # a container's or service's small /dev/shm: shared memory in /tmp
        "--no-pdf-header-footer",
        f"--user-data-dir={folder / 'profile'}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-extensions",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-breakpad",
        "--no-first-run",
        "--no-default-browser-check",
        f"--print-to-pdf={out}",
        page.as_uri(),
    ]


def _slot_folder() -> Path:
    folder = Path(settings.DATA_DIR) / "printing"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def _slot(deadline: float):
    """One of GONGKAI_PDF_PARALLEL places on this machine, waiting for one until `deadline`."""
    folder = _slot_folder()
    places = max(1, getattr(settings, "PDF_PARALLEL", 2))
    while True:
        for number in range(places):
            handle = open(folder / f".chromium-{number}.lock", "a+b")  # noqa: SIM115 (closed below)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
            return
        if time.monotonic() >= deadline:
            log.warning("Chromium 打印排队超时：%s 个同时在打印", places)
            raise PrintUnavailable("打印的人太多，等不到空位")
        time.sleep(0.2)


def _tail(text: bytes, lines: int = 8) -> str:
    kept = [line for line in text.decode("utf-8", "replace").splitlines() if not re.search(r"dbus", line)]
    return "\n".join(kept[-lines:])


def print_html(document: str) -> bytes:
    """Print one HTML document (self-contained: inline styles, file: fonts) to PDF with Chromium."""
    binary = browser()
    if binary is None:
        raise PrintUnavailable("没有找到 Chromium（scripts/system-packages.sh 安装 chromium）")
    timeout = getattr(settings, "PDF_TIMEOUT", 30)
    deadline = time.monotonic() + timeout
    with _slot(deadline), tempfile.TemporaryDirectory(prefix="gongkai-print-") as name:
        folder = Path(name)
        page, out = folder / "page.html", folder / "page.pdf"
        page.write_text(document, encoding="utf-8")
        home = folder / "home"
        home.mkdir()
        # Its own home: Chromium and fontconfig write caches and crash folders there, not in the service's.
        env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home), "XDG_CACHE_HOME": str(home)}
        process = subprocess.Popen(
            _chromium_command(binary, folder, page, out),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=folder,
            start_new_session=True,  # its own process group: a time out ends the renderers too
        )
        try:
            _, errors = process.communicate(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _kill(process)
            log.error("Chromium 打印超时（%s 秒）", timeout)
            raise PrintUnavailable(f"打印超过 {timeout} 秒") from None
        except BaseException:
            _kill(process)
            raise
        pdf = out.read_bytes() if out.exists() else b""
        if process.returncode != 0 or not pdf.startswith(b"%PDF"):
            log.error("Chromium 打印失败（返回 %s）：\n%s", process.returncode, _tail(errors))
            raise PrintUnavailable("Chromium 没有生成 PDF")
        return pdf


def _kill(process: subprocess.Popen) -> None:
    """End a browser that is still running, with its helpers (its process group, started for it)."""
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        log.error("Chromium (pid %s) 没有结束", process.pid)
