"""The public portal as static files, for nginx's fallback copy or an outside web server (内外网隔离).

Pages are rendered in this process with Django's test `Client` (no network, no running server): the crawl
starts at the home page, the feed, the sitemap and every catalog's pages, and follows the root-relative
links it finds. A page `/a/b/` is written as `a/b/index.html`; files keep their names (`table.pdf`,
`feed.xml`). Static assets are copied from the collected static root when there is one (production, with
hashed names) or else from the staticfiles finders.

What a static copy cannot do (search, the application form and its status page, the elder-mode switch,
feedback) points to the dynamic service instead: links and form actions to those paths are rewritten to
`dynamic_url`.

A manifest (`.publish-manifest.json` in the output folder) keeps each written file's sha256 and the site's
change stamp (`SiteState.changed_at`). A run writes only files whose bytes changed and deletes files of
pages that no longer exist; with `changed_only` it stops at once when the stamp has not moved.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
import tempfile
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

MANIFEST = ".publish-manifest.json"
# Never published: staff side, API, health probe, static files (copied separately).
EXCLUDED = ("/admin/", "/staff/", "/api/", "/static/", "/healthz")
# Published as links to the live service, because a static file cannot answer them (in every language: the
# Mongolian twins under /mn/ too). The language switch remembers the choice in a cookie, so it is live too.
DYNAMIC = ("/search/", "/apply/", "/mode/", "/feedback/", "/lang/")

# Answered if the URL exists at all; a 404 there is not a broken link (another part may not ship them).
# The Django admin's own styles and scripts: no public page loads them.
STAFF_ASSETS = ("static/admin/",)
OPTIONAL_FORMATS = ("json", "csv", "xlsx", "docx")

LINK = re.compile(r"""\b(href|src|action)=(["'])(/[^"'#?]*)([^"']*)\2""")
SITEMAP_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")


@dataclass
class Result:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    broken: list[tuple[str, str, int]] = field(default_factory=list)  # (page, linked from, status)
    skipped: bool = False  # changed_only and the stamp had not moved
    stamp: str = ""

    @property
    def files(self) -> int:
        return len(self.written) + self.unchanged


def language_prefixes() -> tuple[str, ...]:
    """The prefixes of the public pages' other languages (gongkai.languages): /mn/… beside /…."""
    from django.conf import settings

    return tuple(f"/{code}/" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)


def _unprefixed(path: str) -> str:
    """The address without its language prefix: /mn/apply/ is the application form as much as /apply/ is."""
    for prefix in language_prefixes():
        if path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path


def _is_dynamic(path: str) -> bool:
    path = _unprefixed(path)
    return any(path.startswith(prefix) for prefix in DYNAMIC)


def _is_published(path: str) -> bool:
    return (
        path.startswith("/")
        and not path.startswith("//")
        and not _is_dynamic(path)
        and not any(
            bare.startswith(prefix) or bare == prefix.rstrip("/")
            for bare in (path, _unprefixed(path))
            for prefix in EXCLUDED
        )
    )


def file_for(url_path: str) -> str:
    """The output file (relative, with / separators) that serves `url_path`."""
    path = unquote(url_path).lstrip("/")
    if not path or path.endswith("/"):
        return path + "index.html"
    return path


def rewrite_dynamic(text: str, dynamic_url: str) -> str:
    """Point links and form actions for search, applications and display modes at the live service."""

    def swap(match: re.Match) -> str:
        attr, quote, path, rest = match.groups()
        if _is_dynamic(path):
            return f"{attr}={quote}{dynamic_url}{path}{rest}{quote}"
        return match.group(0)

    return LINK.sub(swap, text)


def links_in(text: str) -> list[str]:
    found = []
    for _attr, _quote, path, _rest in LINK.findall(text):
        path = html.unescape(path)
        if _rest and _rest.startswith("?"):
            continue  # query strings (filters, sorting) are not pages of their own
        found.append(path)
    return found


def _seed_paths(base_url: str) -> tuple[list[str], set[str]]:
    """Where the crawl starts, and which of those may quietly be missing."""
    from django.urls import NoReverseMatch, reverse

    from gongkai.catalog.models import Catalog

    # The Mongolian pages are linked from the Chinese ones only by the (live) switch and by absolute hreflang
    # addresses, which the crawl does not follow: their home and tables start crawls of their own.
    prefixes = language_prefixes()
    seeds = ["/", "/feed.xml", "/sitemap.xml", *prefixes]
    optional = {"/feed.xml", "/sitemap.xml"}
    for catalog in Catalog.objects.order_by("pk"):
        try:
            table = reverse("portal:catalog_table", args=[catalog.body.code, catalog.slug])
            seeds += [table, *(prefix + table[1:] for prefix in prefixes)]
            seeds.append(reverse("portal:catalog_pdf", args=[catalog.body.code, catalog.slug]))
            for fmt in OPTIONAL_FORMATS:
                path = reverse("portal:catalog_download", args=[catalog.body.code, catalog.slug, fmt])
                seeds.append(path)
                optional.add(path)
        except NoReverseMatch:
            continue
    return seeds, optional


def _sitemap_paths(text: str, base_url: str) -> list[str]:
    paths = []
    for loc in SITEMAP_LOC.findall(text):
        parts = urlsplit(html.unescape(loc))
        if parts.query:
            continue
        paths.append(parts.path or "/")
    return paths


