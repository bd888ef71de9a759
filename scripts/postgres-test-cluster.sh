#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: its own data folder, a free port on 127.0.0.1,
# trust authentication (local test use only), fsync on so that a test of durability means it.
#
#   scripts/postgres-test-cluster.sh start     initdb + start; prints the URL (the only stdout line)
#   scripts/postgres-test-cluster.sh stop      stop and delete the cluster
#   scripts/postgres-test-cluster.sh restart   fast restart, same port and data (PostgreSQL "crashing" under a test)
#   scripts/postgres-test-cluster.sh down|up   stop / start the server, keeping its data (PostgreSQL away for a while)
#   scripts/postgres-test-cluster.sh url       prints the URL of the running cluster
#
# Where: ARENA_PG_DIR (default ${TMPDIR:-/tmp}/arena-pg); port ARENA_PG_PORT (default: a free one).
# The file $ARENA_PG_DIR/state holds PGDATA, PG_CTL, PORT, URL and RUN_AS as shell assignments,
# for tests that drive pg_ctl themselves. PostgreSQL refuses to run as root, so as root the server runs as the `postgres`
# user (created by Debian's package); the folder must then be reachable by that user.
set -euo pipefail

DIR="${ARENA_PG_DIR:-${TMPDIR:-/tmp}/arena-pg}"
STATE="$DIR/state"

say() { echo "postgres-test-cluster: $*" >&2; }

find_bin_dir() {
  local candidate
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return
  fi
  for candidate in /usr/local/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$candidate/pg_ctl" ] && [ -x "$candidate/initdb" ]; then
      echo "$candidate"
      return
    fi
  done
  return 1
}

bin_dir() {
  local found
  if found="$(find_bin_dir)"; then
    echo "$found"
    return
  fi
  say "PostgreSQL is not installed; installing Debian's postgresql package"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2
  find_bin_dir || { say "no pg_ctl/initdb after installing postgresql"; exit 1; }
}

# Runs a command as the server's user: `postgres` when we are root, ourselves otherwise.
as_server_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

load_state() {
  [ -f "$STATE" ] || { say "no cluster at $DIR (run start first)"; exit 1; }
  # shellcheck disable=SC1090
  . "$STATE"
}

server_running() {
  as_server_user "$PG_CTL" -D "$PGDATA" status >/dev/null 2>&1
}

start_server() {
  as_server_user "$PG_CTL" -D "$PGDATA" -l "$DIR/server.log" -w -t 60 start \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DIR/socket -c fsync=on -c max_connections=200" \
    >/dev/null || { say "server did not start; its log:"; tail -n 20 "$DIR/server.log" >&2; exit 1; }
}

cmd_start() {
  if [ -f "$STATE" ]; then
    load_state
    if server_running; then
      echo "$URL"
      return
    fi
    say "found a stopped cluster at $DIR; starting it again"
    start_server
    echo "$URL"
    return
  fi
  local bins
  bins="$(bin_dir)"
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    say "running as root but there is no postgres user to run the server as"
    exit 1
  fi
  mkdir -p "$DIR/data" "$DIR/socket"
  chmod 755 "$DIR"
  [ "$(id -u)" = 0 ] && chown -R postgres "$DIR"
  # --no-sync only speeds up initdb itself; the server below runs with fsync on.
  as_server_user "$bins/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$DIR/initdb.log" 2>&1 \
    || { say "initdb failed; its log:"; tail -n 20 "$DIR/initdb.log" >&2; exit 1; }
  PGDATA="$DIR/data"
  PG_CTL="$bins/pg_ctl"
  PORT="${ARENA_PG_PORT:-$(free_port)}"
  URL="postgres://postgres@127.0.0.1:$PORT/postgres"
  RUN_AS="$([ "$(id -u)" = 0 ] && echo postgres || id -un)"
  cat >"$STATE" <<EOF
PGDATA='$PGDATA'
PG_CTL='$PG_CTL'
PORT='$PORT'
URL='$URL'
RUN_AS='$RUN_AS'
EOF
  start_server
  say "PostgreSQL is up at $URL (data in $PGDATA)"
  echo "$URL"
}

cmd_stop() {
  if [ ! -f "$STATE" ]; then
    say "no cluster at $DIR"
    return
  fi
  load_state
  if server_running; then as_server_user "$PG_CTL" -D "$PGDATA" -m immediate -w stop >/dev/null || true; fi
  rm -rf "$DIR"
}

cmd_restart() {
  load_state
  # -m fast cuts every client connection, as a real restart or fail-over does.
  as_server_user "$PG_CTL" -D "$PGDATA" -l "$DIR/server.log" -m fast -w -t 60 restart >/dev/null
}

cmd_down() {
  load_state
  as_server_user "$PG_CTL" -D "$PGDATA" -m fast -w stop >/dev/null
}

cmd_up() {
  load_state
  server_running || start_server
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart) cmd_restart ;;
  down) cmd_down ;;
  up) cmd_up ;;
  url) load_state && echo "$URL" ;;
  *)
    echo "usage: $0 start|stop|restart|down|up|url" >&2
    exit 2
    ;;
esac
