#!/usr/bin/env bash
# Regenerates docs/results.md: runs the `cocco search` CLI for the quality items (a)-(h) and the
# speed items of the search issue, then tabulates the raw result JSONs with
# tools/results_report.py (median over seeds).
#
# usage: tools/make_results.sh [BUILD_DIR]
#   BUILD_DIR   an existing build with app/cli/cocco (default: configure and build build-results)
# environment (defaults = the issue's settings):
#   SEEDS=5            seeds per stochastic run (1..SEEDS)
#   BUDGET_PART=400000 GA samples, partition-only runs (a), (b)
#   BUDGET_CO=50000    samples, co-exploration runs (c), (d)
#   EXACT_TIME=60      exact and bnb search time limit per model, seconds (bnb: table (e'))
#   BNB_TIME=600       bnb time limit per model of table (e), seconds (the issue's ten minutes)
#   THREADS=0          evaluation threads (0 = all cores)
#   PARALLEL=1         runs at a time; above 1 each queued run gets one thread (at most the cores:
#                      the time-limited runs then each have one core), see run() below
#   MODELS_PART="..."  models for (a)/(b) (default: every zoo model)
#   MODELS_CO="resnet50 googlenet randwire_a nasnet_a_large"
#   ALGOS_CO="ga sa rs-ga gs-ga fixed-s fixed-m fixed-l"
#   MODELS_COOPT="..." models of (f), the exact co-exploration optimum (default: the nine on which
#                      exact partitioning finishes)
#   COOPT_TIME=600     coopt time limit per model and buffer mode, seconds; the co-exploration
#                      methods of (c) also run on these models, for their gaps to the optimum
#   BUDGET_MID=50000   GA samples of the partition-only runs whose gap to the bound (e) shows
#   ANYTIME_FACTOR=10  (g): the GA's budget is this many times DP's evaluation count
#   BUDGETS_EQ="2000 5000 10000"  (h): co-exploration budgets besides BUDGET_CO
#   SEEDED_SEEDS=1     seeds of the extra GA runs seeded with greedy + DP (--seed-heuristics) on the
#                      (b) networks where exact cannot finish (0 = skip)
#   RAW=DIR            raw JSON folder (default BUILD_DIR/results-raw); finished runs are reused,
#   FRESH=1            ... unless FRESH=1 (clears RAW first)
#   OUT=docs/results.md
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build-results}"
SEEDS="${SEEDS:-5}"
BUDGET_PART="${BUDGET_PART:-400000}"
BUDGET_CO="${BUDGET_CO:-50000}"
EXACT_TIME="${EXACT_TIME:-60}"
BNB_TIME="${BNB_TIME:-600}"
THREADS="${THREADS:-0}"
PARALLEL="${PARALLEL:-1}"
case "$PARALLEL" in
    '' | *[!0-9]* | 0) echo "make_results: PARALLEL must be a positive integer, got '$PARALLEL'" >&2; exit 2 ;;
esac
RAW="${RAW:-$BUILD/results-raw}"
OUT="${OUT:-$ROOT/docs/results.md}"
MODELS_CO="${MODELS_CO:-resnet50 googlenet randwire_a nasnet_a_large}"
ALGOS_CO="${ALGOS_CO:-ga sa rs-ga gs-ga fixed-s fixed-m fixed-l}"
SEEDED_SEEDS="${SEEDED_SEEDS:-1}"
MODELS_COOPT="${MODELS_COOPT:-resnet50 resnet152 googlenet mobilenetv2 transformer gpt1 resnet18 squeezenet1_0 vgg16}"
COOPT_TIME="${COOPT_TIME:-600}"
BUDGET_MID="${BUDGET_MID:-50000}"
ANYTIME_FACTOR="${ANYTIME_FACTOR:-10}"
BUDGETS_EQ="${BUDGETS_EQ:-2000 5000 10000}"
MODELS_SEEDED="transformer gpt1 randwire_a randwire_b nasnet_a_mobile nasnet_a_large"

if [ ! -x "$BUILD/app/cli/cocco" ]; then
    echo "== building cocco in $BUILD" >&2
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    ninja -C "$BUILD" cocco >&2
fi
COCCO="$BUILD/app/cli/cocco"
MODELS_PART="${MODELS_PART:-$("$COCCO" zoo list 2>/dev/null | awk 'NR > 1 && NF { print $1 }' | tr '\n' ' ')}"
if [ -z "${MODELS_PART// /}" ]; then
    echo "make_results: could not list the zoo models ('cocco zoo list')" >&2
    exit 1
