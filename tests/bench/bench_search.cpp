// Search speed and quality figures (prints, never fails on timing):
//   bench_search speed        50k-sample co-exploration of ResNet-50 (separate + shared),
//                             400k-sample partition-only GA on RandWire-B
//   bench_search optimum      partition-only EMA GA (400k samples) against exact on the models
//                             where exact finishes
//   bench_search reach        samples the GA needs to come within 1.05x of its final cost
//                             (co-exploration, 50k, ResNet-50)
//   bench_search match        samples the unseeded GA needs to reach min(greedy, DP), against DP's
//                             evaluation count (partition-only EMA and cost, default hardware)
//   bench_search budgets      co-exploration methods at equal budgets of 2k, 5k, 10k, 50k samples
//                             (cost objective, ResNet-50, GoogLeNet, RandWire-A, NASNet-A Large)
//   bench_search all          speed, optimum and reach (default)
// Options: --threads T (default 0 = all cores), --seeds K (default 1), --first-seed S (seeds
//          S..S+K-1, default 1: a second set of seeds checks a tuning), --model NAME (repeatable),
//          --objective ema|cost (match), --buffer separate|shared (budgets), --factor F (match:
//          GA budget = F x DP's evaluations, default 10), --algo A and --budget N (budgets: only
//          these methods and budgets; repeatable).
#include "bench_args.h"
#include "search/baselines/baselines.h"
#include "search/registry.h"
#include "search/search.h"
#include "zoo/zoo.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

using namespace cocco;

