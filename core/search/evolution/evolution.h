// The evolutionary searches on the run context: the GA (ga.cpp), simulated annealing (sa.cpp),
// the two-step baselines RS+GA and GS+GA (two_step.cpp) and fixed S/M/L (fixed.cpp).
#pragma once

#include "search/evolution/operators.h"
#include "search/framework/run_context.h"
#include "search/registry.h"

#include <string>
#include <vector>

namespace cocco {

struct GaOptions {
    int64_t budget = 0;        // new samples this GA may use (the run's budget still applies)
    bool fixedCaps = false;    // capacities fixed to (cap0, cap1): partition-only on those
    int cap0 = 0, cap1 = 0;
    std::vector<Genome> seeds; // put into the first population
    std::string phase = "ga";
};

// The first climb (the early polish) of an unseeded co-exploration run below 20k samples (ga.cpp,
// kPressureSamples) spends at least kPressureClimbSamples, and the whole budget when less than
// kPressureEvolutionSamples would be left after it: a few generations do less than the climb's
// next step (docs/search.md, "Equal budgets").
constexpr int64_t kPressureClimbSamples = 1500;
constexpr int64_t kPressureEvolutionSamples = 1000;

// Genetic algorithm (method §6); stops when its budget is used or the run stops.
void runGa(RunContext &run, const GaOptions &opt, Rng &rng);
// The GA on the whole run (its budget, the job's seeds) as a registered algorithm's run.
Status runGaJob(AlgorithmJob &job, const std::string &phase);
// Simulated annealing with the GA's mutation moves.
void runSa(RunContext &run, const std::vector<Genome> &seeds, Rng &rng);
// RS+GA (random capacities) or GS+GA (capacity grid from large to small), each capacity followed
// by a partition-only GA of cfg.innerBudget samples.
void runTwoStep(RunContext &run, bool randomCapacities, Rng &rng);

} // namespace cocco
