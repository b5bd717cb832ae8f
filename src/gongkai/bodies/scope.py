"""The scope of a role: a body and everything below it.

A grant on a body covers its subtree, so "what may this person see" is a few path prefixes, and
filtering any table by it is one indexed condition on the owning body's path — the same number of
queries whether the county has five bodies or a league platform has four thousand.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from gongkai.bodies.models import Body


def covering_paths(paths: Iterable[str]) -> list[str]:
    """The fewest prefixes that cover the same subtrees (a grant below another grant adds nothing)."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(prefix) for prefix in kept):
            kept.append(path)
    return kept


def within(paths: Iterable[str], field: str = "body") -> Q:
    """Rows whose body (reached through `field`) is one of these bodies or below one of them.

    No paths means no rows: a person with no grant sees nothing, never everything.
    """
    prefixes = covering_paths(paths)
    if "" in prefixes:
        return Q()  # the whole installation, including rows that belong to no body (system entries)
    condition = Q(pk__in=[])
    lookup = "path__startswith" if field == "" else f"{field}__path__startswith"
    for prefix in prefixes:
        condition |= Q(**{lookup: prefix})
    return condition


def bodies_within(paths: Iterable[str]):
    """The bodies these grants reach, in tree order."""
    return Body.objects.filter(within(paths, field="")).order_by("path")


def is_within(body: Body, paths: Iterable[str]) -> bool:
    return any(body.path.startswith(prefix) for prefix in paths)