def _redirect_page(location: str) -> bytes:
    safe = html.escape(location, quote=True)
    return (
        '<!doctype html><html lang="zh-Hans"><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={safe}"><title>页面已移动</title>'
        f'<p>页面已移动到 <a href="{safe}">{safe}</a>。</p></html>\n'
    ).encode()


def render_pages(*, base_url: str, dynamic_url: str, progress: bool = True) -> tuple[dict, list]:
    """Render every public page: {file: bytes}, and the broken links found on the way."""
    parts = urlsplit(base_url)
    host = parts.netloc or "testserver"
    secure = parts.scheme == "https"
    # A 404 of an optional URL is expected; broken links are reported by the caller, not logged per request.
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    try:
        return _crawl(host, secure, base_url, dynamic_url, progress)
    finally:
        request_log.setLevel(level)


def _crawl(host: str, secure: bool, base_url: str, dynamic_url: str, progress: bool) -> tuple[dict, list]:
    from django.conf import settings
    from django.test import Client, override_settings
    from tqdm import tqdm

    files: dict[str, bytes] = {}
    broken: list[tuple[str, str, int]] = []
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, host], PUBLIC_BASE_URL=base_url):
        client = Client(HTTP_HOST=host)
        seeds, optional = _seed_paths(base_url)
        queue = deque((path, "") for path in seeds)
        seen = set(seeds)
        bar = tqdm(total=len(queue), unit="页", desc="publish-static", disable=not progress or None)
        try:
            while queue:
                path, source = queue.popleft()
                bar.update(1)
                response = client.get(path, secure=secure)
                if response.status_code in (301, 302, 307, 308):
                    location = urlsplit(response["Location"])
                    target = location.path or "/"
                    if location.netloc in ("", host):
                        files.setdefault(file_for(path), _redirect_page(target))
                        new = [target]
                    else:
                        new = []
                    body = b""
                elif response.status_code != 200:
                    if path not in optional:
                        broken.append((path, source, response.status_code))
                    continue
                else:
                    body = b"".join(response) if response.streaming else response.content
                    new = []
                    content_type = response.get("Content-Type", "")
                    if content_type.startswith("text/html"):
                        text = body.decode(response.charset or "utf-8")
                        new = links_in(text)
                        body = rewrite_dynamic(text, dynamic_url).encode(response.charset or "utf-8")
                    elif path.endswith("sitemap.xml"):
                        new = _sitemap_paths(body.decode("utf-8", "replace"), base_url)
                    files[file_for(path)] = body
                for link in new:
                    if link not in seen and _is_published(link):
                        seen.add(link)
                        queue.append((link, path))
                        bar.total += 1
        finally:
            bar.close()
    return files, broken


def static_assets() -> dict[str, Path]:
    """{file under the output folder: source path} for every static file the pages may load."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    prefix = urlsplit(settings.STATIC_URL).path.strip("/")
    assets: dict[str, Path] = {}
    root = getattr(settings, "STATIC_ROOT", None)
    if root and Path(root).is_dir():
        for source in Path(root).rglob("*"):
            if source.is_file():
                assets[f"{prefix}/{source.relative_to(root).as_posix()}"] = source
        return {name: source for name, source in assets.items() if not name.startswith(STAFF_ASSETS)}
    for finder in finders.get_finders():
        for relative, storage in finder.list(["CVS", ".*", "*~"]):
            name = f"{prefix}/{Path(relative).as_posix()}"
            assets.setdefault(name, Path(storage.path(relative)))
    return {name: source for name, source in assets.items() if not name.startswith(STAFF_ASSETS)}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_manifest(outdir: Path) -> dict:
    try:
        return json.loads((outdir / MANIFEST).read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def publish(
    outdir: Path,
    *,
    base_url: str,
    dynamic_url: str,
    changed_only: bool = False,
    progress: bool = True,
) -> Result:
    from gongkai.publishing.models import SiteState

    outdir = Path(outdir)
    base_url = base_url.rstrip("/")
    dynamic_url = dynamic_url.rstrip("/")
    stamp = SiteState.current().changed_at.isoformat()
    options = {"base_url": base_url, "dynamic_url": dynamic_url}
    old = read_manifest(outdir)
    result = Result(stamp=stamp)
    if changed_only and old.get("stamp") == stamp and old.get("options") == options:
        result.skipped = True
        return result

    pages, result.broken = render_pages(base_url=base_url, dynamic_url=dynamic_url, progress=progress)
    old_files: dict[str, str] = old.get("files", {})
    new_files: dict[str, str] = {}
    outdir.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(pages.items()):
        digest = _sha256(data)
        new_files[name] = digest
        target = outdir / name
        if old_files.get(name) == digest and target.is_file():
            result.unchanged += 1
            continue
        _write_atomic(target, data)
        result.written.append(name)
    for name, source in sorted(static_assets().items()):
        if name in new_files:
            continue
        data = source.read_bytes()
        digest = _sha256(data)
        new_files[name] = digest
        target = outdir / name
        if old_files.get(name) == digest and target.is_file():
            result.unchanged += 1
            continue
        _write_atomic(target, data)
        result.written.append(name)
    for name in sorted(set(old_files) - set(new_files)):
        target = outdir / name
        if target.is_file():
            target.unlink()
        result.deleted.append(name)
        _prune_empty(target.parent, outdir)
    manifest = {"stamp": stamp, "options": options, "files": new_files}
    _write_atomic(outdir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    return result


def _prune_empty(folder: Path, root: Path) -> None:
    root = root.resolve()
    folder = folder.resolve()
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
