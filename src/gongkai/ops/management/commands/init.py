from django.core.management import call_command
from django.core.management.base import BaseCommand

from gongkai.bodies.services import load_demo_county
from gongkai.catalog.services import load_seed_if_empty
from gongkai.guides.demo import load_demo_content
from gongkai.lifeevents.services import load_life_events


class Command(BaseCommand):
    help = "建库并装入随附的社会保险公开目录（已有数据时不重复装入）。"

    def add_arguments(self, parser):
        parser.add_argument("--empty", action="store_true", help="只建库，不装入目录")
        parser.add_argument(
            "--demo",
            action="store_true",
            help="再装入一个演示旗县（旗政府、人社局、医保局、一个镇和一个嘎查）和几条演示办事指南，网站每页会标出“演示数据”",
        )

    def handle(self, *args, empty=False, demo=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        self.stdout.write("数据库已就绪。")
        if empty:
            return
        if demo:
            # First, so the seed catalog's bureau takes its place in the sample county's tree.
            county = load_demo_county(actor_label="gongkai init --demo")
            if county.added:
                self.stdout.write(f"已装入演示旗县：{len(county.added)} 个单位。")
        plan = load_seed_if_empty(actor_label="gongkai init")
        if plan is None:
            self.stdout.write("已有目录，未重复装入。")
        else:
            self.stdout.write(f"已装入目录：{plan.publisher}·{plan.catalog_title}，共 {len(plan.added)} 项。")
        if load_life_events():
            self.stdout.write("已装入“一件事”办事导引。")
        if demo:
            count = load_demo_content()
            self.stdout.write(f"已加入 {count} 条演示办事指南，网站每页都会标出“演示数据”。")
