#!/usr/bin/env bash
# Serving benchmark: one-row predictions of the demo project's production model, in-process and
# over HTTP on loopback with N concurrent clients, plus a JFR CPU breakdown of a request.
# See BENCHMARKS.md.
# Usage: bench/serving-benchmark.sh [seconds per run, default 20] [concurrency list, default 8,32]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
exec java -Xmx1g -cp "target/classes:target/test-classes:$(cat target/bench.cp)" \
  io.mlpm.bench.ServingBenchmark "$@"
