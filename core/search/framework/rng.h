// The random engine of every search and how a run's engine is seeded: from the run's seed and
// the algorithm's stream (its registration), so two algorithms with one seed draw different
// numbers and the same seed always gives the same run.
#pragma once

#include <cstdint>
#include <random>

namespace cocco {

using Rng = std::mt19937_64;

Rng makeRng(uint64_t seed, uint64_t stream);

} // namespace cocco
