#!/usr/bin/env bash
# Dataset benchmark: plain FastCSV parse vs. the application's ingest (checks, counts, profile and
# SHA-256 in one pass) and its preparation (streaming split with the SHA-256 check) on a ~1 GB CSV
# (10 million rows, generated and seeded on first use), in a 512 MB heap. See BENCHMARKS.md.
# Usage: bench/profile-benchmark.sh [csv-file] [rows]
#        bench/profile-benchmark.sh --sizes      # 100 MB, 1 GB and 3 GB files one after the other
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
# The plain parse first in a JVM of its own (its JIT sees only the baseline), then the benchmark.
run() {
  local file="${1:-target/bench/profile-1gb.csv}" rows="${2:-10000000}" alone
  alone=$(java -Xmx512m -cp "target/classes:target/test-classes:$(cat target/bench.cp)" \
    io.mlpm.bench.ProfileBenchmark "$file" "$rows" --plain-only | tee /dev/stderr | sed -n 's/^PLAIN_ALONE=//p')
  java -Xmx512m -Dbench.plainAlone="$alone" -cp "target/classes:target/test-classes:$(cat target/bench.cp)" \
    io.mlpm.bench.ProfileBenchmark "$file" "$rows"
}
if [ "${1:-}" = "--sizes" ]; then
  run target/bench/profile-100mb.csv 1000000
  run target/bench/profile-1gb.csv 10000000
  run target/bench/profile-3gb.csv 30000000
else
  run "$@"
fi
