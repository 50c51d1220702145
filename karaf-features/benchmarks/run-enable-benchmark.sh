#!/usr/bin/env bash
# Enable-to-runnable latency: the marketplace (PUT /enablements, installBundle from the artifact
# store) against Karaf's deploy folder, 20 interleaved cycles in one container of the real
# distribution (EnableLatencyBenchmark in karaf-features/itests). Prints the medians and their
# ratio. Run from the repository root after `./mvnw -B install -DskipTests`.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=/tmp/mingjian-enable-bench.txt
rm -f "$out"
./mvnw -B -o -q verify -pl karaf-features/itests -Dit.test=EnableLatencyBenchmark \
  -Dfailsafe.failIfNoSpecifiedTests=false >/dev/null
cat "$out"
