import os
import shutil
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "启动门户网站（只在本机 127.0.0.1 上提供服务）。首次启动时自动建库并装入目录。"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="端口，默认 8000")
        parser.add_argument("--workers", type=int, default=2, help="工作进程数，默认 2")

    def handle(self, *args, port, workers, **options):
        if not 0 < port < 65536:
            raise CommandError("端口必须在 1 到 65535 之间")
        call_command("init", stdout=self.stdout)
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
        if gunicorn is None:
            raise CommandError("找不到 gunicorn，请先运行 make setup")
        self.stdout.write(f"门户已启动：http://127.0.0.1:{port}/  （按 Ctrl+C 停止）")
        self.stdout.flush()
        # exec so that Ctrl+C and service managers talk to gunicorn directly.
        os.execv(  # noqa: S606 (argv is fixed, no shell involved)
            gunicorn,
            [
                gunicorn,
                "gongkai.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                f"--workers={workers}",
                "--threads=4",
                "--access-logfile=-",
            ],
        )
