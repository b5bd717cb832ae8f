from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gongkai.audit"
    verbose_name = "操作记录"

    def ready(self):
        from gongkai.audit.services import record
        from gongkai.bodies.signals import tree_changed

        def record_tree_change(sender, action, actor, actor_label, target, details, body, **signal):
            record(action, actor=actor, actor_label=actor_label, target=target, details=details, body=body)

        # The tree of bodies is below this app and cannot call it: it says what changed, we write it down.
        tree_changed.connect(record_tree_change, dispatch_uid="audit-tree-changed", weak=False)
