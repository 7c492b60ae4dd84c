#!/usr/bin/env bash
# Quality benchmark: ten real public tables shipped by Debian (python3-statsmodels' datasets and R's
# datasets package), a seeded 80/20 split made here; the orchestrator takes each 80 % through the
# lifecycle with its defaults and its served model predicts the 20 % it never saw; scikit-learn
# picks its best of logistic/linear regression, random forest and histogram gradient boosting by
# 5-fold cross-validation on the same 80 %. Prints both scores, their ratio and each side's
# training time. See BENCHMARKS.md.
# Needs: apt-get install python3-sklearn python3-statsmodels r-base-core (run with /usr/bin/python3).
# Usage: bench/quality-benchmark.sh [--seeds 42,7,2026] [table ...]   (default: seed 42, every table)
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=42
if [ "${1:-}" = "--seeds" ]; then seeds="$2"; shift 2; fi
for need in /usr/bin/python3 /usr/bin/Rscript; do
  [ -x "$need" ] || { echo "$need is missing: apt-get install python3-sklearn python3-statsmodels r-base-core" >&2; exit 1; }
done
/usr/bin/python3 -c 'import sklearn, statsmodels' 2>/dev/null \
  || { echo "apt-get install python3-sklearn python3-statsmodels" >&2; exit 1; }
mvn -q -o -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
dirs=()
for seed in ${seeds//,/ }; do
  dir=target/bench/quality/seed-$seed
  dirs+=("$dir")
  echo "== split seed $seed"
  /usr/bin/python3 bench/quality/tables.py split "$dir" "$seed"
  /usr/bin/python3 bench/quality/tables.py sklearn "$dir"
  java -Xmx1g -Dspring.main.banner-mode=off -cp "target/classes:target/test-classes:$(cat target/bench.cp)" \
    io.mlpm.bench.QualityBenchmark "$dir" "$@" | grep -v -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}T'
done
echo "== over the seeds"
/usr/bin/python3 bench/quality/tables.py summary "${dirs[@]}"
