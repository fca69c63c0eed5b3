// Proven optima and certified lower bounds on the zoo (issue 16): per model, the share bound before
// any search (how long it takes, how many layers finished their enumeration), the bound every
// search result carries (kResultBoundSubgraphsPerLayer), and the branch-and-bound solver (`bnb`)
// with a time limit: stop reason, best objective, certified bound, gap, seconds, and the subgraph
// profiles its cost model holds afterwards (the down-set search keeps none of its own); the peak
// resident memory of the whole run at the end.
// Usage: bench_bound [--time SEC] [--objective ema|energy|latency|cost] [--buffer separate|shared]
//                    [--state-limit N] [--splits K] [--lp SEC] [MODEL...]
// --splits K: the cut ratios split each pair's family up to K times (cut_bound.h; the "+cut
// bound" column; bnb itself runs without splits).
// --lp SEC: then the LP bound (PartitionBound::tightenByLp, with the greedy and DP designs'
// subgraphs as first columns) for at most SEC seconds: its certified bound, the last LP's value,
// the corrections δ, LP solves, columns, cuts and seconds (the "LP" columns).
#include "bench_args.h"
#include "search/exact/partition_bound.h"
#include "search/search.h"
#include "zoo/zoo.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

using namespace cocco;

namespace {

double since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

int main(int argc, char **argv)
{
    BenchArgs args;
    int splits = 0;
    double lpSeconds = 0;
    if (!parseBenchArgs(argc, argv, args, [&](int &i) {
            if (i + 1 >= argc)
                return false;
            if (!std::strcmp(argv[i], "--splits"))
                splits = std::atoi(argv[++i]);
            else if (!std::strcmp(argv[i], "--lp"))
                lpSeconds = std::atof(argv[++i]);
            else
                return false;
            return true;
        }))
        return 2;
    const double timeLimit = args.timeLimit;
    const int64_t stateLimit = args.stateLimit;
    const Objective objective = args.objective;
    const HardwareConfig hw = args.hw;
    std::vector<std::string> models = args.models;
    if (models.empty())
        models = zooNames();
    std::printf("objective %s, default hardware, %s buffers, bnb time limit %.0f s, state limit %lld, cut splits %d\n",
                objectiveName(objective), hw.mode == BufferMode::Shared ? "shared" : "separate", timeLimit,
                static_cast<long long>(stateLimit), splits);
    std::printf("%-16s %6s | %14s %7s %8s | %14s %8s %8s | %14s %7s | %-10s %14s %14s %8s %8s %9s\n", "model", "layers",
                "share bound", "exh.", "bound s", "+cut bound", "cuts", "cut s", "result bound", "s", "bnb stop", "best", "lower bound", "gap %", "bnb s", "profiles");
    for (const std::string &name : models) {
        const auto shared = benchZooModel(name);
        double shareBound = 0, shareSeconds = 0, cutBound = 0, cutSeconds = 0;
        int64_t cuts = 0;
        int exhaustive = 0;
        {
            CostModel m(shared, hw);
            const auto t0 = std::chrono::steady_clock::now();
            PartitionBound b(m, hw, objective, 0.002);
            b.tighten(modelEvaluator(m, hw, objective, 0.002), 4096, lpSeconds > 0);
            shareSeconds = since(t0);
            shareBound = b.objectiveBound();
            exhaustive = b.exhaustiveLayers();
            const auto t1 = std::chrono::steady_clock::now();
            b.tightenByCuts({}, 0, splits);
            cutSeconds = since(t1);
            cutBound = b.objectiveBound();
            cuts = b.cuts();
            if (lpSeconds > 0) {
                std::vector<std::vector<int>> seeds;
                for (const char *algo : {"greedy", "dp"}) {
                    SearchConfig cfg;
                    cfg.algorithm = algo;
                    cfg.objective = objective;
                    auto r = runSearch(m, cfg);
                    if (r.ok())
                        for (std::vector<int> &sg : subgraphsOf(r->best.partition))
                            seeds.push_back(std::move(sg));
                }
                const auto t2 = std::chrono::steady_clock::now();
                PartitionBound::LpStats st;
                b.tightenByLp(modelEvaluator(m, hw, objective, 0.002), seeds, [&] { return since(t2) > lpSeconds; }, {}, &st);
                const double constant = objective == Objective::Cost ? static_cast<double>(hw.bufferBytes()) : 0.0;
                std::printf("%-16s LP: certified %.6f (%s), last LP %.6f, corrections %.6f, %d LP solves, %lld columns, %lld cuts, %.2f s\n",
                            name.c_str(), st.rounds ? st.certified + constant : 0.0, b.usesLp() ? "used" : "below the share bound",
                            st.lp + constant, st.deficit, st.rounds, static_cast<long long>(st.columns),
                            static_cast<long long>(st.cuts), since(t2));
            }
        }
        double resultBound = 0, resultSeconds = 0;
        {
            CostModel m(shared, hw);
            const auto t0 = std::chrono::steady_clock::now();
            resultBound = searchLowerBound(m, hw, objective, 0.002, false, kResultBoundSubgraphsPerLayer);
            resultSeconds = since(t0);
        }
        CostModel m(shared, hw);
        SearchConfig cfg;
        cfg.algorithm = "bnb";
        cfg.objective = objective;
        cfg.timeLimitSeconds = timeLimit;
        cfg.exactStateLimit = stateLimit;
        cfg.threads = 1;
        auto r = runSearch(m, cfg);
        if (!r.ok()) {
            std::fprintf(stderr, "%s: %s\n", name.c_str(), r.message().c_str());
            return 1;
        }
        std::printf("%-16s %6zu | %14.6f %3d/%-3zu %8.2f | %14.6f %8lld %8.2f | %14.6f %7.2f | %-10s %14.6f %14.6f %8.3f %8.2f %9zu\n",
                    name.c_str(), shared->computeOrder().size(), shareBound, exhaustive, shared->computeOrder().size(),
                    shareSeconds, cutBound, static_cast<long long>(cuts), cutSeconds, resultBound, resultSeconds, stopReasonName(r->stopReason), r->best.objective,
                    r->lowerBound, 100 * r->gap, r->seconds, m.cachedProfiles());
        std::fflush(stdout);
    }
    rusage use{};
    getrusage(RUSAGE_SELF, &use);
    std::printf("peak resident memory %.0f MB\n", double(use.ru_maxrss) / 1024.0);
    return 0;
}
