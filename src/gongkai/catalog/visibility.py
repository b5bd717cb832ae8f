"""Who may see what: the catalog's 公开对象 and 公开方式 decide how an item appears to the public.

- Items for specific groups only (特定群众) are not shown to the anonymous public.
- Items disclosed only on request (依申请公开) are listed with how to apply, not with their content.
- Items whose tick cells are blank in the source are shown (with their data warning): hiding them would
  silently "fix" the source, and the rows they were merged with are public.
"""

RESTRICTED_AUDIENCE = frozenset({"特定群众", "特定对象", "特定人群"})
ON_REQUEST_METHOD = frozenset({"依申请公开", "依申请"})


def is_public(item) -> bool:
    return not item.audience or any(word not in RESTRICTED_AUDIENCE for word in item.audience)


def on_request_only(item) -> bool:
    return bool(item.method) and all(word in ON_REQUEST_METHOD for word in item.method)


def public_items(items):
    """Filter an already-fetched list in Python, so list pages keep their fixed query count."""
    return [item for item in items if is_public(item)]
