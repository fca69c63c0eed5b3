// Baseline speed and quality on the zoo: greedy, DP and exact (EMA objective, default hardware,
// each on a fresh cost model so profile computation is included). Prints a table; never fails on
// timing. Usage: bench_baselines [--exact-time SEC] [--state-limit N] [--objective ema|energy|latency|cost]
//                                [MODEL...]
#include "bench_args.h"
#include "search/baselines/baselines.h"
#include "zoo/zoo.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

using namespace cocco;

namespace {

struct Run {
    double seconds = 0;
    BaselineOutcome out;
    bool ok = false;
};

template <class F>
Run timed(F &&f)
{
    Run r;
    const auto t0 = std::chrono::steady_clock::now();
    auto res = f();
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.ok = res.ok();
    if (r.ok)
        r.out = res.value();
    return r;
}

int subgraphCount(const Partition &p)
{
    int k = 0;
    for (int l : p.label)
        k = std::max(k, l + 1);
    return k;
}

} // namespace

int main(int argc, char **argv)
{
    BenchArgs args;
    if (!parseBenchArgs(argc, argv, args))
        return 2;
    const double exactTime = args.timeLimit;
    const int64_t stateLimit = args.stateLimit;
    const Objective objective = args.objective;
    std::vector<std::string> models = args.models;
    if (models.empty())
        models = zooNames();
    const HardwareConfig hw = args.hw;
    std::printf("objective %s, default hardware, exact time limit %.0f s, state limit %lld\n",
                objectiveName(objective), exactTime, static_cast<long long>(stateLimit));
    std::printf("%-16s %6s | %9s %8s %14s | %9s %8s %14s | %9s %9s %14s %-10s\n", "model", "layers", "greedy s",
                "evals", "objective", "dp s", "evals", "objective", "exact s", "evals", "objective", "stop");
    for (const std::string &name : models) {
        const auto shared = benchZooModel(name);
        const SearchControl ctl;
        const Run g = timed([&] {
            CostModel m(shared, hw);
            return greedySearch(m, hw, objective, 0.002, ctl, 0);
        });
        const Run d = timed([&] {
            CostModel m(shared, hw);
            return dpSearch(m, hw, objective, 0.002, ctl, 0);
        });
        const Run e = timed([&] {
            CostModel m(shared, hw);
            return exactSearch(m, hw, objective, 0.002, ctl, exactTime, stateLimit);
        });
        std::printf("%-16s %6zu | %9.3f %8lld %14.6g | %9.3f %8lld %14.6g | %9.3f %9lld %14.6g %-10s\n", name.c_str(),
                    shared->computeOrder().size(), g.seconds, static_cast<long long>(g.out.evaluations), g.out.objective,
                    d.seconds, static_cast<long long>(d.out.evaluations), d.out.objective, e.seconds,
                    static_cast<long long>(e.out.evaluations), e.out.objective, stopReasonName(e.out.stop));
        std::printf("%-16s %6s   subgraphs: greedy %d, dp %d, exact %d\n", "", "", subgraphCount(g.out.partition),
                    subgraphCount(d.out.partition), subgraphCount(e.out.partition));
        std::fflush(stdout);
    }
    return 0;
}
