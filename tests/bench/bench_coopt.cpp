// The exact co-exploration optimum (issue 16, `coopt`) on the zoo: per model, the candidates solved,
// settled by their bounds and pruned, the optimum (cost, capacities, subgraphs), the certified
// bound and gap when the time limit stops it, and seconds. With --brute, every capacity candidate's
// partition problem is also solved on its own with `exact` (no pruning at all) and the minimum is
// compared with the optimum (a check on real models; slow: one exact search per candidate).
// Usage: bench_coopt [--time SEC] [--buffer separate|shared] [--objective cost|energy|ema|latency]
//                    [--alpha A] [--cores K] [--state-limit N] [--brute] [MODEL...]
// Default models: the nine on which `exact` finishes (docs/search.md).
#include "bench_args.h"
#include "search/baselines/baselines.h"
#include "search/exact/coexplore_optimum.h"
#include "search/framework/run_context.h"
#include "search/search.h"
#include "zoo/zoo.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

using namespace cocco;

namespace {

double since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string capacities(const HardwareConfig &hw)
{
    if (hw.mode == BufferMode::Shared)
        return "S " + std::to_string(hw.sharedBufferBytes / kKiB) + " KiB";
    return "A " + std::to_string(hw.actBufferBytes / kKiB) + " + W " + std::to_string(hw.weightBufferBytes / kKiB) + " KiB";
}

} // namespace

int main(int argc, char **argv)
{
    BenchArgs args;
    args.timeLimit = 0;
    args.objective = Objective::Cost;
    bool brute = false;
    if (!parseBenchArgs(argc, argv, args, [&](int &i) { return !std::strcmp(argv[i], "--brute") && (brute = true); }))
        return 2;
    const double timeLimit = args.timeLimit, alpha = args.alpha;
    const int64_t stateLimit = args.stateLimit;
    const Objective objective = args.objective;
    const HardwareConfig hw = args.hw;
    std::vector<std::string> models = args.models;
    if (models.empty())
        models = {"resnet50", "resnet152", "googlenet", "mobilenetv2", "transformer",
                  "gpt1",     "resnet18",  "squeezenet1_0", "vgg16"};
    std::printf("objective %s (alpha %g), co-exploration, default hardware, %d core(s), %s buffers, time limit %.0f s%s\n",
                objectiveName(objective), alpha, hw.cores, hw.mode == BufferMode::Shared ? "shared" : "separate", timeLimit,
                brute ? ", with brute force" : "");
    std::printf("%-14s %6s %5s %6s %7s %6s %5s %8s | %-10s %16s %16s %8s %-22s %5s %8s%s\n", "model", "layers", "cand",
                "solved", "settled", "pruned", "open", "searches", "stop", "optimum", "lower bound", "gap %", "capacities", "subg",
                "s", brute ? " | brute min        brute s  match" : "");
    int mismatches = 0;
    for (const std::string &name : models) {
        const auto shared = benchZooModel(name);
        CostModel m(shared, hw);
        SearchConfig cfg;
        cfg.algorithm = "coopt";
        cfg.objective = objective;
        cfg.alpha = alpha;
        cfg.coExplore = true;
        cfg.timeLimitSeconds = timeLimit;
        cfg.exactStateLimit = stateLimit;
        cfg.threads = 1;
        const SearchControl ctl;
        const DesignSpace space(m, hw, objective, alpha, true);
        RunContext run(space, cfg, ctl, SampleLedger::kUnlimited);
        const auto t0 = std::chrono::steady_clock::now();
        auto r = coExplorationOptimum(run, stateLimit);
        const double seconds = since(t0);
        if (!r.ok()) {
            std::fprintf(stderr, "%s: %s\n", name.c_str(), r.message().c_str());
            return 1;
        }
        const PartitionCost t = m.totals(r->partition, r->hw);
        std::printf("%-14s %6zu %5d %6d %7d %6d %5d %8d | %-10s %16.3f %16.3f %8.4f %-22s %5d %8.2f", name.c_str(),
                    shared->computeOrder().size(), r->candidates, r->solved, r->settled, r->pruned, r->open, r->searches,
                    stopReasonName(r->stop), r->objective, r->lowerBound, 100 * relativeGap(r->objective, r->lowerBound),
                    capacities(r->hw).c_str(), t.subgraphCount, seconds);
        if (brute) {
            const auto t1 = std::chrono::steady_clock::now();
            double best = std::numeric_limits<double>::infinity();
            bool proven = true;
            for (int i = 0; i < space.capCount0(); ++i)
                for (int j = 0; j < space.capCount1(); ++j) {
                    Genome g;
                    g.cap0 = i;
                    g.cap1 = j;
                    auto e = exactSearch(m, space.hardwareOf(g), objective, alpha, ctl, 0, stateLimit);
                    if (!e.ok() || e->stop != StopReason::Optimal)
                        proven = false;
                    else
                        best = std::min(best, e->objective);
                }
            const bool match = proven && std::abs(best - r->objective) <= 1e-9 * std::abs(best);
            mismatches += r->stop == StopReason::Optimal && !match;
            std::printf(" | %16.3f %8.2f  %s", best, since(t1), !proven ? "exact gave up" : match ? "yes" : "NO");
        }
        std::printf("\n");
        std::fflush(stdout);
    }
    return mismatches ? 1 : 0;
}
