#!/usr/bin/env bash
# Installs the Debian packages gongkai needs. Runs only as root on Debian/Ubuntu; elsewhere it says what is missing.
set -euo pipefail

PACKAGES=(
  python3 python3-venv python3-dev build-essential   # the virtual environment
  postgresql-15                                       # production database, and the second CI run
  chromium                                            # Mongolian PDFs (vertical lines; printing/vertical.py), browser tests
  fonts-noto-cjk                                      # CJK glyphs for pages and PDFs
  libharfbuzz-subset0                                 # WeasyPrint font subsetting: ~0.2 s a page instead of ~13 s
  libpango-1.0-0 libpangoft2-1.0-0                    # WeasyPrint layout
  poppler-utils                                       # pdftotext/pdftoppm, used by PDF tests
  gettext                                             # msgfmt/xgettext: the Mongolian catalog (make messages, tests/i18n)
  python3-seccomp systemd                             # tests/printing: Chromium under gongkai.service's syscall filter
  # bench/pages.py (and its CI test) runs its own nginx, from a config generated out of deploy/nginx/, on
  # free loopback ports, and drives it with wrk. Debian's nginx package may also start the system nginx on
  # port 80 with the default site: nothing here uses it (`systemctl disable --now nginx` if unwanted).
  nginx wrk
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "Missing system packages (install them as root): ${missing[*]}" >&2
  exit 0
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
