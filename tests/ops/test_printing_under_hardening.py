"""The Mongolian PDFs are printed by a Chromium the portal starts itself (gongkai.printing.vertical). In
production the portal runs as deploy/systemd/gongkai.service, whose syscall filter, namespace restriction and
socket families also bind Chromium. Here Chromium runs under the same seccomp rules (tests/ops/
systemd_confine.py) and must still print; the rules are first shown to be in force."""

import shutil
import subprocess
from pathlib import Path

import pytest

from gongkai.printing import vertical

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy" / "systemd" / "gongkai.service"
CONFINE = Path(__file__).with_name("systemd_confine.py")
# Debian's python3 carries python3-seccomp (scripts/system-packages.sh); the project's environment does not.
SYSTEM_PYTHON = "/usr/bin/python3"

needs_chromium = pytest.mark.skipif(vertical.browser() is None, reason="Chromium is not installed")


def _confined(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [SYSTEM_PYTHON, str(CONFINE), str(UNIT), *command], capture_output=True, text=True, timeout=60
    )


def test_the_units_rules_are_in_force_in_the_emulation():
    assert shutil.which("systemd-analyze"), "systemd-analyze (package systemd) expands the @groups"
    assert _confined("true").returncode == 0
    # RestrictNamespaces=yes
    refused = _confined("unshare", "--user", "true")
    assert refused.returncode != 0 and "Operation not permitted" in refused.stderr
    # RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6
    netlink = _confined(
        SYSTEM_PYTHON, "-c", "import socket; socket.socket(socket.AF_NETLINK, socket.SOCK_RAW)"
    )
    assert "Address family not supported" in netlink.stderr
    # SystemCallFilter=@system-service with SystemCallErrorNumber=EPERM: reboot(2) is not in the list.
    reboot = _confined(
        SYSTEM_PYTHON,
        "-c",
        "import ctypes; libc = ctypes.CDLL(None, use_errno=True); "
        "print(libc.syscall(169, 0, 0, 0, 0), ctypes.get_errno())",
    )
    assert reboot.stdout.split() == ["-1", "1"]  # EPERM
    # An allowed call still works.
    assert _confined(SYSTEM_PYTHON, "-c", "import os; print(os.getpid())").stdout.strip().isdigit()


@needs_chromium
def test_chromium_prints_a_mongolian_page_under_the_units_rules(settings, tmp_path):
    wrapper = tmp_path / "confined-chromium"
    wrapper.write_text(
        f'#!/bin/sh\nexec {SYSTEM_PYTHON} "{CONFINE}" "{UNIT}" "{vertical.browser()}" "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    settings.PDF_CHROMIUM = str(wrapper)
    settings.PDF_TIMEOUT = 90  # a loaded CI machine; this is a bound, not a speed check
    page = (
        '<!DOCTYPE html><html lang="mn-Mong"><head><meta charset="utf-8"><style>'
        + vertical.font_face()
        + 'html { writing-mode: vertical-lr; font-family: "GK Mongolian", "Noto Sans CJK SC"; }'
        "</style></head><body><p>ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ 扎赉特旗</p></body></html>"
    )
    pdf = vertical.print_html(page)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansMongolian" in fonts
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "ᠮᠣᠩᠭᠣᠯ" in text.replace("\n", "")
