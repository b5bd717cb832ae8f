from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "gongkai.accounts"
    verbose_name = "账号与角色"

    def ready(self):
        from gongkai.accounts.roles import sync_role_permissions

        # Permissions exist only after every app has migrated, so the grant runs then, not in a migration.
        post_migrate.connect(sync_role_permissions, dispatch_uid="gongkai-role-permissions")
