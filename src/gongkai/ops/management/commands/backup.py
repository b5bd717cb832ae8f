"""`gongkai backup PATH`: one .tar with the database dump and its manifest; safe while the site runs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from gongkai.ops import backup


class Command(BaseCommand):
    help = (
        "备份数据库到一个 .tar 文件（含数据库导出和说明文件 manifest.json）。"
        "PATH 是目录时，在其中生成带日期的文件名。网站运行时也可以备份。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="备份文件名，或存放备份的目录")
        parser.add_argument(
            "--keep", type=int, metavar="N", help="PATH 是目录时，只保留最新的 N 个备份，删除更早的"
        )

    def handle(self, *args, path, keep=None, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep 至少是 1", returncode=2)
        try:
            target = self._backup(Path(path).expanduser())
        except backup.BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        except backup.ToolError as error:
            raise CommandError(str(error)) from None
        if keep is not None and target.parent == Path(path).expanduser():
            for old in backup.prune(target.parent, keep):
                self.stdout.write(f"已删除旧备份：{old}")

    def _backup(self, path: Path) -> Path:
        engine = backup.engine_of(connection)
        target = backup.archive_path(path, engine)
        if not target.parent.is_dir():
            raise backup.BackupError(f"目录不存在：{target.parent}")
        with backup.workdir_near(target.parent) as scratch:
            dump = scratch / backup.DUMP_NAMES[engine]
            self.stdout.write(f"正在备份 {backup.ENGINE_LABELS[engine]} 数据库……")
            backup.DUMPERS[engine](connection, dump)
            self.stdout.write("正在计算校验和……")
            manifest = backup.build_manifest(connection, dump)
            backup.write_archive(target, manifest, dump)
        size_mb = target.stat().st_size / 1024 / 1024
        self.stdout.write(self.style.SUCCESS(f"已写入备份：{target}（{size_mb:.1f} MB）"))
        return target
