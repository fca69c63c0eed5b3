// The algorithm registry: every search algorithm registers its name, traits and run function.
// runSearch dispatches through it; the CLI's --algo list and help, Compare, the sweep, the
// workbench's algorithm lists and plot styles read it. A built-in algorithm is one file with a
// function returning its AlgorithmInfo plus one line in search/algorithms.def; an algorithm of a
// program or test of its own is one registerAlgorithm() call (docs/search.md, "Adding an algorithm").
#pragma once

#include "search/framework/rng.h"
#include "search/search.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cocco {

class RunContext;
struct Genome;

struct AlgorithmTraits {
    // A reference partitioner on fixed hardware (greedy, DP, exact): with co-exploration it keeps
    // the hardware's capacities and says so.
    bool baseline = false;
    // Chooses the capacities itself (RS+GA, GS+GA, fixed S/M/L): a capacity sweep refuses it.
    bool picksCapacities = false;
    // --seed-heuristics puts the greedy and DP designs into its start.
    bool seedable = false;
    // Takes no seed: one run per model and hardware says everything (Compare runs it once).
    bool deterministic = false;
    // Stops at the sample budget; false: runs to completion and reports the evaluations it made.
    bool budgeted = true;
    // May take far longer than the others: left out of default comparisons.
    bool slow = false;
};

// How the run's design space treats the capacities.
enum class CapacityGenes {
    FromConfig,    // searched when SearchConfig::coExplore (GA, SA)
    PartitionOnly, // the hardware's capacities (baselines; fixed S/M/L on their reference points)
    Chosen,        // always genes, kept as the algorithm chose them (no tightening: RS+GA, GS+GA)
};

// What a run function works with: the one run context (design space, ledger, evaluation, stop
// and progress), the run's seeded engine, the heuristic seeds and the run's warnings.
struct AlgorithmJob {
    RunContext &run;
    Rng &rng;
    const std::vector<Genome> &seeds; // seedable algorithms with --seed-heuristics: greedy, DP
    std::vector<std::string> &warnings;
};

struct AlgorithmInfo {
    std::string name;    // what --algo, configs and result files say ("ga")
    std::string summary; // one line for help texts
    AlgorithmTraits traits;
    CapacityGenes capacities = CapacityGenes::FromConfig;
    // The hardware the algorithm runs on, made from the model's (fixed S/M/L: the reference
    // capacities); empty: the model's.
    std::function<HardwareConfig(const HardwareConfig &)> hardware;
    // Runs the search on job.run; a returned error ends runSearch with that error. A budgeted
    // algorithm that stops on its own is "converged"; others set their stop reason.
    std::function<Status(AlgorithmJob &)> run;
    // Seed stream of the run's engine; empty: derived from the name. The first release's
    // algorithms keep the stream they had, so their seeds still give the same results.
    std::optional<uint64_t> rngStream;
    // Plot colour 0xRRGGBB; empty: one of a fixed palette, by registration order.
    std::optional<uint32_t> color;
};

// The start of a registration: name, summary, seed stream and colour set, the rest defaults.
AlgorithmInfo describeAlgorithm(std::string name, std::string summary, std::optional<uint64_t> rngStream = std::nullopt,
                                std::optional<uint32_t> color = std::nullopt);

// Adds an algorithm; false (with *error) when the name is empty, taken or has no run function.
// Thread-safe; entries are never removed, so the pointers below stay valid.
bool registerAlgorithm(AlgorithmInfo info, std::string *error = nullptr);
// The algorithm with that name, or null.
const AlgorithmInfo *findAlgorithm(const std::string &name);
// Every algorithm, built-ins first, in registration order.
std::vector<const AlgorithmInfo *> registeredAlgorithms();
// "greedy | dp | exact | ..." for usage texts.
std::string algorithmList(const std::string &separator = " | ");
// The registered plot colour (0xRRGGBB) of an algorithm; grey for an unknown name.
uint32_t algorithmColor(const std::string &name);
// The seed stream of an algorithm's engine.
uint64_t algorithmRngStream(const AlgorithmInfo &info);

} // namespace cocco
