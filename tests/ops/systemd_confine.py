#!/usr/bin/python3
"""Run a command under the system-call rules of a systemd unit, the way systemd would apply them.

    /usr/bin/python3 tests/ops/systemd_confine.py deploy/systemd/gongkai.service chromium --headless …

The tests cannot start the unit itself (no systemd as process 1 in CI), but the rules that can stop a child
program are seccomp filters, and those we can load: the unit's `SystemCallFilter=` allow-list (its @groups
expanded by the installed `systemd-analyze`, refused calls failing with `SystemCallErrorNumber=`),
`RestrictNamespaces=yes` (no new namespaces by clone/unshare, no setns, clone3 unavailable so the C library
falls back to clone), `RestrictAddressFamilies=` (other socket families refused) and `NoNewPrivileges=`
(which loading a filter implies). The file-system protections are not emulated.

Run by Debian's python3 with python3-seccomp (scripts/system-packages.sh), not the project's environment.
"""

import contextlib
import errno
import os
import socket
import subprocess
import sys

import seccomp

# CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET, NEWTIME
NAMESPACE_FLAGS = (0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000, 0x80)
FAMILIES = {"AF_UNIX": socket.AF_UNIX, "AF_INET": socket.AF_INET, "AF_INET6": socket.AF_INET6}


def unit_settings(path: str) -> dict[str, str]:
    settings = {}
    with open(path, encoding="utf-8") as unit:
        for line in unit:
            line = line.strip()
            if "=" in line and not line.startswith(("#", ";", "[")):
                key, _, value = line.partition("=")
                settings[key.strip()] = value.strip()
    return settings


def expand(name: str, seen: set[str]) -> set[str]:
    """The system calls of a @group (recursively) or the call itself."""
    if not name.startswith("@"):
        return {name}
    listing = subprocess.run(
        ["systemd-analyze", "syscall-filter", name], capture_output=True, text=True, check=True
    ).stdout
    calls = set()
    for line in listing.splitlines()[1:]:
        entry = line.strip()
        if entry and not entry.startswith("#") and entry not in seen:
            seen.add(entry)
            calls |= expand(entry, seen)
    return calls


def restrictions(settings: dict[str, str]) -> seccomp.SyscallFilter:
    """Everything allowed but new namespaces and other socket families."""
    rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    if settings.get("RestrictNamespaces") == "yes":
        for flag in NAMESPACE_FLAGS:
            for call in ("clone", "unshare"):
                rules.add_rule(
                    seccomp.ERRNO(errno.EPERM), call, seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag)
                )
        rules.add_rule(seccomp.ERRNO(errno.EPERM), "setns")
        rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    if "RestrictAddressFamilies" in settings:
        allowed = {FAMILIES[name] for name in settings["RestrictAddressFamilies"].split()}
        top = max(allowed)
        for family in range(top):
            if family not in allowed:
                rules.add_rule(
                    seccomp.ERRNO(errno.EAFNOSUPPORT), "socket", seccomp.Arg(0, seccomp.EQ, family)
                )
        rules.add_rule(seccomp.ERRNO(errno.EAFNOSUPPORT), "socket", seccomp.Arg(0, seccomp.GT, top))
    return rules


def allow_list(settings: dict[str, str]) -> seccomp.SyscallFilter | None:
    entries = settings.get("SystemCallFilter", "").split()
    if not entries:
        return None
    if any(entry.startswith("~") for entry in entries):
        raise SystemExit("deny-lists (SystemCallFilter=~…) are not emulated")
    refusal = getattr(errno, settings.get("SystemCallErrorNumber", ""), None)
    # Without SystemCallErrorNumber= systemd kills the process on a refused call.
    action = seccomp.ERRNO(refusal) if refusal else seccomp.KILL_PROCESS
    rules = seccomp.SyscallFilter(defaction=action)
    calls = set()
    for entry in entries:
        calls |= expand(entry, set())
    for call in sorted(calls):
        with contextlib.suppress(RuntimeError, ValueError):  # a call this architecture does not have
            rules.add_rule(seccomp.ALLOW, call)
    return rules


def main() -> None:
    unit, command = sys.argv[1], sys.argv[2:]
    settings = unit_settings(unit)
    # The allow-list last: loading a filter is itself a system call it may not allow.
    restrictions(settings).load()
    allowed = allow_list(settings)
    if allowed is not None:
        allowed.load()
    os.execvp(command[0], command)  # noqa: S606 (the command line the test chose, as an argument list)


if __name__ == "__main__":
    main()
