#!/usr/bin/env bash
# Dataset profile benchmark: plain FastCSV parse vs. the full one-pass profile on a ~1 GB CSV
# (10 million rows, generated and seeded on first use), in a 256 MB heap. See BENCHMARKS.md.
# Usage: bench/profile-benchmark.sh [csv-file] [rows]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
exec java -Xmx256m -cp "target/classes:target/test-classes:$(cat target/bench.cp)" \
  io.mlpm.bench.ProfileBenchmark "$@"
