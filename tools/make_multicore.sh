#!/usr/bin/env bash
# Regenerates docs/multicore.md: the shape of the Cocco paper's Table 3 (method §8) with the
# workbench's multi-core model. Energy-capacity co-exploration (shared buffer, objective cost,
# alpha 0.002) of each network for cores 1/2/4 x batch 1/2/8 and SEEDS seeds, then
# tools/multicore_report.py tabulates the medians and checks §8's qualitative claims.
#
# usage: tools/make_multicore.sh [BUILD_DIR]
#   BUILD_DIR   an existing build with app/cli/cocco (default: configure and build build-results)
# environment (defaults = the issue's settings):
#   SEEDS=3          seeds per cell (1..SEEDS)
#   BUDGET=50000     samples per run
#   THREADS=0        evaluation threads (0 = all cores)
#   MODELS="resnet50 googlenet randwire_a nasnet_a_large"
#   CORES="1 2 4"  BATCHES="1 2 8"
#   RAW=DIR          raw JSON folder (default BUILD_DIR/multicore-raw); finished runs are reused,
#   FRESH=1          ... unless FRESH=1 (clears RAW first)
#   OUT=docs/multicore.md
#   NOTE="..."       a sentence on how the runs were made, printed under the title
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build-results}"
SEEDS="${SEEDS:-3}"
BUDGET="${BUDGET:-50000}"
THREADS="${THREADS:-0}"
MODELS="${MODELS:-resnet50 googlenet randwire_a nasnet_a_large}"
CORES="${CORES:-1 2 4}"
BATCHES="${BATCHES:-1 2 8}"
RAW="${RAW:-$BUILD/multicore-raw}"
OUT="${OUT:-$ROOT/docs/multicore.md}"

if [ ! -x "$BUILD/app/cli/cocco" ]; then
    echo "== building cocco in $BUILD" >&2
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    ninja -C "$BUILD" cocco >&2
fi
COCCO="$BUILD/app/cli/cocco"

[ "${FRESH:-0}" = 1 ] && rm -rf "$RAW"
mkdir -p "$RAW"
START=$(date +%s)
cat /proc/loadavg > "$RAW/load_start.txt"

# The batch lives in the hardware file (a result file embeds it); --cores overrides `cores`.
for n in $BATCHES; do
    printf '{"schemaVersion": 1, "batch": %d}\n' "$n" > "$RAW/hw_batch$n.json"
done

for model in $MODELS; do
    for k in $CORES; do
        for n in $BATCHES; do
            for seed in $(seq 1 "$SEEDS"); do
                file="$RAW/${model}_k${k}_n${n}_s${seed}.json"
                [ -s "$file" ] && continue
                echo "== $model cores $k batch $n seed $seed" >&2
                # Written to a temporary name first: a killed run leaves no half file behind.
                "$COCCO" search "zoo:$model" --objective cost --buffer shared --alpha 0.002 \
                    --budget "$BUDGET" --seed "$seed" --threads "$THREADS" --cores "$k" \
                    --hw "$RAW/hw_batch$n.json" --quiet --json > "$file.tmp"
                mv "$file.tmp" "$file"
            done
        done
    done
done

cat /proc/loadavg > "$RAW/load_end.txt"
python3 "$ROOT/tools/multicore_report.py" --raw "$RAW" --out "$OUT" --models "$MODELS" --cores "$CORES" \
    --batches "$BATCHES" --seeds "$SEEDS" --budget "$BUDGET" --seconds "$(( $(date +%s) - START ))" \
    --commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" --note "${NOTE:-}"
echo "wrote $OUT" >&2
