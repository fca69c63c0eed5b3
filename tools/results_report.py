#!/usr/bin/env python3
"""Tabulates the raw `cocco search --json` results of tools/make_results.sh into docs/results.md.

Only the standard library. Medians are over seeds; "samples to X" is read from each run's
convergence history (best objective against samples).
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import statistics

PART_EXACT_EXPECTED = ["vgg16", "resnet50", "googlenet", "resnet152"]
PART_NO_EXACT = ["transformer", "gpt1", "randwire_a", "randwire_b", "nasnet_a_mobile", "nasnet_a_large"]
REL = 1e-9  # objective equality tolerance (rounding of sums)


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def state_limits(part_dir):
    """The state limits the exact and bnb runs used (from their result files), as text."""
    limits = set()
    for name in sorted(os.listdir(part_dir)) if os.path.isdir(part_dir) else []:
        if "_exact" in name or "_bnb" in name:
            r = load(os.path.join(part_dir, name))
            if r and "exact_state_limit" in r.get("config", {}):
                limits.add(r["config"]["exact_state_limit"])
    return " / ".join(f"{x:,}" for x in sorted(limits)) if limits else "?"


def median(values):
    return statistics.median(values) if values else None


def fmt(x, digits=6):
    if x is None:
        return "–"
    if isinstance(x, str):
        return x
    if abs(x) >= 1e4:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


def pct(x):
    return "–" if x is None else f"{x * 100:+.2f}%"


def kib(b):
    return f"{b // 1024}"


def capacities(run):
    c = run.get("capacities", {})
    if c.get("mode") == "shared":
        return f"S {kib(c['shared_bytes'])} KiB"
    return f"A {kib(c['act_bytes'])} + W {kib(c['weight_bytes'])} KiB"


def samples_to(run, threshold):
    """First sample count at which the run's best objective was <= threshold (None if never)."""
    for point in run.get("history", []):
        if point[1] <= threshold:
            return int(point[0])
    return None


def seed_runs(folder, stem, seeds):
    runs = []
    for s in range(1, seeds + 1):
        r = load(os.path.join(folder, f"{stem}_s{s}.json"))
        if r is not None:
            runs.append(r)
    return runs


def runs_sentence(runs, wall):
    """The wall time and, when the script recorded it, how many runs it made and reused, and how
    many it ran at a time (PARALLEL)."""
    parts = runs.split()
    if len(parts) not in (2, 3):
        return f"wall time of all runs {wall} s"
    ran, reused = int(parts[0]), int(parts[1])
    at_a_time = ""
    if len(parts) == 3 and int(parts[2]) > 1:
        at_a_time = f" ({parts[2]} at a time)"
    if reused == 0:
        return f"wall time of all {ran:,} runs{at_a_time} {wall} s"
    return (f"wall time {wall} s for the {ran:,} runs this invocation made{at_a_time}; {reused:,} more were reused "
            "from earlier invocations on the same raw folder (FRESH=1 reruns everything)")


