#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 primary and one streaming replica made from it with
# pg_basebackup, both on free ports of 127.0.0.1, in a temporary directory that is removed afterwards.
#
# The command sees:
#   DATABASE_URL                        the primary
#   GONGKAI_DATABASE_REPLICA_URLS       the replica
#   GONGKAI_TEST_PG_BIN                 the PostgreSQL programs (pg_ctl …)
#   GONGKAI_TEST_PRIMARY_LOG, GONGKAI_TEST_REPLICA_LOG
#                                       each server's log; every statement is logged (log_statement=all)
#   GONGKAI_TEST_REPLICA_DATA, GONGKAI_TEST_REPLICA_PORT
#                                       so the command can stop the replica and start it again
set -euo pipefail

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || dirname "$(command -v initdb)")}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PRIMARY_PORT=$(free_port)
REPLICA_PORT=$(free_port)
DIR=$(mktemp -d /tmp/gongkai-pg-replica.XXXXXX)
chmod 755 "$DIR"

# PostgreSQL refuses to run as root; use the postgres system account then.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$DIR"

cleanup() {
  as_owner "$PGBIN/pg_ctl" -D "$DIR/replica" -m immediate stop >/dev/null 2>&1 || true
  as_owner "$PGBIN/pg_ctl" -D "$DIR/primary" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

start() {  # data directory, port, log file
  as_owner "$PGBIN/pg_ctl" -D "$1" -l "$3" -w -o "-p $2 -k $DIR -c listen_addresses=127.0.0.1 \
    -c fsync=off -c full_page_writes=off -c log_statement=all" start >/dev/null
}

# initdb's trust set-up also lets 127.0.0.1 connect for replication, which pg_basebackup needs.
as_owner "$PGBIN/initdb" -D "$DIR/primary" -U gongkai --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
start "$DIR/primary" "$PRIMARY_PORT" "$DIR/primary.log"
as_owner "$PGBIN/createdb" -h 127.0.0.1 -p "$PRIMARY_PORT" -U gongkai gongkai
# -R writes standby.signal and the primary's address: the copy starts as a hot standby and streams from it.
as_owner "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U gongkai -D "$DIR/replica" -R -X stream \
  --checkpoint=fast
start "$DIR/replica" "$REPLICA_PORT" "$DIR/replica.log"

export DATABASE_URL="postgres://gongkai@127.0.0.1:$PRIMARY_PORT/gongkai"
export GONGKAI_DATABASE_REPLICA_URLS="postgres://gongkai@127.0.0.1:$REPLICA_PORT/gongkai"
export GONGKAI_TEST_PG_BIN="$PGBIN" GONGKAI_TEST_PRIMARY_LOG="$DIR/primary.log"
export GONGKAI_TEST_REPLICA_LOG="$DIR/replica.log" GONGKAI_TEST_REPLICA_DATA="$DIR/replica"
export GONGKAI_TEST_REPLICA_PORT="$REPLICA_PORT" GONGKAI_TEST_PG_SOCKETS="$DIR"
echo "PostgreSQL primary on 127.0.0.1:$PRIMARY_PORT, streaming replica on 127.0.0.1:$REPLICA_PORT"
"$@"
