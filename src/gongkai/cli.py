"""The `gongkai` console script: Django's management commands under one name."""

import builtins
import getpass
import os
import sys

from gongkai import terminal

# Commands whose questions are their purpose: they run without a terminal only as they already do (shell reads a
# script piped to it), so their input() is left alone.
OWN_INPUT = {"shell"}
# Django's createsuperuser checks for a terminal itself and, without one, skips its work with status 0.
ASKS_FIRST = {"createsuperuser"}


def _no_terminal_question(*args, **kwargs):
    terminal.refuse(terminal.NEEDS_TERMINAL)


def _no_terminal_password(*args, **kwargs):
    terminal.refuse(terminal.NEEDS_TERMINAL_TO_TYPE)


def guard_questions(args: list[str]) -> None:
    """Without a terminal and without --noinput, a command that asks a question (Django's own included) stops
    with status 2 and says why, instead of an EOFError traceback or an answer read from whatever stdin holds."""
    if terminal.has_terminal() or any(arg in terminal.NOINPUT_OPTIONS for arg in args):
        return
    command = next((arg for arg in args if not arg.startswith("-")), "")
    if command in OWN_INPUT:
        return
    if command in ASKS_FIRST and not {"-h", "--help"} & set(args):
        terminal.refuse(terminal.NEEDS_TERMINAL)
    builtins.input = _no_terminal_question
    getpass.getpass = _no_terminal_password


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    guard_questions(args)
    execute_from_command_line(["gongkai", *args])


if __name__ == "__main__":
    main()
