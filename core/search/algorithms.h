// Internal: the stochastic searches on a SearchRun (ga.cpp, sa.cpp, two_step.cpp).
#pragma once

#include "operators.h"
#include "search_run.h"

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

// Genetic algorithm (method §6); stops when its budget is used or the run stops.
void runGa(SearchRun &run, const GaOptions &opt, Rng &rng);
// Simulated annealing with the GA's mutation moves.
void runSa(SearchRun &run, const std::vector<Genome> &seeds, Rng &rng);
// RS+GA (random capacities) or GS+GA (capacity grid from large to small), each capacity followed
// by a partition-only GA of cfg.innerBudget samples.
void runTwoStep(SearchRun &run, bool randomCapacities, Rng &rng);

// The Gaussian-free, engine-independent seed mixing used for every run's engine.
Rng makeRng(uint64_t seed, uint64_t stream);

} // namespace cocco
