"""Writing to the audit log. Every service function that changes state calls record()."""

from gongkai.audit.models import AuditEntry


def record(
    action: str, *, actor=None, actor_label: str = "", target: str = "", details=None, body=None
) -> AuditEntry:
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=actor_label or (actor.get_username() if actor else "系统"),
        action=action,
        target=target[:300],
        details=details or {},
        body=body,
    )
