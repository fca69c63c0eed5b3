// Simulated annealing (method §6): one of the GA's mutation moves per step, Metropolis
// acceptance, geometric cooling from a temperature relative to the first objective value, and a
// reheat from the best design when 200 steps in a row find nothing new.
#include "search/evolution/evolution.h"
#include "search/registry.h"

#include <cmath>

namespace cocco {

void runSa(RunContext &run, const std::vector<Genome> &seeds, Rng &rng)
{
    const SearchConfig &cfg = run.config();
    Operators ops(run.space());
    Genome cur;
    if (!seeds.empty())
        cur = seeds.front();
    else
        ops.randomGenome(cur, 0.3, rng);
    SampleEval curEval;
    if (run.shouldStop() || !run.evaluateOne(cur, curEval))
        return;
    const double t0 = std::max(0.0, cfg.saInitialTemperature) * std::abs(curEval.objective);
    double temperature = t0;
    int64_t lastNew = 0, lastSamples = run.samples();
    using M = Operators::Mutation;
    static const M kinds[] = {M::MoveNode, M::Split, M::Merge, M::Capacity};
    const int kindCount = ops.capacityFree() ? 4 : 3;
    // Revisits are not new samples; bound the steps so a tiny, exhausted space still ends.
    const int64_t maxSteps = 50 * std::max<int64_t>(1, cfg.sampleBudget) + 1000;
    int64_t step = 0;
    GenerationStats st;
    Genome cand;
    SampleEval candEval;
    while (!run.shouldStop()) {
        if (++step > maxSteps) {
            run.setStopReason(StopReason::Converged);
            break;
        }
        cand = cur;
        bool changed = false;
        for (int tries = 0; !changed && tries < 8; ++tries)
            changed = ops.mutate(cand, kinds[std::uniform_int_distribution<int>(0, kindCount - 1)(rng)], rng);
        if (!run.evaluateOne(cand, candEval))
            break;
        const double delta = candEval.objective - curEval.objective;
        const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
        if (delta <= 0 || (temperature > 0 && u < std::exp(-delta / temperature))) {
            std::swap(cur, cand);
            curEval = candEval;
        }
        temperature *= cfg.saCooling;
        // Frozen in a local minimum whose neighbours are all known: reheat from the best design.
        if (run.samples() != lastSamples) {
            lastSamples = run.samples();
            lastNew = step;
        } else if (step - lastNew > 200) {
            cur = run.bestGenome();
            curEval = run.bestEval();
            temperature = t0;
            lastNew = step;
        }
        if ((step & 255) == 0) {
            st.generation = static_cast<int>(step / 256);
            st.samples = run.samples();
            st.best = run.bestEval().objective;
            st.mean = st.worst = curEval.objective;
            st.seconds = run.seconds();
            run.report("sa", &st);
        }
    }
}

AlgorithmInfo saAlgorithm()
{
    AlgorithmInfo a = describeAlgorithm("sa", "simulated annealing with the GA's mutation moves", 3, 0x9467bd);
    a.traits.seedable = true;
    a.run = [](AlgorithmJob &job) {
        runSa(job.run, job.seeds, job.rng);
        return okStatus();
    };
    return a;
}

} // namespace cocco
