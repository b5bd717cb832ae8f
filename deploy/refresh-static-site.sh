#!/usr/bin/env bash
# Refreshes the static copy of the public site that nginx serves while the app is down
# (deploy/nginx/gongkai.conf, location @static_site). Run hourly by gongkai-static-site.timer.
# Usage: refresh-static-site.sh [TARGET [APP_URL]]   (defaults: /srv/gongkai/static-site, http://127.0.0.1:8000)
set -euo pipefail

TARGET=${1:-/srv/gongkai/static-site}
APP=${2:-http://127.0.0.1:8000}
# The app only answers its own host name (GONGKAI_ALLOWED_HOSTS), and redirects plain http in production.
HOST=${GONGKAI_PUBLIC_BASE_URL:?GONGKAI_PUBLIC_BASE_URL is not set (see /etc/gongkai/gongkai.env)}
HOST=${HOST#*://}
HOST=${HOST%%/*}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Public pages only: no staff pages, API, display-mode switches, query strings or static files (nginx
# serves /static/ itself, even while the app is down).
status=0
wget --mirror --no-host-directories --adjust-extension --restrict-file-names=unix --no-verbose \
  --execute robots=off --tries=2 --timeout=30 \
  --reject-regex '/(admin|staff|api|mode|static)/|\?' \
  --header "Host: $HOST" --header "X-Forwarded-Proto: https" \
  --directory-prefix "$WORK" "$APP/" || status=$?
# 8 means some link answered 404 or similar: the copy is still good. Anything else means no copy.
if [ "$status" -ne 0 ] && [ "$status" -ne 8 ]; then
  echo "wget failed with status $status; the previous copy stays in place" >&2
  exit 1
fi
if [ ! -s "$WORK/index.html" ]; then
  echo "the home page was not fetched; the previous copy stays in place" >&2
  exit 1
fi
install -m 0644 "$(dirname "$0")/maintenance.html" "$WORK/maintenance.html"
chmod -R u=rwX,go=rX "$WORK"

# File by file, each replaced atomically, so nginx never serves half a page.
rsync --recursive --times --perms --delete-after "$WORK/" "$TARGET/"
echo "static copy refreshed: $(find "$TARGET" -name '*.html' | wc -l) pages in $TARGET"
