#!/usr/bin/env bash
# Model development benchmark: the feature code called directly vs. the same work orchestrated by
# the engine (model-development call activity of a real project), on a seeded 100,000-row
# classification CSV generated on first use, in a 2 GB heap. See BENCHMARKS.md.
# Usage: bench/training-benchmark.sh [rows] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
exec java -Xmx2g -cp "target/classes:target/test-classes:$(cat target/bench.cp)" \
  io.mlpm.bench.TrainingBenchmark "$@"
