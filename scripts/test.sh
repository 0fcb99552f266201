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

need_java
./mvnw -B -ntp verify "$@"
echo "== benchmark harnesses, quick mode (checks they run; numbers are not asserted) =="
./mercato bench all --quick