def threads_sentence(raw):
    """How many evaluation threads the raw runs used (their configs' `threads`; 0 = all cores)."""
    counts = {}
    for sub in ("part", "co"):
        folder = os.path.join(raw, sub)
        if not os.path.isdir(folder):
            continue
        for name in os.listdir(folder):
            r = load(os.path.join(folder, name)) if name.endswith(".json") else None
            if r is not None:
                t = r.get("config", {}).get("threads")
                counts[t] = counts.get(t, 0) + 1
    if not counts:
        return ""
    label = {0: "all cores", 1: "one thread"}
    parts = [f"{n:,} with {label.get(t, f'{t} threads')}" for t, n in sorted(counts.items(), key=lambda kv: -kv[1])]
    return " Evaluation threads per run: " + ", ".join(parts) + "."


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--seeded-seeds", type=int, default=0)
    ap.add_argument("--budget-part", type=int, default=400000)
    ap.add_argument("--budget-co", type=int, default=50000)
    ap.add_argument("--exact-time", type=float, default=60)
    ap.add_argument("--bnb-time", type=float, default=600)
    ap.add_argument("--commit", default="unknown")
    ap.add_argument("--models-part", default="")
    ap.add_argument("--models-co", default="")
    ap.add_argument("--algos-co", default="")
    ap.add_argument("--models-coopt", default="")
    ap.add_argument("--coopt-time", type=float, default=600)
    ap.add_argument("--budget-mid", type=int, default=50000)
    ap.add_argument("--anytime-factor", type=float, default=10)
    ap.add_argument("--budgets-eq", default="")
    ap.add_argument("--title", default="Results: partition search and co-exploration")
    ap.add_argument("--note", default="", help="a paragraph placed after the header")
    ap.add_argument("--demote", action="store_true", help="one more '#' on every heading (for an addendum)")
    ap.add_argument("--append", action="store_true", help="append to --out instead of replacing it")
    a = ap.parse_args()
    part_dir = os.path.join(a.raw, "part")
    co_dir = os.path.join(a.raw, "co")
    models_part = a.models_part.split()
    models_co = a.models_co.split()
    algos_co = a.algos_co.split()
    losses = []  # plain-language list of every place the GA loses
    md = []

    def read_text(name):
        try:
            with open(os.path.join(a.raw, name)) as f:
                return f.read().strip()
        except OSError:
            return "?"

    md.append("# " + a.title)
    md.append("")
    md.append(
        "Generated by `tools/make_results.sh` (raw runs tabulated by `tools/results_report.py`); do not edit by "
        "hand, rerun the script. "
        f"Commit `{a.commit}`, {datetime.datetime.utcnow().strftime('%Y-%m-%d %H:%M')} UTC, "
        f"{os.cpu_count()} cores ({platform.machine()}), {runs_sentence(read_text('runs.txt'), read_text('wall_seconds.txt'))}, "
        f"load average at start / end: {read_text('load_start.txt').split(' ')[0]} / "
        f"{read_text('load_end.txt').split(' ')[0]} (the machine was shared while this ran: seconds are upper "
        "bounds)." + threads_sentence(a.raw)
    )
    md.append("")
    md.append(
        f"Settings: {a.seeds} seeds (1..{a.seeds}) per stochastic method, medians over seeds; partition-only runs "
        f"{a.budget_part:,} samples (GA), co-exploration {a.budget_co:,} samples per run, α = 0.002; exact and bnb time limit "
        f"{a.exact_time:g} s (bnb in table (e): {a.bnb_time:g} s) and {state_limits(part_dir)} states; default hardware (A 1024 KiB + W 1152 KiB separate buffers, "
        "S 1152 KiB shared, 1024 MACs, 16 GB/s). Greedy, DP and exact are deterministic and run once. "
        "A \"sample\" is one evaluated design; for greedy/DP/exact it is one subgraph evaluation."
    )
    md.append("")
    # Every run must stay within its sample budget (the GA's window operators charge their
    # subgraph evaluations as samples; an earlier version could overrun).
    used, over = 0, []
    for folder in (part_dir, co_dir):
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            r = load(os.path.join(folder, name)) if name.endswith(".json") else None
            budget = (r or {}).get("config", {}).get("sample_budget")
            if not r or not budget or r.get("algorithm") in ("greedy", "dp", "exact", "bnb", "coopt"):
                continue
            used += 1
            if r["samples"] > budget:
                over.append(f"{name} ({r['samples']:,} > {budget:,})")
    md.append(
        f"Budget check: {used} stochastic runs, "
        + ("every one within its sample budget." if not over else f"{len(over)} over budget: " + ", ".join(over) + ".")
    )
    if over:
        losses.append("runs over their sample budget: " + ", ".join(over))
    md.append("")
    if a.note:
        md.append(a.note)
        md.append("")

    # ---------------------------------------------------------------- (a)
    base = {}
    for m in models_part:
        base[m] = {k: load(os.path.join(part_dir, f"{m}_{k}.json")) for k in ("greedy", "dp", "exact", "bnb")}
        base[m]["ga"] = seed_runs(part_dir, f"{m}_ga", a.seeds)
        base[m]["gaseeded"] = seed_runs(part_dir, f"{m}_gaseeded", a.seeded_seeds)
        base[m]["gamid"] = seed_runs(part_dir, f"{m}_gamid", a.seeds)
    finished = [m for m in models_part if base[m]["exact"] and base[m]["exact"]["stop_reason"] == "optimal"]
    unfinished = [m for m in models_part if m not in finished]
    md.append("## (a) Partition-only, EMA, default hardware: GA against the exact optimum")
    md.append("")
    md.append(
        f"Exact finished (stop reason `optimal`) on: {', '.join(finished) or 'none'}. "
        f"It did not finish on: {', '.join(unfinished) or 'none'}"
        + (
            " (" + ", ".join(f"{m}: {base[m]['exact']['stop_reason'] if base[m]['exact'] else 'no result'}" for m in unfinished) + ")"
            if unfinished
            else ""
        )
        + "."
    )
    missing = [m for m in PART_EXACT_EXPECTED if m in models_part and m not in finished]
    if missing:
        md.append("")
        md.append(f"**Exact did not finish on {', '.join(missing)}, which the issue lists for (a).**")
        losses.append(f"(a) exact did not finish on {', '.join(missing)}")
    md.append("")
    rows = []
    for m in finished:
        opt = base[m]["exact"]["best_objective"]
        ga = base[m]["ga"]
        vals = [r["best_objective"] for r in ga]
        hit = [r for r in ga if r["best_objective"] <= opt * (1 + REL)]
        stoo = [samples_to(r, opt * (1 + REL)) for r in hit]
        gm = median(vals)
        verdict = "reaches optimum" if len(hit) == len(ga) and ga else f"misses optimum in {len(ga) - len(hit)} of {len(ga)} seeds"
        if ga and len(hit) < len(ga):
            losses.append(
                f"(a) {m}: GA misses the exact optimum {fmt(opt)} in {len(ga) - len(hit)} of {len(ga)} seeds "
                f"(median {fmt(gm)}, {pct(gm / opt - 1)})"
            )
        rows.append(
            [
                m,
                base[m]["exact"]["subgraph_count"],
                fmt(opt),
                f"{base[m]['exact']['seconds']:.2f}",
                fmt(gm),
                fmt(min(vals) if vals else None),
                fmt(max(vals) if vals else None),
                pct(gm / opt - 1) if gm else "–",
                f"{len(hit)}/{len(ga)}",
                fmt(median([s for s in stoo if s is not None])),
                verdict,
            ]
        )
    md.append(
        table(
            ["model", "subgraphs (opt.)", "exact optimum EMA (bytes)", "exact s", "GA median", "GA min", "GA max",
             "GA median vs opt.", "seeds at opt.", "median samples to opt.", "verdict"],
            rows,
        )
    )
    md.append("")

    # ---------------------------------------------------------------- (b)
    md.append("## (b) GA against greedy and DP (EMA, partition-only)")
    md.append("")
    md.append(
        "Margin = GA / min(greedy, DP) − 1 (negative: the GA is better). The issue's networks where exact cannot "
        "finish come first; where exact did finish on them here, its optimum is shown too. Then every other zoo model. "
        + (
            f"\"GA seeded\" is the GA with greedy and DP in its first population (`--seed-heuristics`, median of "
            f"{a.seeded_seeds} seed(s)), run on the networks where exact cannot finish; by construction it is never "
            "worse than either heuristic, so the plain GA is what the verdict judges."
            if a.seeded_seeds
            else ""
        )
    )
    md.append("")
    rows = []
    order = [m for m in PART_NO_EXACT if m in models_part] + [m for m in models_part if m not in PART_NO_EXACT]
    for m in order:
        g, d, e, ga = base[m]["greedy"], base[m]["dp"], base[m]["exact"], base[m]["ga"]
        if not (g and d and ga):
            continue
        h = min(g["best_objective"], d["best_objective"])
        vals = [r["best_objective"] for r in ga]
        gm, worst = median(vals), max(vals)
        if gm > h * (1 + REL) or worst > h * (1 + REL):
            losses.append(
                f"(b) {m}: GA worse than the best of greedy/DP ({fmt(h)}): median {fmt(gm)} ({pct(gm / h - 1)}), "
                f"worst seed {fmt(worst)} ({pct(worst / h - 1)})"
            )
        rows.append(
            [
                m,
                fmt(g["best_objective"]),
                fmt(d["best_objective"]),
                fmt(e["best_objective"]) + (" (opt.)" if e and e["stop_reason"] == "optimal" else f" ({e['stop_reason']})")
                if e
                else "–",
                len(vals),
                fmt(gm),
                fmt(min(vals)),
                fmt(worst),
                pct(gm / h - 1),
                pct(worst / h - 1),
                fmt(median([r["best_objective"] for r in base[m]["gaseeded"]])) if base[m]["gaseeded"] else "–",
                pct(median([r["best_objective"] for r in base[m]["gaseeded"]]) / h - 1) if base[m]["gaseeded"] else "–",
                "never worse" if worst <= h * (1 + REL) else "**GA loses**",
            ]
        )
        if a.seeded_seeds == 0:
            del rows[-1][-3:-1]
    md.append(
        table(
            ["model", "greedy", "DP", "exact", "GA runs", "GA median", "GA min", "GA max", "margin (median)",
             "margin (worst seed)"] + (["GA seeded", "seeded margin"] if a.seeded_seeds else []) + ["verdict"],
            rows,
        )
    )
    md.append("")

    # ---------------------------------------------------------------- (c), (d)
    md.append(
        f"## (c) Co-exploration: cost = buffer bytes + 0.002 · energy pJ, {a.budget_co:,} samples"
    )
    md.append("")
    md.append(
        "Median / min / max over seeds of the final cost; capacities of the median run; ratio = method median / "
        "GA median."
    )
    co = {}
    for m in models_co:
        for mode in ("separate", "shared"):
            for alg in algos_co:
                co[(m, mode, alg)] = seed_runs(co_dir, f"{m}_{mode}_{alg}", a.seeds)
    for m in models_co:
        for mode in ("separate", "shared"):
            ga = co[(m, mode, "ga")]
            if not ga:
                continue
            ga_med = median([r["best_objective"] for r in ga])
            md.append("")
            md.append(f"### {m}, {mode} buffers")
            md.append("")
            rows = []
            for alg in algos_co:
                runs = co[(m, mode, alg)]
                if not runs:
                    continue
                vals = [r["best_objective"] for r in runs]
                med = median(vals)
                med_run = sorted(runs, key=lambda r: r["best_objective"])[(len(runs) - 1) // 2]
                rows.append(
                    [
                        alg,
                        fmt(med),
                        fmt(min(vals)),
                        fmt(max(vals)),
                        f"{med / ga_med:.4f}",
                        capacities(med_run),
                        fmt(med_run["ema_bytes"]),
                        fmt(med_run["energy_pj"]),
                        f"{median([r['seconds'] for r in runs]):.2f}",
                    ]
                )
                if alg != "ga" and med < ga_med * (1 - REL):
                    losses.append(
                        f"(c) {m}, {mode}: {alg} beats the GA (median {fmt(med)} vs {fmt(ga_med)}, "
                        f"GA {pct(ga_med / med - 1)} worse)"
                    )
            md.append(
                table(["method", "median cost", "min", "max", "ratio to GA", "capacities (median run)",
                       "EMA bytes", "energy pJ", "median s"], rows)
            )
    md.append("")
    md.append("## (d) Samples to come within 1.05× of the GA's final cost")
    md.append("")
    md.append(
        "Target = 1.05 × the GA's median final cost on that network and buffer mode. Per method: the median over "
        "seeds of the first sample count whose best-so-far cost is within the target (\"never\" when a seed does not "
        f"get there in {a.budget_co:,} samples; the median then counts it as never), and how many seeds got there. "
        "Two-step methods count the samples of all their inner runs."
    )
    md.append("")
    rows = []
    for m in models_co:
        for mode in ("separate", "shared"):
            ga = co[(m, mode, "ga")]
            if not ga:
                continue
            target = 1.05 * median([r["best_objective"] for r in ga])
            row = [m, mode]
            for alg in algos_co:
                runs = co[(m, mode, alg)]
                st = [samples_to(r, target) for r in runs]
                got = [s for s in st if s is not None]
                if not runs:
                    row.append("–")
                elif len(got) * 2 > len(runs):
                    # Median with "never" = +inf; defined when more than half the seeds got there.
                    srt = sorted(got) + [None] * (len(runs) - len(got))
                    row.append(f"{fmt(srt[(len(runs) - 1) // 2])} ({len(got)}/{len(runs)})")
                else:
                    row.append(f"never ({len(got)}/{len(runs)})")
            rows.append(row)
            if m == "resnet50":
                gst = sorted(s for s in (samples_to(r, target) for r in ga) if s is not None)
                ok = len(gst) * 2 > len(ga) and gst[(len(ga) - 1) // 2] <= 3000
                md_target = (
                    f"Target check, ResNet-50 ({mode}): the GA's median samples to 1.05× is "
                    f"{fmt(gst[(len(ga) - 1) // 2]) if len(gst) * 2 > len(ga) else 'never'} "
                    f"({'meets' if ok else '**misses**'} the ≤ 3,000 target)."
                )
                co[("target", mode)] = md_target
                if not ok:
                    losses.append(f"(d) ResNet-50 {mode}: the GA needs more than 3,000 samples to come within 1.05×")
    md.append(table(["model", "buffers"] + algos_co, rows))
    md.append("")
    for mode in ("separate", "shared"):
        if ("target", mode) in co:
            md.append("- " + co[("target", mode)])
    md.append("")

    # ---------------------------------------------------------------- speed
    md.append("## Speed")
    md.append("")
    rows = []
    r50 = {mode: co.get(("resnet50", mode, "ga"), []) for mode in ("separate", "shared")}
    for mode in ("separate", "shared"):
        if r50[mode]:
            s = median([r["seconds"] for r in r50[mode]])
            rows.append([f"GA co-exploration, ResNet-50, {a.budget_co:,} samples, {mode}", f"{s:.2f}", "≤ 2",
                         "yes" if s <= 2 else "**no**"])
    rwb = base.get("randwire_b", {}).get("ga", []) if "randwire_b" in base else []
    if rwb:
        s = median([r["seconds"] for r in rwb])
        rows.append([f"GA partition-only, RandWire-B, {a.budget_part:,} samples", f"{s:.2f}", "≤ 20",
                     "yes" if s <= 20 else "**no**"])
    for k in ("greedy", "dp"):
        times = [(base[m][k]["seconds"], m) for m in models_part if base[m][k]]
        if times:
            s, m = max(times)
            rows.append([f"{k} on every zoo model (slowest: {m})", f"{s:.3f}", "≤ 1", "yes" if s <= 1 else "**no**"])
    md.append(table(["item", "median seconds", "target", "met"], rows))
    md.append("")
    md.append(
        "Per-model baseline times (one run each; `build/tests/bench/bench_baselines` measures them on fresh cost "
        "models):"
    )
    md.append("")
    rows = []
    for m in models_part:
        b = base[m]
        if not (b["greedy"] and b["dp"]):
            continue
        rows.append([m, f"{b['greedy']['seconds']:.3f}", b["greedy"]["samples"], f"{b['dp']['seconds']:.3f}",
                     b["dp"]["samples"], f"{b['exact']['seconds']:.2f}" if b["exact"] else "–",
                     b["exact"]["stop_reason"] if b["exact"] else "–"])
    md.append(table(["model", "greedy s", "greedy evals", "DP s", "DP evals", "exact s", "exact stop"], rows))
    md.append("")

    # ---------------------------------------------------------------- (e) proofs and bounds
    if any(base[m]["bnb"] for m in models_part):
        md.append("## (e) Proven optima and certified lower bounds (EMA, partition-only)")
        md.append("")
        md.append(
            f"`bnb` (best-first branch and bound over down-sets, time limit {a.bnb_time:g} s on one core; with a "
            "time limit it spends the time its first best-first search does not need on split cut ratios, "
            "docs/search.md): proof status, the "
            "certified lower bound on every partition's EMA, and the gaps (best − bound) / bound of its own best "
            "design (the better heuristic when stopped) and of the GA's median and best seed "
            f"({a.budget_part:,} samples). A gap is an upper limit on the distance to the optimum, not a loss."
        )
        md.append("")
        rows = []
        for m in models_part:
            b = base[m]["bnb"]
            if not b or "lower_bound" not in b:
                continue
            lb = b["lower_bound"]
            ga = [r["best_objective"] for r in base[m]["ga"]]
            gamid = [r["best_objective"] for r in base[m]["gamid"]]
            gap = lambda v: None if v is None or lb <= 0 else (v - lb) / lb
            rows.append([m, b["stop_reason"], f"{b['seconds']:.2f}", fmt(lb), fmt(b["best_objective"]),
                         pct(gap(b["best_objective"])), pct(gap(median(gamid))), fmt(median(ga)),
                         pct(gap(median(ga))), pct(gap(min(ga) if ga else None))])
        md.append(table(["model", "bnb stop", "bnb s", "lower bound", "bnb best", "bnb gap",
                         f"GA {a.budget_mid // 1000}k median gap", f"GA {a.budget_part // 1000}k median",
                         f"GA {a.budget_part // 1000}k median gap", f"GA {a.budget_part // 1000}k best-seed gap"], rows))
        md.append("")

    # ---------------------------------------------------------------- (e') every objective and mode
    every = {}
    for m in models_part:
        for obj in ("ema", "energy", "latency"):
            for mode in ("separate", "shared"):
                name = f"{m}_bnb_{obj}_{mode}.json"
                every[(m, obj, mode)] = load(os.path.join(part_dir, name))
    if sum(1 for v in every.values() if v) > len(models_part):
        md.append("## (e') bnb on every objective and buffer mode (partition-only, default hardware)")
        md.append("")
        md.append(
            f"Time limit {a.exact_time:g} s per run on one core. \"optimal\": proven, the bound is the optimum; "
            "otherwise the certified lower bound and the gap (best − bound) / bound of bnb's best design (the "
            "better of greedy and DP when the search stops before improving on them). Energy in pJ, latency in "
            "cycles."
        )
        md.append("")
        rows = []
        for m in models_part:
            for obj in ("ema", "energy", "latency"):
                for mode in ("separate", "shared"):
                    b = every[(m, obj, mode)]
                    if not b or "lower_bound" not in b:
                        continue
                    lb = b["lower_bound"]
                    gap = None if lb <= 0 else (b["best_objective"] - lb) / lb
                    rows.append([m, obj, mode, b["stop_reason"], f"{b['seconds']:.2f}", fmt(lb),
                                 fmt(b["best_objective"]), pct(gap)])
        md.append(table(["model", "objective", "buffers", "bnb stop", "s", "lower bound", "best", "gap"], rows))
        md.append("")
        proven = sum(1 for v in every.values() if v and v.get("stop_reason") == "optimal")
        md.append(f"Proven optimal in {proven} of {sum(1 for v in every.values() if v)} runs.")
        md.append("")

    # ---------------------------------------------------------------- (e'') the GA's own bound
    own_rows = []
    proven_gap = 1e-7  # search.h kProvenGap: a gap this small is rounding
    for m in models_part:
        cells = [m]
        have = False
        for key in ("gamid", "ga"):
            runs = [r for r in base[m][key] if isinstance(r.get("lower_bound"), (int, float))]
            if not runs:
                cells += ["–", "–", "–"]
                continue
            have = True
            gaps = [r["gap"] for r in runs if isinstance(r.get("gap"), (int, float))]
            proven = sum(1 for g in gaps if g <= proven_gap)
            cells += [fmt(median([r["lower_bound"] for r in runs])), pct(median(gaps)) if gaps else "–",
                      f"{proven}/{len(base[m][key])}"]
        if have:
            own_rows.append(cells)
    if own_rows:
        md.append("## (e'') The GA's own certified lower bound (EMA, partition-only)")
        md.append("")
        md.append(
            "Every search result carries a certified lower bound computed after the search within a small share "
            "of its budget (the share bound, the cut ratios and the LP bound where they fit: docs/search.md, "
            "\"Lower bounds\" and \"LP bound\"), and the gap (best − bound) / bound of its own best design. "
            "Median over seeds of the GA runs of (e); \"proven\": seeds whose own bound meets their design "
            f"(gap ≤ {proven_gap:g}), so the result says it is optimal without any exact solver."
        )
        md.append("")
        md.append(table(["model", f"GA {a.budget_mid // 1000}k own bound (median)", f"GA {a.budget_mid // 1000}k gap",
                         f"GA {a.budget_mid // 1000}k proven", f"GA {a.budget_part // 1000}k own bound (median)",
                         f"GA {a.budget_part // 1000}k gap", f"GA {a.budget_part // 1000}k proven"], own_rows))
        md.append("")

    # ---------------------------------------------------------------- (f) co-exploration optimum
    models_coopt = a.models_coopt.split()
    coopt = {(m, mode): load(os.path.join(co_dir, f"{m}_{mode}_coopt.json"))
             for m in models_coopt for mode in ("separate", "shared")}
    if any(coopt.values()):
        md.append("## (f) The exact co-exploration optimum (cost) against the co-exploration methods")
        md.append("")
        md.append(
            "`coopt` solves the partition problem of every capacity candidate (31 × 31 separate, 47 shared) "
            "exactly or prunes it by a proven bound (docs/search.md, \"The exact co-exploration optimum\"), time "
            f"limit {a.coopt_time:g} s. Cost = buffer bytes + 0.002 · energy pJ, default hardware. Per method: the "
            "gap of its median final cost (over seeds, "
            f"{a.budget_co:,} samples, tables (c)) to the optimum, (median − optimum) / optimum, and in brackets "
            "how many seeds reached the optimum; \"–\": no runs of that method on that model. A stopped `coopt` "
            "shows its certified bound instead, and the gaps are then to that bound."
        )
        md.append("")
        rows = []
        for m in models_coopt:
            for mode in ("separate", "shared"):
                c = coopt[(m, mode)]
                if not c:
                    continue
                note = next((w for w in c.get("warnings", []) if w.startswith("coopt:")), "")
                counts = dict((k, int(v)) for v, k in re.findall(r"(\d+) (solved|settled|pruned|open)", note))
                optimal = c["stop_reason"] == "optimal"
                ref = c["best_objective"] if optimal else c.get("lower_bound")
                row = [m, mode, c["stop_reason"], f"{c['seconds']:.2f}",
                       f"{counts.get('solved', '?')} / {counts.get('settled', '?')} / {counts.get('pruned', '?')}",
                       fmt(c["best_objective"]) if optimal else f"≥ {fmt(ref)} (best {fmt(c['best_objective'])})",
                       capacities(c), c["subgraph_count"]]
                for alg in algos_co:
                    runs = co.get((m, mode, alg)) or seed_runs(co_dir, f"{m}_{mode}_{alg}", a.seeds)
                    if not runs or not ref:
                        row.append("–")
                        continue
                    vals = [r["best_objective"] for r in runs]
                    hit = sum(1 for v in vals if v <= ref * (1 + REL))
                    row.append(f"{pct(median(vals) / ref - 1)} ({hit}/{len(vals)})")
                    if min(vals) < ref * (1 - REL) and optimal:
                        losses.append(f"(f) {m}, {mode}: {alg} found {fmt(min(vals))}, below the coopt optimum "
                                      f"{fmt(ref)}: the optimum is wrong")
                rows.append(row)
        md.append(table(["model", "buffers", "coopt stop", "coopt s", "solved / settled / pruned", "optimum",
                         "capacities", "subgraphs"] + [f"{alg} gap" for alg in algos_co], rows))
        md.append("")

    # ---------------------------------------------------------------- (g) anytime
    rows = []
    for obj in ("ema", "cost"):
        for m in models_part:
            g = load(os.path.join(part_dir, f"{m}_greedy_{obj}.json"))
            d = load(os.path.join(part_dir, f"{m}_dp_{obj}.json"))
            runs = seed_runs(part_dir, f"{m}_gaany_{obj}", a.seeds)
            if not (g and d and runs):
                continue
            target = min(g["best_objective"], d["best_objective"])
            reach = sorted((samples_to(r, target * (1 + REL)) or float("inf")) for r in runs)
            med = reach[len(reach) // 2]
            hit = sum(1 for x in reach if x != float("inf"))
            budget = runs[0]["config"]["sample_budget"]
            ok = med != float("inf")
            finals = [r["best_objective"] for r in runs]
            rows.append([m, obj, fmt(target), "greedy" if g["best_objective"] <= d["best_objective"] else "DP",
                         f"{d['samples']:,}", f"{budget:,}", f"{med:,}" if ok else "not reached",
                         f"{med / max(1, d['samples']):.2f}" if ok else "–", f"{hit}/{len(runs)}",
                         pct(median(finals) / target - 1), "yes" if ok else "**no**"])
            if not ok:
                losses.append(f"(g) {m}, {obj}: the unseeded GA's median does not reach min(greedy, DP) within "
                              f"{a.anytime_factor:g} × DP's {d['samples']:,} evaluations ({hit}/{len(runs)} seeds do)")
    if rows:
        md.append(f"## (g) Anytime: the unseeded GA against min(greedy, DP) within {a.anytime_factor:g} × DP's evaluations")
        md.append("")
        md.append(
            f"Partition-only, default hardware. Each GA run (no `--seed-heuristics`) gets {a.anytime_factor:g} × the "
            "subgraph evaluations DP spent on the same model and objective (at least 1,000). \"Samples to match\": "
            "the first sample at which the GA's best was at most min(greedy, DP); median over seeds, a seed that "
            "never matched counts as infinite. \"× DP\": that median over DP's evaluation count. \"final vs "
            "target\": the median final objective against min(greedy, DP)."
        )
        md.append("")
        md.append(table(["model", "objective", "min(greedy, DP)", "from", "DP evals", "GA budget",
                         "samples to match (median)", "× DP", "seeds matching", "final vs target", "met"], rows))
        md.append("")

    # ---------------------------------------------------------------- (h) equal budgets
    budgets_eq = [int(b) for b in a.budgets_eq.split()] + [a.budget_co]
    rows = []
    for m in models_co:
        for mode in ("separate", "shared"):
            for b in budgets_eq:
                stem = (lambda alg: f"{m}_{mode}_{alg}") if b == a.budget_co else (lambda alg: f"{m}_{mode}_{alg}_b{b}")
                meds = {}
                for alg in algos_co:
                    runs = seed_runs(co_dir, stem(alg), a.seeds)
                    if runs:
                        meds[alg] = median([r["best_objective"] for r in runs])
                if "ga" not in meds or len(meds) < 2:
                    continue
                others = {k: v for k, v in meds.items() if k != "ga"}
                best_alg = min(others, key=others.get)
                lowest = meds["ga"] <= others[best_alg] * (1 + REL)
                rows.append([m, mode, f"{b:,}", fmt(meds["ga"]), f"{best_alg} {fmt(others[best_alg])}",
                             pct(meds["ga"] / others[best_alg] - 1), "yes" if lowest else "**no**"])
                if not lowest:
                    losses.append(f"(h) {m}, {mode}, {b:,} samples: {best_alg}'s median {fmt(others[best_alg])} is "
                                  f"below the GA's {fmt(meds['ga'])}")
    if rows:
        md.append("## (h) Co-exploration at equal budgets: the GA's median against the best other method's")
        md.append("")
        md.append(
            "Cost = buffer bytes + 0.002 · energy pJ, median of the final cost over seeds per method and budget; "
            f"the other methods are {', '.join(x for x in algos_co if x != 'ga')}. \"GA vs best other\": "
            "(GA median − best other median) / best other median; negative or zero: the GA's is the lowest."
        )
        md.append("")
        md.append(table(["model", "buffers", "budget", "GA median", "best other median", "GA vs best other",
                         "GA lowest"], rows))
        md.append("")
        lowest = sum(1 for r in rows if r[-1] == "yes")
        md.append(f"The GA's median is the lowest in {lowest} of {len(rows)} cells.")
        md.append("")

    # ---------------------------------------------------------------- summary
    md.append("## Where the GA loses")
    md.append("")
    if losses:
        for line in losses:
            md.append(f"- {line}")
    else:
        md.append("Nowhere in these runs: the GA reaches every exact optimum, is never worse than greedy or DP, and "
                  "no other co-exploration method beats its median.")
    md.append("")
    if a.demote:
        md = ["#" + line if line.startswith("#") else line for line in md]
    with open(a.out, "a" if a.append else "w") as f:
        f.write(("\n" if a.append else "") + "\n".join(md) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
