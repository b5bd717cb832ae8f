"""Letters carry a number from their body's register (机关代字〔年〕号), the 复议机关 and court in the reply's
remedies paragraph, and whom to contact (LetterHead). Letters already issued are numbered in order."""

import django.db.models.deletion
from django.db import migrations, models

# Frozen here: the letter kinds each event issues and their type words, as letters.py had them when the
# registers began.
KIND_OF_EVENT = {
    "received": "receipt",
    "correction_requested": "correction",
    "consultation_sent": "consultation",
    "extension_approved": "extension",
    "fee_notice_sent": "fee_notice",
    "replied": "reply",
    "correction_lapsed": "reply",
    "fee_lapsed": "reply",
}
TYPE_WORDS = {
    "receipt": "依申受",
    "correction": "依申补",
    "consultation": "依申征",
    "extension": "依申延",
    "fee_notice": "依申费",
    "reply": "依申答",
}
OLD_REMEDIES = (
    "如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议，"
    "或者自收到本答复之日起六个月内依法向人民法院提起行政诉讼。"
)
NEW_REMEDIES = (
    "如对本答复不服，可以自收到本答复之日起六十日内依法向{{ 复议机关 }}申请行政复议，"
    "或者自收到本答复之日起六个月内依法向{{ 管辖法院 }}提起行政诉讼。"
)


def number_letters_already_issued(apps, schema_editor):
    """Every letter issued so far gets its number, in the order the steps happened, per body, kind and year
    (the letters printed before carried the old 〔年〕第N号 count, which was not a register)."""
    CaseEvent = apps.get_model("inforequests", "CaseEvent")
    LetterNumber = apps.get_model("inforequests", "LetterNumber")
    LetterRegister = apps.get_model("inforequests", "LetterRegister")
    last = {}
    numbers = []
    events = (
        CaseEvent.objects.filter(kind__in=list(KIND_OF_EVENT))
        .select_related("application__body")
        .order_by("on", "id")
    )
    for event in events.iterator():
        body = event.application.body
        kind = KIND_OF_EVENT[event.kind]
        key = (body.pk, kind, event.on.year)
        last[key] = last.get(key, 0) + 1
        word = (body.short_name or body.name) + TYPE_WORDS[kind]
        numbers.append(
            LetterNumber(
                event=event, body=body, kind=kind, year=event.on.year, number=last[key], code_word=word
            )
        )
    LetterNumber.objects.bulk_create(numbers, batch_size=1000)
    LetterRegister.objects.bulk_create(
        [
            LetterRegister(body_id=body_id, kind=kind, year=year, last_number=n)
            for (body_id, kind, year), n in last.items()
        ]
    )


def remedies_name_the_review_body_and_court(apps, schema_editor):
    """A reply template still holding the remedies sentence as first installed now names where to go."""
    DocumentTemplate = apps.get_model("inforequests", "DocumentTemplate")
    for row in DocumentTemplate.objects.filter(kind="reply", body__contains=OLD_REMEDIES):
        row.body = row.body.replace(OLD_REMEDIES, NEW_REMEDIES)
        row.save(update_fields=["body"])


def remedies_as_before(apps, schema_editor):
    DocumentTemplate = apps.get_model("inforequests", "DocumentTemplate")
    for row in DocumentTemplate.objects.filter(kind="reply", body__contains=NEW_REMEDIES):
        row.body = row.body.replace(NEW_REMEDIES, OLD_REMEDIES)
        row.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [
        ("bodies", "0001_bodies"),
        ("inforequests", "0005_office_heads_from_extensions"),
    ]

    operations = [
        migrations.CreateModel(
            name="LetterHead",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code_word",
                    models.CharField(
                        blank=True,
                        help_text="文书编号开头的机关代字，例如“扎人社”；留空时用机关简称",
                        max_length=20,
                        verbose_name="机关代字",
                    ),
                ),
                (
                    "contact_person",
                    models.CharField(
                        blank=True,
                        help_text="印在文书末尾；留空时用这件申请的承办人姓名",
                        max_length=50,
                        verbose_name="联系人",
                    ),
                ),
                (
                    "contact_phone",
                    models.CharField(
                        blank=True,
                        help_text="留空时用本机关政府信息公开工作机构的电话",
                        max_length=50,
                        verbose_name="联系电话",
                    ),
                ),
                (
                    "review_body",
                    models.CharField(
                        blank=True,
                        help_text="留空时自动填上一级人民政府（机关树上本机关上面最近的人民政府）。机关树上没有上一级政府的，请在这里填写",
                        max_length=200,
                        verbose_name="行政复议机关",
                    ),
                ),
                (
                    "court",
                    models.CharField(
                        blank=True,
                        help_text="答复书告知提起行政诉讼的人民法院，例如“扎赉特旗人民法院”；留空时写“有管辖权的人民法院”",
                        max_length=200,
                        verbose_name="管辖法院",
                    ),
                ),
                (
                    "body",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="letter_head",
                        to="bodies.body",
                        verbose_name="公开主体",
                    ),
                ),
            ],
            options={
                "verbose_name": "文书落款和联系方式",
                "verbose_name_plural": "文书落款和联系方式",
            },
        ),
        migrations.CreateModel(
            name="LetterNumber",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("receipt", "受理回执"),
                            ("correction", "补正告知书"),
                            ("consultation", "征求意见函"),
                            ("extension", "延期答复告知书"),
                            ("fee_notice", "收费通知书"),
                            ("reply", "政府信息公开申请答复书"),
                        ],
                        max_length=20,
                        verbose_name="文书",
                    ),
                ),
                ("year", models.PositiveIntegerField(verbose_name="年份")),
                ("number", models.PositiveIntegerField(verbose_name="顺序号")),
                ("code_word", models.CharField(max_length=40, verbose_name="机关代字")),
                (
                    "body",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="bodies.body",
                        verbose_name="公开主体",
                    ),
                ),
                (
                    "event",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="letter_number",
                        to="inforequests.caseevent",
                        verbose_name="办理记录",
                    ),
                ),
            ],
            options={
                "verbose_name": "文书编号",
                "verbose_name_plural": "文书编号",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("body", "kind", "year", "number"), name="letter_number_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="LetterRegister",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("receipt", "受理回执"),
                            ("correction", "补正告知书"),
                            ("consultation", "征求意见函"),
                            ("extension", "延期答复告知书"),
                            ("fee_notice", "收费通知书"),
                            ("reply", "政府信息公开申请答复书"),
                        ],
                        max_length=20,
                        verbose_name="文书",
                    ),
                ),
                ("year", models.PositiveIntegerField(verbose_name="年份")),
                ("last_number", models.PositiveIntegerField(default=0, verbose_name="已用到的号")),
                (
                    "body",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="bodies.body",
                        verbose_name="公开主体",
                    ),
                ),
            ],
            options={
                "verbose_name": "发文登记",
                "verbose_name_plural": "发文登记",
                "constraints": [
                    models.UniqueConstraint(fields=("body", "kind", "year"), name="letter_register_unique")
                ],
            },
        ),
        migrations.RunPython(number_letters_already_issued, migrations.RunPython.noop),
        migrations.RunPython(remedies_name_the_review_body_and_court, remedies_as_before),
    ]
