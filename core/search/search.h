// Partition search and hardware co-exploration (method §5-§6): one interface for every algorithm.
// A "sample" is one evaluated genome (partition + capacities). Units: bytes, pJ, cycles, seconds.
#pragma once

#include "cost/cost_model.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace cocco {

// An algorithm is named by its registration (search/registry.h): "greedy", "dp", "exact", "sa",
// "ga", "rs-ga", "gs-ga", "fixed-s", "fixed-m", "fixed-l" and whatever else is registered.
using Algorithm = std::string;
enum class Objective {
    Ema,     // Σ EMA bytes
    Energy,  // Σ energy pJ
    Latency, // Σ latency cycles
    Cost,    // buffer bytes + alpha * energy pJ (co-exploration objective)
};
enum class StopReason { Budget, TimeLimit, Converged, Cancelled, Optimal, GaveUp, Completed };

// The registered name ("?" for an unregistered one); stays valid for the program's lifetime.
const char *algorithmName(const Algorithm &a);
// True (and *out = s) when s names a registered algorithm.
bool parseAlgorithm(const std::string &s, Algorithm *out);
const char *objectiveName(Objective o);   // "ema", "energy", "latency", "cost"
bool parseObjective(const std::string &s, Objective *out);
const char *stopReasonName(StopReason r); // "budget", "time-limit", "converged", "cancelled", "optimal", "gave-up", "completed"
bool parseStopReason(const std::string &s, StopReason *out);
std::vector<Algorithm> allAlgorithms(); // every registered algorithm, in registration order

// Objective value of a whole partition on hardware `hw` (cost: hw.bufferBytes() + alpha * energy).
double objectiveValue(const PartitionCost &c, const HardwareConfig &hw, Objective o, double alpha);
// Additive per-subgraph part (everything but the buffer-bytes constant of Cost).
double subgraphObjective(const SubgraphCost &c, Objective o, double alpha);

// Down-sets the searches over them (exact, bnb, coopt per candidate) keep before giving up. A
// state takes about 130 bytes on RandWire-A and 230 on NASNet-A Large (256 and 696 layers; its
// subgraph profiles are not kept): 2.1 and 3.7 GB at the limit. Without a time limit bnb reaches
// 5,000,000 states there in 76 and 92 s; with ten minutes it ends at the time limit. It was
// 2,000,000 while profiles were cached at ~2.7 KB a state (issue 16).
constexpr int64_t kExactStateLimit = 16000000;

struct SearchConfig {
    Algorithm algorithm = "ga";     // a registered name (search/registry.h)
    Objective objective = Objective::Ema;
    // Co-exploration: the capacities are genes too (GA, SA, RS+GA, GS+GA). When false the
    // capacities of the hardware config are fixed. Fixed S/M/L set them from the reference points.
    bool coExplore = false;
    double alpha = 0.002;            // pJ -> byte weight of the Cost objective
    uint64_t seed = 1;
    int64_t sampleBudget = 50000;    // evaluated genomes
    double timeLimitSeconds = 0;     // 0 = no limit
    int threads = 0;                 // 0 = all cores; never changes the result
    // GA
    int population = 0;              // 0 = automatic: gaPopulation(0, budget)
    // The method's selection; unseeded co-exploration runs below 20k samples raise them to at
    // least 5 and 8 (evolution/ga.cpp, kPressureSamples).
    int tournament = 3;
    int elite = 2;
    double crossoverRate = 0.9;
    double mutationRate = 0.3;       // probability per child of each mutation kind (see docs)
    bool seedWithHeuristics = false; // put greedy and DP results into the first population
    // Co-exploration with the Cost or Energy objective: repair lowers capacity genes to the
    // smallest candidates the repaired partition still fits (see docs/search.md)
    bool tightenCapacities = true;
    // Two-step baselines (RS+GA, GS+GA) and fixed S/M/L: partition-only GA budget per capacity
    int64_t innerBudget = 5000;
    // SA
    double saInitialTemperature = 0.05; // relative to the first objective value
    double saCooling = 0.999;           // geometric factor per sample
    // Exact
    int64_t exactStateLimit = kExactStateLimit; // down-sets kept before giving up
    // Convergence stop: no improvement of the best in this many samples (0 = off)
    int64_t convergenceSamples = 0;
};

// Checks ranges of every field; the message names the field.
Status validateSearchConfig(const SearchConfig &cfg);
// GA runs of at least this many samples are long runs: they keep the breadth of the method's
// original settings (population 100, few window regroups, no polish before the first stall),
// whose results at 400k samples the short-run settings did not match. Shorter runs are tuned to
// reach good designs early (docs/search.md, "Anytime quality").
constexpr int64_t kGaLongRunSamples = 200000;
constexpr int kGaShortRunPopulation = 50, kGaLongRunPopulation = 100;
// The GA population of a run with this budget: `population` when set, else 50 for short runs and
// 100 for long ones.
int gaPopulation(int population, int64_t budget);
// The hardware with the fixed S/M/L reference capacities of method §5 (separate A/W = 512/576,
// 1024/1152, 2048/2304 KiB; shared S = 576, 1152, 2304 KiB); `fixed` is "fixed-s", "fixed-m" or
// "fixed-l".
HardwareConfig fixedReferenceHardware(const HardwareConfig &hw, const Algorithm &fixed);

