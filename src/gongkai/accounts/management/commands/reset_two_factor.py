"""`gongkai reset_two_factor USERNAME`: the admin's reset, for when no administrator can log in."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts import two_factor


class Command(BaseCommand):
    help = "重置一名工作人员的两步验证（手机丢了或换了时用）。重置后他只用密码登录，再自己重新开启。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="工作人员的用户名")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户名为 {username} 的账号", returncode=2)
        removed = two_factor.reset(user, actor_label="命令行")
        if removed:
            self.stdout.write(f"已重置 {username} 的两步验证。")
        else:
            self.stdout.write(f"{username} 本来就没有开启两步验证；已记入操作记录。")
