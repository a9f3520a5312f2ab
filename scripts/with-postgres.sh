#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server started for it.
# PostgreSQL refuses to run as root, so the server runs as the `postgres` user.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PGBIN/initdb" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq --no-upgrade --no-install-recommends postgresql >/dev/null
  fi
  [ -x "$PGBIN/initdb" ] || { echo "PostgreSQL server binaries not found in $PGBIN" >&2; exit 1; }
fi
PORT=${PGPORT_TEST:-55432}
DIR=$(mktemp -d /tmp/probation-pg.XXXXXX)
RUN=""
if [ "$(id -u)" = 0 ]; then
  chown postgres "$DIR"
  RUN="runuser -u postgres --"
fi
cleanup() { $RUN "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap cleanup EXIT
$RUN "$PGBIN/initdb" -D "$DIR/data" -U probation --auth=trust -E UTF8 --no-locale >/dev/null
$RUN "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" start >/dev/null
$RUN "$PGBIN/createdb" -h "$DIR" -p "$PORT" -U probation probation
export DATABASE_URL="postgres://probation@/probation?host=$DIR&port=$PORT"
export PROBATION_MODE=${PROBATION_MODE:-test}
"$@"
