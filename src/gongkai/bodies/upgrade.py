"""Helpers for the migrations that put an existing one-bureau installation's rows under a body.

Migrations see historical models without treebeard's methods, so a root body's path is written here
the way treebeard writes it (4-character steps in base 36: the first root is "0001").
"""

from gongkai.bodies.codes import code_for_name

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4
FALLBACK_NAME = "本机关"


def _step(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def root_body(apps, name: str, **fields):
    """The root body called `name`, made as the last root when there is none (historical models)."""
    Body = apps.get_model("bodies", "Body")
    found = Body.objects.filter(name=name).order_by("path").first()
    if found is not None:
        return found
    roots = Body.objects.filter(depth=1).count()
    kind = fields.pop("kind", "工作部门")
    return Body.objects.create(
        path=_step(roots + 1), depth=1, numchild=0, code=code_for_name(name), name=name, kind=kind, **fields
    )


def default_body(apps):
    """The body an old installation's unowned rows belong to: its first catalog's, else a new one."""
    Catalog = apps.get_model("catalog", "Catalog")
    first = Catalog.objects.order_by("position", "id").select_related("body").first()
    if first is not None and first.body_id:
        return first.body
    Body = apps.get_model("bodies", "Body")
    root = Body.objects.filter(depth=1).order_by("path").first()
    return root or root_body(apps, FALLBACK_NAME)
