"""`gongkai rotate_data_key`: re-encrypt all personal data with the first key in GONGKAI_DATA_KEYS."""

from django.core.management.base import BaseCommand, CommandError

from gongkai import crypto
from gongkai.conf import env_list
from gongkai.ops import rotation
from gongkai.ops.backup import progress


class Command(BaseCommand):
    help = (
        "用 GONGKAI_DATA_KEYS 中的第一个（最新的）密钥重新加密所有个人信息（证件号码、电话等）。"
        "分批进行，每批单独提交，中断后可以重新运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="每批处理的记录数，默认 500")

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size 至少是 1", returncode=2)
        crypto.cipher()  # a malformed key stops here, before any batch is written
        keys = len(env_list("DATA_KEYS")) or 1
        if keys == 1:
            self.stdout.write("只配置了一个密钥：将用它重新加密，可借此确认全部数据都能解密。")
        results = [self._rotate(model, fields, batch_size) for model, fields in rotation.encrypted_models()]
        self._report(results, keys)

    def _rotate(self, model, fields, batch_size: int) -> rotation.Rotated:
        names = "、".join(str(f.verbose_name) for f in fields)
        total = rotation.row_count(model)
        self.stdout.write(f"正在重新加密：{model._meta.verbose_name}（{names}），共 {total} 条记录")
        with progress(total=total, desc=str(model._meta.verbose_name), unit="条") as bar:
            try:
                return rotation.rotate_model(model, fields, batch_size=batch_size, on_batch=bar.update)
            except rotation.UndecryptableValue as error:
                raise CommandError(
                    f"{error}。已处理的批次已经提交；请检查 GONGKAI_DATA_KEYS 是否漏了旧密钥，然后重新运行。",
                    returncode=2,
                ) from None

    def _report(self, results: list[rotation.Rotated], keys: int) -> None:
        for r in results:
            line = f"{r.label}：{r.rows} 条记录，重新加密 {r.values} 个值"
            if r.skipped:
                line += f"，{r.skipped} 个值在此期间被修改过（已是新密钥），跳过"
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("完成：所有个人信息都已使用最新密钥加密。"))
        if keys > 1:
            self.stdout.write(
                "确认网站运行正常并做好备份后，可以从 GONGKAI_DATA_KEYS 中删去旧密钥，再重启服务。"
            )
