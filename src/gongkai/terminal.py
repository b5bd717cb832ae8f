"""Questions asked on the terminal. Run from cron, a systemd unit or a script there is nobody to answer: a
command that would ask says so in plain words and exits with status 2, never an EOFError traceback.

Our own commands check before they start (`require_terminal`); the console script (`gongkai.cli`) catches the
questions Django's own commands ask (flush, collectstatic, createsuperuser, changepassword …) the moment they
would ask, before they change anything."""

import sys

# Exit status of a command that needs an answer and has no terminal to ask on (as for refused input elsewhere).
NO_TERMINAL_STATUS = 2

NEEDS_TERMINAL = (
    "这个命令要先问您一个问题，得到回答才会继续；现在没有可以回答的终端（例如从定时任务或脚本运行）。"
    "什么都没有改动。确认要这样做的，请加上 --noinput 再运行，它就不再询问。"
)
NEEDS_TERMINAL_TO_TYPE = (
    "这个命令要在终端里输入密码；现在没有可以输入的终端（例如从定时任务或脚本运行）。"
    "什么都没有改动。请在终端里运行。"
)
NOINPUT_OPTIONS = ("--noinput", "--no-input")


def has_terminal(stream=None) -> bool:
    stream = sys.stdin if stream is None else stream
    try:
        return bool(stream) and stream.isatty()
    except (AttributeError, ValueError):  # no stdin at all, or a closed one
        return False


def refuse(message: str = NEEDS_TERMINAL, stderr=None):
    """Say why nothing happened and stop with status 2."""
    (stderr or sys.stderr).write(message + "\n")
    (stderr or sys.stderr).flush()
    raise SystemExit(NO_TERMINAL_STATUS)


def require_terminal(command) -> None:
    """For a management command about to ask: stop unless someone at a terminal can answer."""
    if not has_terminal(getattr(command, "stdin", None)):
        refuse(stderr=command.stderr)


def add_noinput_argument(parser, help_text: str) -> None:
    parser.add_argument(*NOINPUT_OPTIONS, action="store_false", dest="interactive", help=help_text)