// A decoded design: partition + the capacities it runs on, with its totals.
struct Design {
    Partition partition;
    HardwareConfig hw;     // the model's hardware with the chosen capacities
    PartitionCost cost;    // totals (subgraphs empty)
    double objective = std::numeric_limits<double>::infinity();
};

struct HistoryPoint {
    int64_t samples = 0;
    double best = 0;       // best objective so far
    double seconds = 0;
};

// A point of the archive: non-dominated over (buffer bytes, energy, EMA, bandwidth, latency).
struct ParetoPoint {
    int64_t bufferBytes = 0;
    double energyPj = 0, emaBytes = 0, bwAvgGBps = 0, bwPeakGBps = 0, latencyCycles = 0;
    double objective = 0;
    Design design;         // to load the point into the views

    // The point of a design: its totals and objective (buffer bytes from its cost).
    static ParetoPoint of(const Design &d)
    {
        ParetoPoint p;
        p.bufferBytes = d.cost.bufferBytes;
        p.energyPj = d.cost.energyPj;
        p.emaBytes = d.cost.emaBytes;
        p.bwAvgGBps = d.cost.bwAvgGBps;
        p.bwPeakGBps = d.cost.bwPeakGBps;
        p.latencyCycles = d.cost.latencyCycles;
        p.objective = d.objective;
        p.design = d;
        return p;
    }
};

struct GenerationStats {
    int generation = 0;
    int64_t samples = 0;
    double best = 0, mean = 0, worst = 0;
    double validFraction = 1; // share of children valid before repair
    double seconds = 0;
};

struct SearchProgress {
    int64_t samples = 0;
    int64_t budget = 0;
    double best = 0;
    double seconds = 0;
    GenerationStats generation; // last finished generation (GA/SA), zero otherwise
    std::string phase;          // e.g. "capacity 3/31" for two-step baselines
};

struct SearchResult {
    Design best;
    std::vector<HistoryPoint> history;   // best objective against samples (monotone)
    std::vector<ParetoPoint> pareto;     // archive of every evaluated sample's non-dominated points
    StopReason stopReason = StopReason::Completed;
    int64_t samples = 0;
    double seconds = 0;
    std::vector<std::string> warnings;
    SearchConfig config;
    // A certified lower bound on the objective of every design the search could have returned
    // (same units as best.objective; docs/search.md, "Lower bounds"), and (best - bound) / bound:
    // how far above the optimum the best design is at most. NaN when not computed.
    double lowerBound = std::numeric_limits<double>::quiet_NaN();
    double gap = std::numeric_limits<double>::quiet_NaN();
};

// (best - bound) / bound, at least 0: how far above the optimum `best` is at most; NaN when the
// bound is unknown or not positive.
double relativeGap(double best, double bound);
// A gap this small is rounding: the layer bounds carry relative safety margins of 1e-9 each.
constexpr double kProvenGap = 1e-7;
// Whether the result is proven optimal: the search proved it (exact, bnb) or its certified lower
// bound meets its best design within kProvenGap (e.g. the LP bound after a GA run).
bool provenOptimal(const SearchResult &r);

struct SearchControl {
    // Called on the search's own thread after each generation / every few hundred samples.
    std::function<void(const SearchProgress &)> onProgress;
    const std::atomic<bool> *cancel = nullptr; // checked at least every ~10 ms of work
};

// The model's hardware gives the fixed parameters (and the buffer mode); capacities are searched
// when cfg.coExplore. Deterministic for a given seed at any thread count.
Result<SearchResult> runSearch(const CostModel &model, const SearchConfig &cfg, const SearchControl &ctl = {});

// Capacity sweep (method §5): for each capacity candidate (separate mode: the i-th A with the
// i-th W candidate; shared: each S), the best partition per algorithm with partition-only search.
struct SweepConfig {
    SearchConfig base;                    // objective, seed, budget per point (GA), threads
    std::vector<Algorithm> algorithms{"greedy", "dp", "ga"};
    std::vector<int64_t> capacityIndices; // empty = every candidate
};
struct SweepPoint {
    Algorithm algorithm = "ga";     // a registered name (search/registry.h)
    Design best;
    bool feasible = true;                 // false when no valid partition exists at this capacity
};
struct SweepResult {
    std::vector<SweepPoint> points;       // every (algorithm, capacity)
    // Non-dominated subsets per algorithm: memory vs energy, memory vs average bandwidth.
    std::vector<std::vector<SweepPoint>> energyFront, bandwidthFront; // indexed like config.algorithms
    double seconds = 0;
};
Result<SweepResult> runSweep(const CostModel &model, const SweepConfig &cfg, const SearchControl &ctl = {});
// The sweep's hardware points (model's hardware with each candidate capacity), smallest first;
// `indices` selects some (empty = all).
std::vector<HardwareConfig> sweepCapacities(const HardwareConfig &hw, const std::vector<int64_t> &indices = {});

} // namespace cocco
