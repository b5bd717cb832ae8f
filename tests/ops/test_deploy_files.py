"""deploy/ stays in step with the code: every setting documented, every timer runs a command that exists."""

import configparser
import re
import shlex

import pytest
from django.core.management import get_commands

from tests.ops.helpers import ROOT

DEPLOY = ROOT / "deploy"
SYSTEMD = DEPLOY / "systemd"


def variables_read_by_the_code() -> set[str]:
    names = set()
    for path in (ROOT / "src" / "gongkai").rglob("*.py"):
        text = path.read_text()
        names |= {
            "GONGKAI_" + n
            for n in re.findall(r'env_(?:str|bool|int|list|matching|url)\(\s*"([A-Z0-9_]+)"', text)
        }
        names |= set(re.findall(r"\b(GONGKAI_[A-Z0-9_]+)\b", text))
    return names


def test_the_env_file_template_lists_every_setting():
    template = (DEPLOY / "gongkai.env.example").read_text()
    listed = set(re.findall(r"^#?(GONGKAI_[A-Z0-9_]+)=", template, flags=re.MULTILINE))
    assert variables_read_by_the_code() - listed == set()
    assert re.search(r"^DATABASE_URL=", template, flags=re.MULTILINE)
    assert re.search(r"^GONGKAI_PRODUCTION=true$", template, flags=re.MULTILINE)


def _unit(path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser


@pytest.mark.parametrize("timer", sorted(SYSTEMD.glob("*.timer")), ids=lambda p: p.name)
def test_each_timer_runs_an_existing_gongkai_command(timer):
    service = _unit(timer.with_suffix(".service"))
    command = shlex.split(service["Service"]["ExecStart"])
    assert service["Service"]["EnvironmentFile"] == "/etc/gongkai/gongkai.env"
    assert service["Service"]["User"] == "gongkai"
    if command[0].endswith("/gongkai"):
        assert command[1] in get_commands(), f"{timer.name} runs `gongkai {command[1]}`, which does not exist"
    else:
        assert (ROOT / command[0].removeprefix("/srv/gongkai/app/")).exists()
    assert _unit(timer)["Timer"]["OnCalendar"]


def test_the_required_timers_exist():
    names = {path.stem for path in SYSTEMD.glob("*.timer")}
    assert {"gongkai-remind", "gongkai-publish-due", "gongkai-backup", "gongkai-send-mail"} <= names


def test_the_web_service_is_hardened_and_uses_the_gunicorn_config():
    service = _unit(SYSTEMD / "gongkai.service")["Service"]
    assert "deploy/gunicorn.conf.py" in service["ExecStart"]
    for option in ("NoNewPrivileges", "ProtectSystem", "PrivateTmp", "ProtectHome"):
        assert service[option] in ("yes", "strict"), option


def test_gunicorn_serves_the_app_on_loopback_only():
    config = {}
    exec((DEPLOY / "gunicorn.conf.py").read_text(), config)  # noqa: S102 (our own file)
    assert config["wsgi_app"] == "gongkai.wsgi:application"
    assert config["bind"].startswith("127.0.0.1:")


def test_nginx_overwrites_the_forwarded_address():
    """The client address is read from the right of X-Forwarded-For past the trusted proxies; nginx replaces the
    header, so whatever a client sent in it is gone, and the environment template trusts nginx."""
    proxy = (DEPLOY / "nginx" / "gongkai-proxy.conf").read_text()
    assert re.search(r"proxy_set_header X-Forwarded-For \$remote_addr;", proxy)
    assert "$proxy_add_x_forwarded_for" not in proxy
    assert re.search(
        r"^GONGKAI_TRUSTED_PROXIES=127\.0\.0\.1$", (DEPLOY / "gongkai.env.example").read_text(), re.M
    )
    site = (DEPLOY / "nginx" / "gongkai.conf").read_text()
    assert "client_max_body_size 12m;" in site
    assert "/srv/gongkai/static-site" in site


def test_the_maintenance_page_says_what_the_app_says():
    heading = re.compile(r"<h1>(.*?)</h1>")
    template = (ROOT / "src/gongkai/ops/templates/ops/unavailable.html").read_text()
    static = (DEPLOY / "maintenance.html").read_text()
    assert heading.findall(static) == heading.findall(template)
