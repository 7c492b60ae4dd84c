#!/usr/bin/env bash
# Lifecycle benchmark: a generated ~1 GB CSV (10 million rows, mixed columns, a 3-class target)
# from the REST start to a served prediction, the application held to a 1 GB heap, against a plain
# FastCSV parse of the same file in the same run; a small project is signed off meanwhile and its
# GET /api/projects/{key} timed. See BENCHMARKS.md.
# Usage: bench/lifecycle-benchmark.sh [csv-file] [rows] [algorithms] [tuningBudget]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
exec java -Xmx1g -cp "target/classes:target/test-classes:$(cat target/bench.cp)" \
  io.mlpm.bench.LifecycleBenchmark "$@"
