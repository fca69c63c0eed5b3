#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan+UBSan) in their own build dir and runs each for a
# bounded time, then prints executions and crashes per harness (docs/fuzzing.md).
#
#   tools/fuzz.sh [SECONDS_PER_HARNESS]        default 60
#   env: BUILD_DIR (default build-fuzz), JOBS (default 2), FUZZ_WORK (default $BUILD_DIR/fuzz-work),
#        HARNESSES (default: all four, e.g. HARNESSES=fuzz_json_readers)
#
# Crashing inputs land in $FUZZ_WORK/<harness>/crashes/; copy each into
# tests/data/fuzz-regressions/ as onnx-<name> or json-<name> once fixed (tst_onnx_broken replays them).
# fuzz_onnx_graph's inputs are generator bytes: turn one into a model file with
#   COCCO_FUZZ_DUMP=tests/data/fuzz-regressions/onnx-<name> $BUILD_DIR/tests/fuzz/fuzz_onnx_graph CRASH
set -euo pipefail

SECONDS_EACH=${1:-60}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build-fuzz}
JOBS=${JOBS:-2}
WORK=${FUZZ_WORK:-$BUILD_DIR/fuzz-work}
HARNESSES=${HARNESSES:-fuzz_onnx_import fuzz_onnx_graph fuzz_model_json fuzz_json_readers}

if ! command -v clang++ >/dev/null; then
  echo "fuzz.sh: clang++ is required (apt-get install clang)" >&2
  exit 2
fi
if ! echo 'extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long){return 0;}' \
    | clang++ -x c++ -fsanitize=fuzzer - -o /dev/null 2>/dev/null; then
  echo "fuzz.sh: clang cannot link libFuzzer (apt-get install libclang-rt-14-dev)" >&2
  exit 2
fi

CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCOCCO_FUZZ=ON -DCOCCO_SANITIZE=ON -DCOCCO_BUILD_GUI=OFF >/dev/null
# shellcheck disable=SC2086
ninja -C "$BUILD_DIR" -j "$JOBS" $HARNESSES >/dev/null

seed() { # harness -> seed corpus folder
  local dir=$WORK/$1/corpus
  mkdir -p "$dir"
  case $1 in
    fuzz_onnx_import)
      cp "$ROOT"/tests/data/onnx/models/*.onnx "$dir"/ 2>/dev/null || true
      for m in "$ROOT"/tests/data/onnx/node/*/model.onnx; do cp "$m" "$dir/$(basename "$(dirname "$m")").onnx"; done
      ;;
    fuzz_model_json)
      cp "$ROOT"/samples/models/*.json "$dir"/ 2>/dev/null || true
      ;;
    fuzz_onnx_graph) ;; # generator bytes: starts from nothing
    fuzz_json_readers) # one valid file per reader, for the network chain3.json
      cp "$ROOT"/tests/data/json-readers/*.json "$dir"/
      cp "$ROOT"/samples/hw/*.json "$dir"/
      ;;

  esac
  for r in "$ROOT"/tests/data/fuzz-regressions/*; do
    [ -f "$r" ] || continue
    case "$(basename "$r")" in
      onnx-*) [ "$1" = fuzz_onnx_import ] && cp "$r" "$dir"/ ;;
      json-*) { [ "$1" = fuzz_model_json ] || [ "$1" = fuzz_json_readers ]; } && cp "$r" "$dir"/ ;;
    esac
  done
  echo "$dir"
}

printf '%-18s %8s %12s %10s %8s\n' harness seconds executions exec/s crashes
status=0
for h in $HARNESSES; do
  corpus=$(seed "$h")
  crashes=$WORK/$h/crashes
  mkdir -p "$crashes"
  log=$WORK/$h/log.txt
  # -fork would keep going after a crash; a plain run stops at the first one, which is what we want
  # to see and fix. Dictionary-free, 1 job: the machine is shared.
  set +e
  "$BUILD_DIR/tests/fuzz/$h" "$corpus" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 \
    -max_len=262144 -print_final_stats=1 -artifact_prefix="$crashes/" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  execs=${execs:-0}
  rate=$(( execs / (SECONDS_EACH > 0 ? SECONDS_EACH : 1) ))
  n=$(find "$crashes" -type f | wc -l)
  printf '%-18s %8s %12s %10s %8s\n' "$h" "$SECONDS_EACH" "$execs" "$rate" "$n"
  if [ "$rc" -ne 0 ] || [ "$n" -gt 0 ]; then
    status=1
    echo "  see $log and $crashes/" >&2
  fi
done
exit $status
