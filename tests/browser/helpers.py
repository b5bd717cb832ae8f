"""What the browser tests share: page addresses, measuring elements, and readable axe reports."""

import os
from pathlib import Path

SEED = "zalaite-social-insurance"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

# The public pages a citizen reaches, by a short name used in test ids and screenshot names.
PAGES = {
    "home": "/",
    "catalog": "/catalog/",
    "group": f"/catalog/{SEED}/g/0/",
    "item": f"/catalog/{SEED}/4/",
    "search": "/search/?q=社保卡",
    "event": "/events/retirement/",
    "kiosk": "/kiosk/",
}

# Focus is visible when it draws an outline or a ring.
FOCUS_STYLE_JS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    name: (el.getAttribute('aria-label') || el.innerText || el.value || '').trim(),
    outline: style.outlineStyle === 'none' ? 'none' : `${style.outlineStyle} ${style.outlineWidth}`,
    shadow: style.boxShadow,
  };
}"""


def has_visible_focus(focus: dict) -> bool:
    outline = focus["outline"] != "none" and not focus["outline"].endswith(" 0px")
    return outline or focus["shadow"] != "none"


def set_elder(context, base_url: str) -> None:
    """Large-text mode, as the 大字版 link leaves it: the cookie the server reads."""
    context.add_cookies([{"name": "gk_elder", "value": "1", "url": base_url}])


def set_contrast(context) -> None:
    """High contrast, as the toolbar leaves it: the choice the browser remembers (localStorage)."""
    context.add_init_script("window.localStorage.setItem('gk-tools', JSON.stringify({contrast: true}));")


def no_horizontal_scroll(page) -> tuple[bool, int, int]:
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return width <= inner, width, inner


def boxes(locator) -> list[dict]:
    """Bounding boxes of every visible match (x, y, width, height in CSS pixels)."""
    found = []
    for index in range(locator.count()):
        box = locator.nth(index).bounding_box()
        if box and box["width"] > 1 and box["height"] > 1:
            found.append(box)
    return found


def too_small(page, selector: str, minimum: float) -> list[str]:
    """Visible targets under `minimum` CSS pixels tall, described for the assertion message."""
    return page.eval_on_selector_all(
        selector,
        """(els, minimum) => els
          .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
          .map(el => [el, el.getBoundingClientRect()])
          .filter(([el, r]) => r.width > 1 && r.height < minimum)
          .map(([el, r]) => `${el.innerText.trim().slice(0, 20)}: ${Math.round(r.height)}px`)""",
        minimum,
    )


def screenshot_dir(tmp_path) -> Path:
    """Where screenshots go: GONGKAI_SCREENSHOTS if set (to keep and look at them), else the test's tmp dir."""
    kept = os.environ.get("GONGKAI_SCREENSHOTS")
    folder = Path(kept) if kept else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def describe_violations(violations: list[dict]) -> str:
    """axe's findings as lines a person can act on: rule, impact, help, and the offending nodes."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:8]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}\n      {summary[:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


def artefacts_dir(tmp_path_factory) -> Path:
    """Screenshots to look at after a run: GONGKAI_SCREENSHOTS if set, else <pytest's base temp>/artefacts."""
    kept = os.environ.get("GONGKAI_SCREENSHOTS")
    folder = Path(kept) if kept else tmp_path_factory.getbasetemp() / "artefacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
