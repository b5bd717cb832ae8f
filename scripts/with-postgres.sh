#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 server on 127.0.0.1, with DATABASE_URL pointing at it.
# The server lives in a temporary directory and is stopped afterwards, so nothing on the machine changes.
set -euo pipefail

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || dirname "$(command -v initdb)")}
# A free port unless one is named, so two runs on one machine never collide.
PORT=${GONGKAI_TEST_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
DIR=$(mktemp -d /tmp/gongkai-pg.XXXXXX)
chmod 755 "$DIR"

# PostgreSQL refuses to run as root; use the postgres system account then.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$DIR"

cleanup() {
  as_owner "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

as_owner "$PGBIN/initdb" -D "$DIR/data" -U gongkai --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_owner "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
as_owner "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U gongkai gongkai

export DATABASE_URL="postgres://gongkai@127.0.0.1:$PORT/gongkai"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') running on 127.0.0.1:$PORT"
"$@"
