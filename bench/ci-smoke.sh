#!/usr/bin/env bash
# Correctness smoke of the comparison runner: every workload at a tiny scale, one timed run.
# Exits with the runner's exit code: non-zero when any engine's results disagree or an engine
# fails (a query Yoda declines as "not supported" is reported, not a failure).
# Usage: bench/ci-smoke.sh [extra compare options]   (BENCH_NO_BUILD=1 to skip the build step)
set -uo pipefail
cd "$(dirname "$0")/.."
build_flag=()
if [[ "${BENCH_NO_BUILD:-0}" == "1" ]]; then
  build_flag=(--no-build)
fi
exec dotnet run -c Release "${build_flag[@]}" --project bench/Yoda.Bench -- \
  compare --scale 0.001 --warmup 1 --runs 1 --allow-few-runs --no-save --name ci-smoke "$@"
