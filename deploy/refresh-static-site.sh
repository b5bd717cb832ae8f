#!/usr/bin/env bash
# Refreshes the static copy of the public site that nginx serves while the app is down
# (deploy/nginx/gongkai.conf, location @static_site), and that an external web server or CDN can serve
# (内外网隔离). Run hourly by gongkai-static-site.timer; cheap when nothing changed (--changed-only).
# Usage: refresh-static-site.sh [TARGET]   (default: /srv/gongkai/static-site)
set -euo pipefail

TARGET=${1:-/srv/gongkai/static-site}
HERE=$(cd "$(dirname "$0")" && pwd)
GONGKAI=${GONGKAI:-$HERE/../.venv/bin/gongkai}

# Pages are rendered in-process (no HTTP round trips); search and the application form point to the live service.
"$GONGKAI" publish_static "$TARGET" --changed-only --no-progress
cp "$HERE/maintenance.html" "$TARGET/maintenance.html"