namespace {

int g_threads = 0;
int g_seeds = 1;
int g_firstSeed = 1;
std::vector<std::string> g_models;
std::vector<Objective> g_objectives;
std::vector<BufferMode> g_modes;
double g_factor = 10;
std::vector<std::string> g_algos;   // budgets: only these methods (default: every co-exploration one)
std::vector<int64_t> g_budgets;     // budgets: only these budgets (default 2k, 5k, 10k, 50k)

std::shared_ptr<const Network> zoo(const std::string &name) { return benchZooModel(name); }

double cpuNow() { return double(std::clock()) / CLOCKS_PER_SEC; }

double now()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

SearchResult run(const CostModel &m, SearchConfig cfg)
{
    cfg.threads = g_threads;
    auto r = runSearch(m, cfg);
    if (!r.ok()) {
        std::fprintf(stderr, "search failed: %s\n", r.message().c_str());
        std::exit(1);
    }
    return std::move(r).value();
}

int64_t samplesToReach(const SearchResult &r, double target)
{
    for (const auto &h : r.history)
        if (h.best <= target)
            return h.samples;
    return -1;
}

void speed(bool coOnly, bool partOnly)
{
    if (!partOnly)
    for (BufferMode mode : {BufferMode::Separate, BufferMode::Shared}) {
        HardwareConfig hw;
        hw.mode = mode;
        CostModel m(zoo("resnet50"), hw);
        SearchConfig cfg;
        cfg.objective = Objective::Cost;
        cfg.coExplore = true;
        cfg.sampleBudget = 50000;
        const double t0 = now(), c0 = cpuNow();
        SearchResult r = run(m, cfg);
        const double s = now() - t0, cpu = cpuNow() - c0;
        std::printf("speed resnet50 co-exploration %-8s 50k: %.2f s wall, %.2f s CPU (%.0f samples/s), cost %.0f, stop %s\n",
                    mode == BufferMode::Shared ? "shared" : "separate", s, cpu, r.samples / s, r.best.objective,
                    stopReasonName(r.stopReason));
    }
    if (coOnly)
        return;
    CostModel m(zoo("randwire_b"), HardwareConfig{});
    SearchConfig cfg;
    cfg.objective = Objective::Ema;
    cfg.sampleBudget = 400000;
    const double t0 = now(), c0 = cpuNow();
    SearchResult r = run(m, cfg);
    const double s = now() - t0, cpu = cpuNow() - c0;
    std::printf("speed randwire_b partition-only EMA 400k: %.2f s wall, %.2f s CPU (%.0f samples/s), EMA %.0f, samples %lld, stop %s\n", s,
                cpu, r.samples / s, r.best.objective, static_cast<long long>(r.samples), stopReasonName(r.stopReason));
    std::fflush(stdout);
}

void optimum()
{
    std::vector<std::string> names = g_models;
    if (names.empty())
        names = {"vgg16", "resnet18", "resnet50", "googlenet", "resnet152", "squeezenet1_0", "mobilenetv2"};
    for (const std::string &nm : names) {
        const char *name = nm.c_str();
        CostModel m(zoo(name), HardwareConfig{});
        const double t0 = now();
        auto ex = exactSearch(m, m.hardware(), Objective::Ema, 0.002, {}, 120, 2000000);
        const double te = now() - t0;
        if (!ex.ok()) {
            std::printf("optimum %-14s exact failed: %s\n", name, ex.message().c_str());
            continue;
        }
        for (int seed = g_firstSeed; seed < g_firstSeed + g_seeds; ++seed) {
            SearchConfig cfg;
            cfg.objective = Objective::Ema;
            cfg.sampleBudget = 400000;
            cfg.seed = static_cast<uint64_t>(seed);
            const double t1 = now();
            SearchResult r = run(m, cfg);
            const double tg = now() - t1;
            std::printf("optimum %-14s exact %.0f (%s, %.1f s)  ga %.0f  ratio %.6f  reached at %lld samples (%.1f s, %lld samples, %s)\n",
                        name, ex->objective, stopReasonName(ex->stop), te, r.best.objective,
                        r.best.objective / ex->objective,
                        static_cast<long long>(samplesToReach(r, ex->objective * (1 + 1e-12))), tg,
                        static_cast<long long>(r.samples), stopReasonName(r.stopReason));
            std::fflush(stdout);
        }
    }
}

void reach()
{
    for (BufferMode mode : {BufferMode::Separate, BufferMode::Shared}) {
        for (const char *name : {"resnet50", "googlenet", "randwire_a", "nasnet_a_large"}) {
            HardwareConfig hw;
            hw.mode = mode;
            CostModel m(zoo(name), hw);
            for (int seed = g_firstSeed; seed < g_firstSeed + g_seeds; ++seed) {
                SearchConfig cfg;
                cfg.objective = Objective::Cost;
                cfg.coExplore = true;
                cfg.sampleBudget = 50000;
                cfg.seed = static_cast<uint64_t>(seed);
                const double t0 = now();
                SearchResult r = run(m, cfg);
                std::printf("reach %-8s %-15s ga cost %.0f (A %lld W %lld S %lld KiB) within 1.05x at %lld samples, %.2f s\n",
                            mode == BufferMode::Shared ? "shared" : "separate", name, r.best.objective,
                            static_cast<long long>(r.best.hw.actBufferBytes / 1024),
                            static_cast<long long>(r.best.hw.weightBufferBytes / 1024),
                            static_cast<long long>(r.best.hw.sharedBufferBytes / 1024),
                            static_cast<long long>(samplesToReach(r, r.best.objective * 1.05)), now() - t0);
                std::fflush(stdout);
            }
        }
    }
}

// Median of values where -1 means "not reached" (sorted last).
int64_t medianReached(std::vector<int64_t> v)
{
    for (int64_t &x : v)
        if (x < 0)
            x = std::numeric_limits<int64_t>::max();
    std::sort(v.begin(), v.end());
    return v.empty() ? -1 : v[v.size() / 2];
}

void match()
{
    std::vector<std::string> names = g_models.empty() ? zooNames() : g_models;
    std::vector<Objective> objectives = g_objectives.empty() ? std::vector<Objective>{Objective::Ema, Objective::Cost} : g_objectives;
    std::printf("%-16s %-6s %14s %8s %9s | %12s %8s %6s | per-seed samples to match\n", "model", "obj", "min(greedy,DP)",
                "DP evals", "GA budget", "median reach", "x DP", "seeds");
    for (Objective obj : objectives) {
        for (const std::string &name : names) {
            CostModel m(zoo(name), HardwareConfig{});
            SearchConfig base;
            base.objective = obj;
            SearchConfig g = base;
            g.algorithm = "greedy";
            SearchConfig d = base;
            d.algorithm = "dp";
            const SearchResult gr = run(m, g), dr = run(m, d);
            const double target = std::min(gr.best.objective, dr.best.objective) * (1 + 1e-12);
            const int64_t dpEvals = dr.samples;
            std::vector<int64_t> reached;
            std::string perSeed;
            int within = 0;
            for (int seed = g_firstSeed; seed < g_firstSeed + g_seeds; ++seed) {
                SearchConfig cfg = base;
                cfg.seed = static_cast<uint64_t>(seed);
                cfg.sampleBudget = std::max<int64_t>(1000, static_cast<int64_t>(g_factor * double(dpEvals)));
                const SearchResult r = run(m, cfg);
                const int64_t at = samplesToReach(r, target);
                reached.push_back(at);
                within += at >= 0 && at <= 10 * dpEvals ? 1 : 0;
                char miss[32];
                std::snprintf(miss, sizeof miss, "-(%+.2f%%)", 100.0 * (r.best.objective / target - 1));
                perSeed += " " + (at < 0 ? std::string(miss) : std::to_string(at));
            }
            const int64_t med = medianReached(reached);
            const bool got = med != std::numeric_limits<int64_t>::max();
            std::printf("%-16s %-6s %14.0f %8lld %9lld | %12s %8s %3d/%d |%s\n", name.c_str(), objectiveName(obj), target,
                        static_cast<long long>(dpEvals),
                        static_cast<long long>(std::max<int64_t>(1000, static_cast<int64_t>(g_factor * double(dpEvals)))),
                        got ? std::to_string(med).c_str() : "not reached",
                        got ? std::to_string(double(med) / double(std::max<int64_t>(1, dpEvals))).substr(0, 6).c_str() : "-",
                        within, g_seeds, perSeed.c_str());
            std::fflush(stdout);
        }
    }
}

void budgets()
{
    std::vector<std::string> names = g_models.empty()
        ? std::vector<std::string>{"resnet50", "googlenet", "randwire_a", "nasnet_a_large"} : g_models;
    std::vector<BufferMode> modes = g_modes.empty() ? std::vector<BufferMode>{BufferMode::Separate, BufferMode::Shared} : g_modes;
    std::vector<Algorithm> algos;
    for (const AlgorithmInfo *a : registeredAlgorithms())
        if (!a->traits.baseline && !a->traits.slow && a->traits.budgeted
            && (g_algos.empty() || std::find(g_algos.begin(), g_algos.end(), a->name) != g_algos.end()))
            algos.push_back(a->name);
    const std::vector<int64_t> budgetList = g_budgets.empty() ? std::vector<int64_t>{2000, 5000, 10000, 50000} : g_budgets;
    for (BufferMode mode : modes) {
        for (const std::string &name : names) {
            HardwareConfig hw;
            hw.mode = mode;
            CostModel m(zoo(name), hw);
            for (int64_t budget : budgetList) {
                std::string line;
                double bestOther = std::numeric_limits<double>::infinity(), gaMedian = 0;
                std::string bestName;
                for (const Algorithm &a : algos) {
                    std::vector<double> v;
                    for (int seed = g_firstSeed; seed < g_firstSeed + g_seeds; ++seed) {
                        SearchConfig cfg;
                        cfg.algorithm = a;
                        cfg.objective = Objective::Cost;
                        cfg.coExplore = true;
                        cfg.sampleBudget = budget;
                        cfg.seed = static_cast<uint64_t>(seed);
                        v.push_back(run(m, cfg).best.objective);
                    }
                    std::sort(v.begin(), v.end());
                    const double med = v[v.size() / 2];
                    char buf[64];
                    std::snprintf(buf, sizeof buf, " %s %.0f", a.c_str(), med);
                    line += buf;
                    if (a == "ga")
                        gaMedian = med;
                    else if (med < bestOther) {
                        bestOther = med;
                        bestName = a;
                    }
                }
                std::printf("budgets %-8s %-15s %6lld: GA %s (%+.2f%% vs best other, %s) |%s\n",
                            mode == BufferMode::Shared ? "shared" : "separate", name.c_str(), static_cast<long long>(budget),
                            gaMedian <= bestOther ? "lowest" : "NOT lowest", 100.0 * (gaMedian / bestOther - 1), bestName.c_str(),
                            line.c_str());
                std::fflush(stdout);
            }
        }
    }
}

} // namespace