fi

[ "${FRESH:-0}" = 1 ] && rm -rf "$RAW"
mkdir -p "$RAW/part" "$RAW/co"
START=$(date +%s)
cat /proc/loadavg > "$RAW/load_start.txt"

# run FILE ARGS...: one `cocco search --json` run into FILE unless FILE already holds a result.
# With PARALLEL > 1 most runs go to a queue that PARALLEL workers drain at the end, one thread per
# run; greedy and DP run at once (cheap, and (g)'s budgets are read from DP's results), and the
# runs the Speed table times (speed_run) run alone afterwards with THREADS threads.
RAN=0
REUSED=0
QUEUE="$RAW/queue.txt"
DEFERRED="$RAW/deferred.txt"
: > "$QUEUE"
: > "$DEFERRED"

# run_one FILE THREADS ARGS...: the run itself, into a temporary file renamed on success.
run_one() {
    local file="$1" threads="$2"
    shift 2
    local tmp="$file.tmp.$$"
    echo "  cocco search $*" >&2
    if "$COCCO" search "$@" --threads "$threads" --quiet --json > "$tmp" 2> "$file.err"; then
        mv "$tmp" "$file"
        rm -f "$file.err"
    else
        echo "make_results: failed: cocco search $* (see $file.err)" >&2
        rm -f "$tmp"
    fi
    return 0
}
export -f run_one
export COCCO

speed_run() {
    case "$1" in
        "$RAW/co/resnet50_separate_ga_s"* | "$RAW/co/resnet50_shared_ga_s"* | "$RAW/part/randwire_b_ga_s"*) return 0 ;;
    esac
    return 1
}

