"""How a change to the Chinese reaches the Mongolian texts: the save signals of each registered model (and of
its rows), and the bodies import, which writes in bulk and says so through `bodies.signals.tree_changed`."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from gongkai.translations import services


def connect_kind(kind) -> None:
    uid = f"mongolian-{kind.key}"
    post_save.connect(_saved, sender=kind.model, dispatch_uid=f"{uid}-saved")
    post_delete.connect(
        _deleted_many if kind.many else _deleted, sender=kind.model, dispatch_uid=f"{uid}-deleted"
    )
    if kind.rows is not None:
        relation = kind.model._meta.get_field(kind.rows.relation)
        row_model = relation.related_model
        post_save.connect(
            _row_changed(kind, relation.field.attname),
            sender=row_model,
            weak=False,
            dispatch_uid=f"{uid}-row-saved",
        )
        post_delete.connect(
            _row_changed(kind, relation.field.attname),
            sender=row_model,
            weak=False,
            dispatch_uid=f"{uid}-row-deleted",
        )


def _saved(sender, instance, created=False, raw=False, **kwargs):
    # A new object has no Mongolian yet; fixtures (raw) are loaded as they are.
    if not created and not raw:
        services.chinese_changed(instance)


def _deleted(sender, instance, **kwargs):
    from gongkai.translations.kinds import kind_of

    services.object_removed(kind_of(instance).key, instance.pk)


def _deleted_many(sender, instance, **kwargs):
    """Gathered per transaction (a catalog with all its items goes in one delete) and removed at commit."""
    from gongkai.translations.kinds import kind_of

    connection = transaction.get_connection()
    pending = any(callback[1] is _remove_gone for callback in connection.run_on_commit)
    if not pending:
        connection.gongkai_mongolian_gone = {}  # a rolled-back transaction's ids are not gone
    connection.gongkai_mongolian_gone.setdefault(kind_of(instance).key, set()).add(instance.pk)
    if not pending:
        transaction.on_commit(_remove_gone)


def _remove_gone():
    connection = transaction.get_connection()
    gone, connection.gongkai_mongolian_gone = getattr(connection, "gongkai_mongolian_gone", {}), {}
    for key, ids in gone.items():
        services.objects_removed(key, sorted(ids))


def _row_changed(kind, parent_id_field: str):
    def changed(sender, instance, raw=False, origin=None, **kwargs):
        if raw or _removing(kind.model, origin):
            return
        # Deleted along with its parent, the row has no parent left to compare.
        parent = kind.model.objects.filter(pk=getattr(instance, parent_id_field)).first()
        if parent is not None:
            services.chinese_changed(parent)

    return changed


def _removing(model, origin) -> bool:
    """Is this row going because its parent is being deleted (then the parent's Mongolian goes too)?"""
    if isinstance(origin, model):
        return True
    return getattr(origin, "model", None) is model


def bodies_changed(sender, action="", details=None, **kwargs):
    """The bodies import updates rows in bulk (no save signals) and names the bodies it changed."""
    from gongkai.bodies.models import Body
    from gongkai.translations.kinds import kind_of

    codes = (details or {}).get("changed") or []
    if action != "bodies.import" or not codes:
        return
    for body in Body.objects.filter(code__in=codes):
        try:
            kind_of(body)
        except LookupError:
            return
        services.chinese_changed(body)


def schedule_loaded(sender, years=(), **kwargs):
    services.recompute_deadlines(years)
