#!/usr/bin/env bash
# The provident-fund reference model through the SDK runner on DuckDB and on PostgreSQL, same data.
# Usage: platform/postgresql-tests/run-pool-benchmark.sh [small|city] [districts] [repetitions]
# Needs the PostgreSQL server binaries (apt-get install -y postgresql); starts its own cluster.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -o test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
echo "load before: $(uptime)"
java -Xmx4g -cp target/test-classes:$(cat target/test.classpath) \
  org.mingjian.platform.postgresql.PoolEngineBenchmark "$@"
echo "load after: $(uptime)"