run() {
    local file="$1"
    shift
    if [ -s "$file" ]; then
        REUSED=$((REUSED + 1))
        return 0
    fi
    RAN=$((RAN + 1))
    if [ "$PARALLEL" -le 1 ]; then
        run_one "$file" "$THREADS" "$@"
        return 0
    fi
    case "$file" in
        "$RAW"/part/*_greedy*.json | "$RAW"/part/*_dp*.json) run_one "$file" "$THREADS" "$@" ;;
        *)
            if speed_run "$file"; then
                { printf '%q ' "$file" "$THREADS" "$@"; echo; } >> "$DEFERRED"
            else
                { printf '%q ' "$file" 1 "$@"; echo; } >> "$QUEUE"
            fi
            ;;
    esac
    return 0
}

echo "== (a), (b): partition-only, EMA, default hardware" >&2
for m in $MODELS_PART; do
    run "$RAW/part/${m}_greedy.json" "zoo:$m" --algo greedy --objective ema --partition-only
    run "$RAW/part/${m}_dp.json" "zoo:$m" --algo dp --objective ema --partition-only
    run "$RAW/part/${m}_exact.json" "zoo:$m" --algo exact --objective ema --partition-only --time-limit "$EXACT_TIME"
    run "$RAW/part/${m}_bnb.json" "zoo:$m" --algo bnb --objective ema --partition-only --time-limit "$BNB_TIME"
    for s in $(seq 1 "$SEEDS"); do
        run "$RAW/part/${m}_ga_s$s.json" "zoo:$m" --algo ga --objective ema --partition-only \
            --budget "$BUDGET_PART" --seed "$s"
    done
done

echo "== (b): GA seeded with the greedy and DP partitions" >&2
for m in $MODELS_SEEDED; do
    case " $MODELS_PART " in *" $m "*) ;; *) continue ;; esac
    for s in $(seq 1 "$SEEDED_SEEDS"); do
        run "$RAW/part/${m}_gaseeded_s$s.json" "zoo:$m" --algo ga --objective ema --partition-only \
            --budget "$BUDGET_PART" --seed "$s" --seed-heuristics
    done
done

# co_methods MODEL MODE BUDGET [SUFFIX]: every method of ALGOS_CO on every seed, cost
# co-exploration, into co/MODEL_MODE_ALGO[SUFFIX]_sSEED.json.
co_methods() {
    local m="$1" mode="$2" budget="$3" suffix="${4:-}" a s
    for a in $ALGOS_CO; do
        for s in $(seq 1 "$SEEDS"); do
            run "$RAW/co/${m}_${mode}_${a}${suffix}_s$s.json" "zoo:$m" --algo "$a" --objective cost --co-explore \
                --alpha 0.002 --buffer "$mode" --budget "$budget" --seed "$s"
        done
    done
}

echo "== (c), (d): co-exploration, cost = buffer bytes + alpha * energy" >&2
for m in $MODELS_CO; do
    for mode in separate shared; do
        co_methods "$m" "$mode" "$BUDGET_CO"
    done
done

echo "== (f): the exact co-exploration optimum (coopt), cost, every capacity candidate" >&2
for m in $MODELS_COOPT; do
    for mode in separate shared; do
        run "$RAW/co/${m}_${mode}_coopt.json" "zoo:$m" --algo coopt --objective cost --co-explore \
            --alpha 0.002 --buffer "$mode" --time-limit "$COOPT_TIME"
        case " $MODELS_CO " in *" $m "*) continue ;; esac
        co_methods "$m" "$mode" "$BUDGET_CO"
    done
done

echo "== (e): GA at $BUDGET_MID samples against the bound (EMA, partition-only)" >&2
for m in $MODELS_PART; do
    for s in $(seq 1 "$SEEDS"); do
        run "$RAW/part/${m}_gamid_s$s.json" "zoo:$m" --algo ga --objective ema --partition-only \
            --budget "$BUDGET_MID" --seed "$s"
    done
done

echo "== (e'): bnb on every objective and buffer mode (partition-only, default hardware)" >&2
for m in $MODELS_PART; do
    for obj in ema energy latency; do
        for mode in separate shared; do
            run "$RAW/part/${m}_bnb_${obj}_${mode}.json" "zoo:$m" --algo bnb --objective "$obj" --buffer "$mode" \
                --partition-only --time-limit "$EXACT_TIME"
        done
    done
done

echo "== (g): anytime, the unseeded GA with $ANYTIME_FACTOR x DP's evaluations (EMA and cost, partition-only)" >&2
for m in $MODELS_PART; do
    for obj in ema cost; do
        run "$RAW/part/${m}_greedy_$obj.json" "zoo:$m" --algo greedy --objective "$obj" --partition-only
        run "$RAW/part/${m}_dp_$obj.json" "zoo:$m" --algo dp --objective "$obj" --partition-only
        [ -s "$RAW/part/${m}_dp_$obj.json" ] || continue
        evals=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["samples"])' "$RAW/part/${m}_dp_$obj.json")
        budget=$(( ANYTIME_FACTOR * evals ))
        [ "$budget" -ge 1000 ] || budget=1000
        for s in $(seq 1 "$SEEDS"); do
            run "$RAW/part/${m}_gaany_${obj}_s$s.json" "zoo:$m" --algo ga --objective "$obj" --partition-only \
                --budget "$budget" --seed "$s"
        done
    done
done

echo "== (h): co-exploration methods at equal budgets ($BUDGETS_EQ and $BUDGET_CO samples)" >&2
for m in $MODELS_CO; do
    for mode in separate shared; do
        for b in $BUDGETS_EQ; do
            co_methods "$m" "$mode" "$b" "_b$b"
        done
    done
done

if [ -s "$QUEUE" ]; then
    echo "== running the $(wc -l < "$QUEUE") queued runs, $PARALLEL at a time" >&2
    xargs -P "$PARALLEL" -d '\n' -n 1 bash -c 'eval "run_one $1"' _ < "$QUEUE"
fi
while IFS= read -r line; do
    eval "run_one $line"
done < "$DEFERRED"
rm -f "$QUEUE" "$DEFERRED"

cat /proc/loadavg > "$RAW/load_end.txt"
echo $(( $(date +%s) - START )) > "$RAW/wall_seconds.txt"
echo "$RAN $REUSED $PARALLEL" > "$RAW/runs.txt"
python3 "$ROOT/tools/results_report.py" --raw "$RAW" --out "$OUT" --seeds "$SEEDS" --seeded-seeds "$SEEDED_SEEDS" \
    --budget-part "$BUDGET_PART" --budget-co "$BUDGET_CO" --exact-time "$EXACT_TIME" --bnb-time "$BNB_TIME" \
    --commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    --models-part "$MODELS_PART" --models-co "$MODELS_CO" --algos-co "$ALGOS_CO" \
    --models-coopt "$MODELS_COOPT" --coopt-time "$COOPT_TIME" --budget-mid "$BUDGET_MID" \
    --anytime-factor "$ANYTIME_FACTOR" --budgets-eq "$BUDGETS_EQ"
echo "wrote $OUT" >&2
