#!/usr/bin/env bash
# Runs Mercato's whole test suite: unit tests, integration tests (*IT) and a quick run of every
# benchmark harness. Works on a fresh Debian machine with a JDK 17: whatever else the tests need is
# installed or started from here (nothing is assumed to be running).
set -euo pipefail
cd "$(dirname "$0")/.."

need_java() {
  if ! command -v java >/dev/null 2>&1; then
    echo "Java is missing: install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)" >&2
    exit 1
  fi
  local v
  v=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  if [ "${v%%.*}" -lt 17 ]; then
    echo "Java $v found; Mercato needs Java 17 or newer" >&2
    exit 1
  fi
}

# True when something accepts TCP connections on $1:$2.
port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# The bin directory of the newest installed PostgreSQL server (Debian keeps it off the PATH), or nothing.
pg_bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then
    echo "$d"
  elif command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  fi
}

# PostgreSQL for the store's contract test (mercato-store PostgresCampaignRepositoryIT), which creates
# and drops a database of its own. Uses MERCATO_TEST_POSTGRES_URL when set; else a server answering
# on 127.0.0.1:5432 (it must let user postgres, or the current user, CREATE DATABASE); else installs
# PostgreSQL when missing (Debian: apt-get) and starts a private throwaway cluster on a free port,
# trust authentication, stopped and deleted on exit. MERCATO_TEST_POSTGRES_PRIVATE=1 forces the
# private cluster.
need_postgres() {
  if [ -n "${MERCATO_TEST_POSTGRES_URL:-}" ]; then
    echo "== PostgreSQL for tests: $MERCATO_TEST_POSTGRES_URL (MERCATO_TEST_POSTGRES_URL) =="
    return
  fi
  if [ "${MERCATO_TEST_POSTGRES_PRIVATE:-0}" != 1 ] && port_open 127.0.0.1 5432; then
    echo "== PostgreSQL for tests: the server on 127.0.0.1:5432 =="
    return
  fi
  local bin
  bin=$(pg_bindir)
  if [ -z "$bin" ]; then
    echo "== PostgreSQL is not installed: installing it (apt-get install postgresql) =="
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
      if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
        echo "PostgreSQL is needed by the tests: install it (Debian: apt-get install -y postgresql) or set" \
          "MERCATO_TEST_POSTGRES_URL to a server where the test may CREATE DATABASE" >&2
        exit 1
      fi
    fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(pg_bindir)
    if [ -z "$bin" ]; then
      echo "apt-get installed postgresql but no initdb was found under /usr/lib/postgresql/*/bin" >&2
      exit 1
    fi
  fi
  local port=55432
  while port_open 127.0.0.1 "$port"; do port=$((port + 1)); done
  PG_TMP=$(mktemp -d /tmp/mercato-pg.XXXXXX)
  # initdb and postgres refuse to run as root: run them as the postgres account the package creates.
  local as=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$PG_TMP" --shell /usr/sbin/nologin postgres
    chown postgres "$PG_TMP"
    as=(runuser -u postgres --)
  fi
  PG_CTL=("${as[@]}" "$bin/pg_ctl" -D "$PG_TMP/data")
  "${as[@]}" "$bin/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --no-sync >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; exit 1; }
  trap 'cleanup' EXIT
  "${PG_CTL[@]}" -l "$PG_TMP/server.log" -w -o "-p $port -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off" \
    start >/dev/null || { cat "$PG_TMP/server.log" >&2; exit 1; }
  export MERCATO_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$port/postgres"
  export MERCATO_TEST_POSTGRES_USER=postgres
  echo "== PostgreSQL for tests: a private cluster at $MERCATO_TEST_POSTGRES_URL (stopped on exit) =="
}

# A throwaway Kafka broker and redis-server for the cluster benchmark's smoke run
# (scripts/cluster-infra.sh); sets INFRA_KAFKA and INFRA_REDIS.
start_cluster_infra() {
  INFRA_OUT=$(mktemp /tmp/mercato-infra.XXXXXX)
  ./scripts/cluster-infra.sh >"$INFRA_OUT" 2>"$INFRA_OUT.err" &
  INFRA_PID=$!
  trap 'cleanup' EXIT
  for _ in $(seq 1 120); do
    if grep -q '^ready' "$INFRA_OUT"; then
      INFRA_KAFKA=$(sed -n 's/^kafka=//p' "$INFRA_OUT")
      INFRA_REDIS=$(sed -n 's/^redis=//p' "$INFRA_OUT")
      return
    fi
    if ! kill -0 "$INFRA_PID" 2>/dev/null; then break; fi
    sleep 1
  done
  echo "scripts/cluster-infra.sh did not start Kafka and Redis:" >&2
  cat "$INFRA_OUT" "$INFRA_OUT.err" >&2
  exit 1
}

stop_cluster_infra() {
  if [ -n "${INFRA_PID:-}" ]; then
    pkill -TERM -P "$INFRA_PID" 2>/dev/null || true
    kill -TERM "$INFRA_PID" 2>/dev/null || true
    wait "$INFRA_PID" 2>/dev/null || true
    rm -f "$INFRA_OUT" "$INFRA_OUT.err"
  fi
}

cleanup() {
  stop_cluster_infra
  stop_postgres
}

stop_postgres() {
  if [ -n "${PG_TMP:-}" ]; then
    "${PG_CTL[@]}" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
  fi
}

# redis-server for the cluster runtime's tests: they start private instances (one node and a
# three-master Redis Cluster) on free ports (io.mercato.testkit.infra.RedisServer), so only the
# binary is needed. Installed from Debian's packages when missing. Kafka needs nothing installed: the
# tests run a KRaft broker as a child JVM from the kafka_2.13 jar Maven fetches.
need_redis() {
  if command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]; then
    return
  fi
  echo "== redis-server is not installed: installing it (apt-get install redis-server) =="
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "redis-server is needed by the tests: install it (Debian: apt-get install -y redis-server)" >&2
      exit 1
    fi
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
}

# Debian's chromium and chromium-driver for the console's real-browser tests (mercato-server
# ConsoleBrowserIT drives /usr/bin/chromium through /usr/bin/chromedriver with Selenium). Installed
# from Debian's packages when missing; without them that test fails saying what to install.
need_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    return
  fi
  echo "== chromium or chromedriver is not installed: installing them (apt-get install chromium chromium-driver) =="
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "chromium and chromium-driver are needed by the browser tests: install them" \
        "(Debian: apt-get install -y chromium chromium-driver)" >&2
      exit 1
    fi
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
}

need_java
need_postgres
need_redis
need_chromium
./mvnw -B -ntp verify "$@"
echo "== benchmark harnesses, quick mode (checks they run; numbers are not asserted) =="
start_cluster_infra
./mercato bench all --quick --kafka "$INFRA_KAFKA" --redis "$INFRA_REDIS"
