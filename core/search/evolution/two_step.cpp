// Two-step baselines (method §6): pick a capacity, then run a partition-only GA on it.
// RS+GA draws capacities uniformly; GS+GA walks the capacity grid from large to small. Both
// spend cfg.innerBudget samples per capacity until the run's budget is used (the last capacity
// gets what is left).
#include "search/evolution/evolution.h"
#include "search/registry.h"

#include <algorithm>
#include <cmath>

namespace cocco {

void runTwoStep(RunContext &run, bool randomCapacities, Rng &rng)
{
    const SearchConfig &cfg = run.config();
    const DesignSpace &space = run.space();
    const int64_t inner = std::max<int64_t>(1, cfg.innerBudget);
    int64_t points = std::max<int64_t>(1, cfg.sampleBudget / inner);
    // GS: the grid is the diagonal of the (A, W) grids (i-th A with i-th W) in separate mode, the S
    // grid in shared mode; with fewer points than candidates they are spread evenly, largest first.
    const int c0 = space.capCount0(), c1 = space.capCount1();
    const int gridSize = std::max(c0, c1);
    if (!randomCapacities)
        points = std::min<int64_t>(points, gridSize); // each grid point once; the last gets the rest
    for (int64_t k = 0; k < points && !run.shouldStop(); ++k) {
        GaOptions opt;
        opt.fixedCaps = true;
        if (randomCapacities) {
            opt.cap0 = std::uniform_int_distribution<int>(0, c0 - 1)(rng);
            opt.cap1 = std::uniform_int_distribution<int>(0, c1 - 1)(rng);
        } else {
            const double pos = points > 1 ? 1.0 - double(k) / double(points - 1) : 1.0; // 1 = largest
            opt.cap0 = static_cast<int>(std::lround(pos * (c0 - 1)));
            opt.cap1 = static_cast<int>(std::lround(pos * (c1 - 1)));
        }
        opt.budget = k + 1 == points ? run.remaining() : inner;
        opt.phase = "capacity " + std::to_string(k + 1) + "/" + std::to_string(points);
        runGa(run, opt, rng);
    }
}

namespace {

AlgorithmInfo twoStepAlgorithm(const char *name, const char *summary, bool randomCapacities, uint64_t stream, uint32_t color)
{
    AlgorithmInfo a = describeAlgorithm(name, summary, stream, color);
    a.traits.picksCapacities = true;
    a.capacities = CapacityGenes::Chosen;
    a.run = [randomCapacities](AlgorithmJob &job) {
        runTwoStep(job.run, randomCapacities, job.rng);
        return okStatus();
    };
    return a;
}

} // namespace

AlgorithmInfo rsGaAlgorithm()
{
    return twoStepAlgorithm("rs-ga", "random capacities, each followed by a partition-only GA (two-step baseline)", true, 5,
                            0xff7f0e);
}

AlgorithmInfo gsGaAlgorithm()
{
    return twoStepAlgorithm("gs-ga", "capacity grid from large to small, each followed by a partition-only GA", false, 6,
                            0x8c564b);
}

} // namespace cocco
