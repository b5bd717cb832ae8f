"""`gongkai restore PATH`: put a backup back, after checking its checksum, engine and migration state."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from gongkai.ops import backup, rotation


class Command(BaseCommand):
    help = (
        "用 gongkai backup 生成的备份覆盖当前数据库。先核对校验和与数据库类型，不符时不做任何改动"
        "（退出状态 2）。恢复前请先停止网站服务。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="备份文件（.tar），或解开后的备份目录")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="不询问，直接恢复"
        )
        parser.add_argument(
            "--force", action="store_true", help="备份来自更新的版本（含本程序没有的数据库迁移）时也恢复"
        )

    def handle(self, *args, path, interactive=True, force=False, **options):
        source = Path(path).expanduser()
        try:
            with backup.workdir_near(self._scratch_parent(source)) as scratch:
                manifest, dump = backup.read_backup(source, scratch)
                self._check(manifest, dump, force=force)
                if interactive and not self._confirmed(manifest):
                    raise CommandError("已取消，数据库没有改动。", returncode=2)
                self.stdout.write(f"正在恢复 {backup.ENGINE_LABELS[manifest['engine']]} 数据库……")
                backup.RESTORERS[manifest["engine"]](connection, dump)
        except backup.BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        except backup.ToolError as error:
            raise CommandError(str(error)) from None
        self._after_restore(manifest)

    @staticmethod
    def _scratch_parent(source: Path) -> Path:
        # Unpack next to the backup when we may write there; otherwise into the system's temporary folder.
        parent = source.parent if source.is_file() else source
        return parent if os.access(parent, os.W_OK) else Path(tempfile.gettempdir())

    def _check(self, manifest: dict, dump: Path, *, force: bool) -> None:
        self.stdout.write(
            f"备份：{manifest['created_at']} · {backup.ENGINE_LABELS[manifest['engine']]} · "
            f"版本 {manifest.get('gongkai_version', '?')}"
        )
        self.stdout.write("正在核对校验和……")
        backup.verify(manifest, dump, connection)
        newer = backup.unknown_migrations(manifest.get("migrations") or {})
        if newer and not force:
            raise backup.BackupError(
                "这个备份来自更新的版本，含有本程序没有的数据库迁移："
                + "、".join(newer[:5])
                + ("等" if len(newer) > 5 else "")
                + "。请用生成备份的版本恢复，或加 --force。没有恢复任何数据。"
            )

    def _confirmed(self, manifest: dict) -> bool:
        name = connection.settings_dict["NAME"]
        answer = input(
            f"将用 {manifest['created_at']} 的备份覆盖数据库 {name}，现有数据会被替换。\n"
            "请先停止网站服务（systemctl stop gongkai）。输入 yes 继续："
        )
        return answer.strip().lower() == "yes"

    def _after_restore(self, manifest: dict) -> None:
        self.stdout.write(self.style.SUCCESS("恢复完成。"))
        pending = backup.pending_migrations(connection)
        if pending:
            self.stdout.write(
                f"备份比当前程序旧，还有 {pending} 个数据库迁移未执行：请运行 gongkai migrate。"
            )
            return
        self._refresh_public_caches()
        self._check_data_keys()

    def _check_data_keys(self) -> None:
        failing = rotation.undecryptable_fields()
        if failing:
            self.stderr.write(
                "警告：当前的 GONGKAI_DATA_KEYS 解不开备份中的个人信息（"
                + "、".join(failing)
                + "）。备份早于密钥轮换时，请把当时的旧密钥加回 GONGKAI_DATA_KEYS（放在新密钥后面）再重启服务。"
            )

    def _refresh_public_caches(self) -> None:
        """Move the site's change stamp on, so browsers and nginx drop pages cached before the restore."""
        from gongkai.publishing.models import SiteState

        try:
            SiteState.touch()
        except DatabaseError:
            self.stdout.write("提示：未能更新网站内容时间戳，缓存的页面会在一分钟内自然过期。")