int main(int argc, char **argv)
{
    bool objectiveGiven = false, bufferGiven = false;
    BenchArgs args;
    const bool ok = parseBenchArgs(argc, argv, args, [&](int &i) {
        const bool hasValue = i + 1 < argc;
        if (!std::strcmp(argv[i], "--threads") && hasValue)
            g_threads = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--model") && hasValue)
            g_models.push_back(argv[++i]);
        else if (!std::strcmp(argv[i], "--seeds") && hasValue)
            g_seeds = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--first-seed") && hasValue)
            g_firstSeed = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--factor") && hasValue)
            g_factor = std::atof(argv[++i]);
        else if (!std::strcmp(argv[i], "--algo") && hasValue)
            g_algos.push_back(argv[++i]);
        else if (!std::strcmp(argv[i], "--budget") && hasValue)
            g_budgets.push_back(std::atoll(argv[++i]));
        else {
            // Parsed by parseBenchArgs; remembered so the defaults (both objectives, both modes) apply otherwise.
            objectiveGiven = objectiveGiven || !std::strcmp(argv[i], "--objective");
            bufferGiven = bufferGiven || !std::strcmp(argv[i], "--buffer");
            return false;
        }
        return true;
    });
    if (!ok)
        return 2;
    if (objectiveGiven)
        g_objectives.push_back(args.objective);
    if (bufferGiven)
        g_modes.push_back(args.hw.mode);
    const std::string what = args.models.empty() ? "all" : args.models.back();
    if (what == "speed" || what == "all" || what == "speed-co" || what == "speed-rw")
        speed(what == "speed-co", what == "speed-rw");
    if (what == "optimum" || what == "all")
        optimum();
    if (what == "reach" || what == "all")
        reach();
    if (what == "match")
        match();
    if (what == "budgets")
        budgets();
    return 0;
}
