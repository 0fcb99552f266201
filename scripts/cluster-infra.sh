#!/usr/bin/env bash
# Starts a throwaway Kafka broker (KRaft mode, a child JVM from the kafka_2.13 jar Maven fetches) and
# a private redis-server on free ports, creates the topics mercato.events (2 partitions) and
# mercato.events.dead, prints `kafka=HOST:PORT` and `redis=redis://HOST:PORT`, and
# keeps them running until Ctrl-C (or SIGTERM). For trying cluster mode on one machine and for
# `./mercato bench cluster`; production uses real clusters. Needs redis-server (apt-get install redis-server).
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file=mercato-testkit/target/infra.classpath
# One reactor run packages the testkit (and core) and writes the testkit's test classpath (with
# kafka_2.13); core's run writes the file first, the testkit's, last, wins.
./mvnw -q -B -ntp -DskipTests package dependency:build-classpath -pl mercato-testkit -am \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file" >&2
exec java -cp "mercato-testkit/target/classes:$(cat "$cp_file")" \
  io.mercato.testkit.infra.DevInfra
