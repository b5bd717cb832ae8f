"""Markup behind the layout fixes (the browser tests measure the result): two-line kiosk buttons, whole
header words in the catalog table, a jump list of groups, and one `type` on the phone field."""

import re

SEED = "zalaite-social-insurance"


def test_kiosk_buttons_keep_their_two_lines_apart(client, seeded):
    html = client.get("/kiosk/events/retirement/").content.decode()
    buttons = re.findall(r'<a class="kiosk-button kiosk-item"[^>]*>(.*?)</a>', html)
    assert buttons
    for button in buttons:
        assert button.startswith('<span class="kiosk-label"><span class="kiosk-title">'), button
        assert "<br>" not in button
    assert '<span class="kiosk-sub">在单位参保的职工，由单位或本人申请退休</span>' in html
    start = client.get("/kiosk/").content.decode()
    assert '<span class="kiosk-sub">到了退休年龄，办理退休、领取养老金。</span>' in start


def test_long_tick_headers_are_split_evenly_not_one_character_a_line(client, seeded):
    html = client.get("/catalog/").content.decode()
    assert (
        '<th scope="col" class="tick-col"><span class="nowrap">特定</span><br><span class="nowrap">群众</span></th>'
        in html
    )
    assert (
        '<th scope="col" class="tick-col"><span class="nowrap">依申请</span><br><span class="nowrap">公开</span></th>'
        in html
    )


def test_the_catalog_table_starts_with_a_jump_list_of_its_groups(client, seeded):
    html = client.get("/catalog/").content.decode()
    jump = html[
        html.index('<nav class="group-jump"') : html.index("</nav>", html.index('<nav class="group-jump"'))
    ]
    targets = re.findall(r'href="#(group-\d+)"', jump)
    assert len(targets) == 9
    for target in targets:
        assert f'<tbody id="{target}" class="group">' in html
    assert '工伤保险服务</span><span class="tile-meta">24 项' in jump
    assert html.count('href="#group-jump"') == 9  # each group leads back to the list


def test_the_phone_field_has_one_type(client, db):
    html = client.get("/apply/form/").content.decode()
    phone = re.search(r"<input[^>]*name=\"phone\"[^>]*>", html).group(0)
    assert phone.count("type=") == 1 and 'type="tel"' in phone
