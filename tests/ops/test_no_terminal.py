"""Commands that ask a question, run without a terminal (cron, a systemd unit, a script): without --noinput they
say so in plain Chinese and exit 2, having changed nothing; never an EOFError traceback."""

import re

import pytest

from tests.ops.helpers import child_env, gongkai


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """A throwaway SQLite database of its own with one user, so that a command that did not stop could harm
    nothing but it."""
    data = tmp_path_factory.mktemp("no-terminal")
    env = child_env(
        GONGKAI_DATA_DIR=data / "var", DATABASE_URL=None, DJANGO_SUPERUSER_PASSWORD="a-long-pass-123"
    )
    for args in (
        ["migrate", "--noinput"],
        ["createsuperuser", "--noinput", "--username", "boss", "--email", "b@x.cn"],
    ):
        done = gongkai(*args, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
    return env


def refused(*args, env) -> str:
    done = gongkai(*args, env=env)
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and "EOFError" not in done.stderr, done.stderr
    assert "终端" in done.stderr, done.stderr
    # Plain words for the person who reads the cron mail: Chinese, no English but the option's name.
    assert not re.search("[A-Za-z]", done.stderr.replace("--noinput", "")), done.stderr
    return done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["restore", "/nonexistent/backup.tar"],  # ours: refused before it reads the backup
        ["flush"],
        ["collectstatic"],
        ["createsuperuser", "--username", "second"],
    ],
    ids=lambda args: args[0],
)
def test_a_question_without_a_terminal_is_refused_with_status_2(env, args):
    assert "--noinput" in refused(*args, env=env)


def test_a_password_without_a_terminal_is_refused_with_status_2(env):
    assert "请在终端里运行" in refused("changepassword", "boss", env=env)


def test_nothing_was_changed(env):
    """flush was asked and refused: the user is still there."""
    done = gongkai(
        "shell", "-c", "from django.contrib.auth.models import User; print(User.objects.count())", env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "1"


def test_with_noinput_the_command_runs_without_asking(env):
    done = gongkai("restore", "/nonexistent/backup.tar", "--noinput", env=env)
    assert done.returncode == 2 and "找不到备份文件" in done.stderr, done.stderr  # it went on to look
    assert "终端" not in done.stderr


def test_commands_that_ask_nothing_run_without_a_terminal(env):
    assert gongkai("makemigrations", "--check", "--dry-run", env=env).returncode == 0
    assert gongkai("check", "--system-only", env=env).returncode == 0


def test_a_script_piped_into_shell_still_runs(env, tmp_path):
    """shell reads the script on its stdin, as it always did: that is no question to refuse."""
    script = tmp_path / "script.py"
    script.write_text("print(6 * 7)\n")
    with script.open() as stdin:
        done = gongkai("shell", env=env, stdin=stdin)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "42"
