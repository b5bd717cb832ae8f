"""Terms for search that knows what it does not know (see gongkai.search.coverage).

- Colloquial ways to ask for what the catalog has under other names (养老金查询 → 个人权益记录查询打印;
  待遇资格认证, the yearly check that keeps a pension paid → 暂停/恢复养老保险待遇).
- Matters other bodies handle, with where to ask: the search answers "本站没有这项内容" for them instead of
  offering items that share a word (医保报销 is the medical-insurance bureau's, not this catalog's 工伤医疗费用).

Staff keep both lists current in the admin; this migration only adds terms that are not there yet.
"""

from django.db import migrations

SYNONYMS = """
养老金查询: 个人权益记录、养老保险待遇
查养老金: 个人权益记录、养老保险待遇
查询养老金: 个人权益记录、养老保险待遇
养老金多少: 个人权益记录、养老保险待遇
养老金到账: 个人权益记录、养老保险待遇
资格认证: 恢复养老保险待遇、暂停养老保险待遇、养老保险待遇
待遇资格认证: 恢复养老保险待遇、暂停养老保险待遇、养老保险待遇
待遇认证: 恢复养老保险待遇、暂停养老保险待遇、养老保险待遇
生存认证: 恢复养老保险待遇、暂停养老保险待遇、养老保险待遇
领取资格认证: 恢复养老保险待遇、暂停养老保险待遇、养老保险待遇
身份证号: 个人基本信息变更
身份证号码: 个人基本信息变更
身份证信息: 个人基本信息变更
"""

# term: where to ask. Matched longest first, so 身份证号码 (a synonym above) wins over 身份证.
OUTSIDE = """
医保报销: 医疗保障局（医保经办窗口）
医疗保险报销: 医疗保障局（医保经办窗口）
医保卡报销: 医疗保障局（医保经办窗口）
门诊报销: 医疗保障局（医保经办窗口）
大病报销: 医疗保障局（医保经办窗口）
身份证: 公安机关（派出所户籍窗口）
户口: 公安机关（派出所户籍窗口）
户籍: 公安机关（派出所户籍窗口）
落户: 公安机关（派出所户籍窗口）
驾驶证: 公安交通管理部门（车辆管理所）
驾照: 公安交通管理部门（车辆管理所）
残疾证: 残疾人联合会（残联）
残疾人证: 残疾人联合会（残联）
低保: 民政部门（苏木乡镇政府或旗民政局）
最低生活保障: 民政部门（苏木乡镇政府或旗民政局）
结婚登记: 民政部门婚姻登记处
离婚: 民政部门婚姻登记处
公积金: 住房公积金管理中心
住房公积金: 住房公积金管理中心
"""


def _rows(text):
    for line in text.strip().splitlines():
        term, _, rest = line.partition(":")
        yield term.strip(), rest.strip()


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    existing = set(Synonym.objects.values_list("term", flat=True))
    rows = []
    for term, words in _rows(SYNONYMS):
        if term not in existing:
            expansions = "\n".join(w.strip() for w in words.split("、") if w.strip())
            rows.append(Synonym(term=term, kind="synonym", expansions=expansions, note="覆盖范围词表"))
            existing.add(term)
    for term, referral in _rows(OUTSIDE):
        if term not in existing:
            rows.append(Synonym(term=term, kind="outside", referral=referral, note="覆盖范围词表"))
            existing.add(term)
    Synonym.objects.bulk_create(rows)


def unseed(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(note="覆盖范围词表").delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0005_synonym_outside_coverage")]

    operations = [migrations.RunPython(seed, unseed)]
