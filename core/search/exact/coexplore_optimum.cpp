#include "search/exact/coexplore_optimum.h"

#include "search/baselines/baselines.h"
#include "search/exact/branch_bound.h"
#include "search/framework/run_context.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace cocco {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// A propagated bound is lowered by this relative margin, so that rounding in the cost model's
// sums (made in another order) can never lift it above the optimum.
constexpr double kSafety = 1e-10;
// Two bounds this close (relative) meet: the same tolerance with which `exact` and `bnb` prune,
// so "optimal" means what it means there.
constexpr double kTolerance = 1e-9;

class CoOptimum {
public:
    CoOptimum(RunContext &run, int64_t stateLimit)
        : m_run(run), m_space(run.space()), m_model(run.model()), m_net(m_model.network()), m_objective(m_space.objective()),
          m_alpha(m_space.alpha()), m_stateLimit(stateLimit)
    {
    }

    Result<CoExploreOutcome> solve();

private:
    enum class State { Open, Solved, Settled, Pruned, GaveUp };
    struct Candidate {
        HardwareConfig hw;
        int i = 0, j = 0;       // capacity indices (A and W; shared: S and 0)
        double constant = 0;    // the part of the objective no partition changes
        double a = 1, b = 1;    // var coefficients of DRAM tensor bytes and crossbar bytes
        double lower = 0;       // certified: no partition on hw has a smaller objective
        double upper = kInf;    // objective of designs[design] on hw
        int design = -1;
        State state = State::Open;
    };
    struct Box {
        int i0, i1, j0, j1;
    };

    int index(int i, int j) const { return i * m_c1 + j; }
    bool energyLike() const { return m_objective == Objective::Energy || m_objective == Objective::Cost; }
    double scale() const { return m_objective == Objective::Cost ? m_alpha : 1.0; }
    double eAct(const HardwareConfig &hw) const { return activationSramPjPerByte(hw); }
    // Energy of a subgraph that no grouping changes (pJ): weights loaded, MACs, intra-layer SRAM
    // traffic; what is left is (e_dram + e_act) · DRAM tensor bytes + (e_act + e_noc) · crossbar bytes.
    double fixedEnergy(const SubgraphCost &c, const HardwareConfig &hw) const
    {
        const double e = eAct(hw);
        return c.energyPj - (hw.energy.dramPjPerByte + e) * (c.inputBytes + c.outputBytes) - (e + hw.nocPjPerByte) * c.nocBytes;
    }
    double bufferConstant(const Candidate &c) const
    {
        return m_objective == Objective::Cost ? static_cast<double>(c.hw.bufferBytes()) : 0.0;
    }
    // r(C, C') of the header: var*(C) >= r · var*(C') for C <= C'.
    double ratio(const Candidate &lo, const Candidate &hi) const
    {
        double r = lo.a / hi.a;
        if (lo.hw.cores > 1)
            r = std::min(r, lo.b / hi.b);
        return std::min(1.0, r);
    }
    static bool below(const Candidate &x, const Candidate &y) { return x.i <= y.i && x.j <= y.j; }

    void setup();
    double incumbent() const { return m_best >= 0 ? m_cand[static_cast<size_t>(m_best)].upper : kInf; }
    void classify(int k);
    void resolve(int k);
    void search(int k);
    void offer(int k, const Partition &p);
    void raiseLower(int k, double bound);
    void proven(int k);
    void breakMonotone();
    void record(const Partition &p, const HardwareConfig &hw);
    void report();

    RunContext &m_run;
    const DesignSpace &m_space;
    const CostModel &m_model;
    const Network &m_net;
    Objective m_objective;
    double m_alpha;
    int64_t m_stateLimit;
    int m_c0 = 0, m_c1 = 0;
    std::vector<Candidate> m_cand;
    std::vector<Partition> m_designs;
    int m_best = -1; // candidate holding the incumbent
    bool m_monotone = true;
    bool m_stopped = false;
    StopReason m_stop = StopReason::Optimal;
    double m_recorded = kInf; // objective of the best design recorded as a sample of the run
    int m_searched = 0;
};

void CoOptimum::setup()
{
    m_c0 = m_space.capCount0();
    m_c1 = m_space.capCount1();
    std::vector<std::shared_ptr<const SubgraphProfile>> singles;
    for (int u : m_net.computeOrder())
        singles.push_back(m_model.profile({u}));
    SubgraphCost sc;
    for (int i = 0; i < m_c0; ++i)
        for (int j = 0; j < m_c1; ++j) {
            Candidate c;
            Genome g;
            g.cap0 = i;
            g.cap1 = j;
            c.hw = m_space.hardwareOf(g);
            c.i = i;
            c.j = j;
            const double e = eAct(c.hw);
            if (energyLike()) {
                c.a = scale() * (c.hw.energy.dramPjPerByte + e);
                c.b = scale() * (e + c.hw.nocPjPerByte);
                double fixed = 0;
                for (const auto &p : singles) {
                    computeSubgraphCost(*p, c.hw, sc);
                    const double f = fixedEnergy(sc, c.hw);
                    if (!(f >= 0) || f > sc.energyPj * (1 + 1e-12) + 1e-12)
                        m_monotone = false;
                    fixed += f;
                }
                c.constant = bufferConstant(c) + scale() * fixed;
            }
            m_cand.push_back(c);
        }
    if (!m_monotone)
        breakMonotone();
    else
        for (Candidate &c : m_cand)
            c.lower = c.constant * (1 - kSafety);
}

// The decomposition does not hold for this cost model: every bound but the buffer bytes and
// what a candidate's own search proved is dropped, and nothing is pruned or settled by it.
void CoOptimum::breakMonotone()
{
    m_monotone = false;
    for (Candidate &c : m_cand) {
        if (c.state == State::Solved)
            continue;
        c.lower = bufferConstant(c);
        c.state = State::Open;
    }
}

// A design found on candidate k: the upper bound of every candidate at or above it (the
// partition stays valid and moves no more bytes there).
void CoOptimum::offer(int k, const Partition &p)
{
    const Candidate &src = m_cand[static_cast<size_t>(k)];
    const PartitionCost own = m_model.totals(p, src.hw);
    if (!own.valid)
        return;
    const int id = static_cast<int>(m_designs.size());
    m_designs.push_back(p);
    for (size_t x = 0; x < m_cand.size(); ++x) {
        Candidate &c = m_cand[x];
        if (!below(src, c) && static_cast<int>(x) != k)
            continue;
        const PartitionCost t = static_cast<int>(x) == k ? own : m_model.totals(p, c.hw);
        if (!t.valid)
            continue;
        const double v = objectiveValue(t, c.hw, m_objective, m_alpha);
        if (v < c.upper) {
            c.upper = v;
            c.design = id;
        }
        const double inc = incumbent();
        if (v < inc || (v == inc && static_cast<int>(x) < m_best))
            m_best = static_cast<int>(x);
    }
    // The incumbent becomes a sample of the run as soon as it improves, so that a run stopped at
    // any moment reports it.
    const Candidate &b = m_cand[static_cast<size_t>(m_best)];
    if (b.upper < m_recorded)
        record(m_designs[static_cast<size_t>(b.design)], b.hw);
}

void CoOptimum::record(const Partition &p, const HardwareConfig &hw)
{
    Genome g = m_space.fromPartition(p, hw);
    g.keepCaps = true;
    SampleEval e;
    if (m_run.evaluateOne(g, e))
        m_recorded = std::min(m_recorded, e.objective);
}

// No partition on candidate k is below `bound`; with the monotone bound, none on a smaller
// candidate is below its share of it either.
void CoOptimum::raiseLower(int k, double bound)
{
    Candidate &src = m_cand[static_cast<size_t>(k)];
    src.lower = std::max(src.lower, bound);
    if (!m_monotone)
        return;
    const double var = std::max(0.0, src.lower - src.constant);
    for (Candidate &c : m_cand) {
        if (&c == &src || !below(c, src))
            continue;
        const double b = (c.constant + ratio(c, src) * var) * (1 - kSafety);
        c.lower = std::max(c.lower, b);
    }
}

// Candidate k's optimum is its upper bound. A bound propagated to it that is above the optimum
// would mean the monotone argument fails for this cost model: then it is dropped everywhere.
void CoOptimum::proven(int k)
{
    Candidate &c = m_cand[static_cast<size_t>(k)];
    c.state = State::Solved;
    if (m_monotone && c.lower > c.upper * (1 + kTolerance) + kTolerance)
        breakMonotone();
    if (m_monotone && energyLike() && c.design >= 0) {
        // Runtime check of the decomposition on the optimum: its grouping-independent energy must
        // be the candidate's constant.
        const PartitionCost full = m_model.evaluate(m_designs[static_cast<size_t>(c.design)], c.hw);
        double fixed = 0;
        for (const SubgraphCost &s : full.subgraphs)
            fixed += fixedEnergy(s, c.hw);
        const double expect = (c.constant - bufferConstant(c)) / scale();
        if (std::abs(fixed - expect) > 1e-9 * std::abs(expect) + 1e-6)
            breakMonotone();
    }
    c.state = State::Solved;
    c.lower = c.upper;
    raiseLower(k, c.upper);
}

void CoOptimum::classify(int k)
{
    Candidate &c = m_cand[static_cast<size_t>(k)];
    if (c.state != State::Open)
        return;
    if (std::isfinite(c.upper) && c.upper <= c.lower + kTolerance * std::abs(c.upper)) {
        c.state = State::Settled;
        raiseLower(k, c.lower);
    } else if (c.lower >= incumbent()) {
        c.state = State::Pruned;
    }
}

void CoOptimum::resolve(int k)
{
    classify(k);
    if (!m_stopped && m_cand[static_cast<size_t>(k)].state == State::Open)
        search(k);
}

// The partition problem on candidate k: an exact search below the better of the candidate's
// upper bound and the incumbent (a larger optimum cannot win); `bnb` for a certified bound when
// the exact search gives up.
void CoOptimum::search(int k)
{
    Candidate &c = m_cand[static_cast<size_t>(k)];
    ++m_searched;
    SubgraphEvaluator ev(m_run, c.hw);
    const double constant = bufferConstant(c);
    const double upper = std::min(c.upper, incumbent());
    StopReason stop = StopReason::Optimal;
    if (std::isfinite(upper)) {
        std::vector<int> group;
        {
            // Like exact's own search: the candidates' searches would otherwise cache a profile
            // per subgraph, ~2.7 KB a state, and a candidate may keep kExactStateLimit states.
            const SubgraphEvaluator::TransientProfiles transient(ev);
            group = baseline::exactCut(ev, m_net.computeOrder(), upper - constant, m_stateLimit, stop);
        }
        if (stop == StopReason::Optimal) {
            if (!group.empty())
                offer(k, baseline::labelInExecutionOrder(m_net, group));
            if (!group.empty() || c.upper <= upper) {
                proven(k); // found the optimum, or nothing beats the candidate's own design
            } else {
                raiseLower(k, upper); // nothing at or below the incumbent
                c.state = State::Pruned;
            }
            return;
        }
    } else {
        auto out = exactPartition(ev, m_stateLimit);
        if (!out.ok())
            return;
        stop = out->stop;
        offer(k, out->partition);
        if (stop == StopReason::Optimal) {
            proven(k);
            return;
        }
    }
    if (stop == StopReason::GaveUp) {
        auto out = branchBoundPartition(ev, m_stateLimit);
        if (out.ok()) {
            stop = out->best.stop;
            offer(k, out->best.partition);
            if (stop == StopReason::Optimal) {
                proven(k);
                return;
            }
            raiseLower(k, out->lowerBound);
        }
        if (stop == StopReason::GaveUp) {
            c.state = State::GaveUp;
            return;
        }
    }
    m_stopped = true; // time limit or cancel
    m_stop = stop;
}

void CoOptimum::report()
{
    int solved = 0, settled = 0, pruned = 0;
    for (const Candidate &c : m_cand) {
        solved += c.state == State::Solved;
        settled += c.state == State::Settled;
        pruned += c.state == State::Pruned;
    }
    m_run.report("coopt: " + std::to_string(solved + settled + pruned) + "/" + std::to_string(m_cand.size())
                     + " candidates (" + std::to_string(solved) + " solved, " + std::to_string(settled) + " settled, "
                     + std::to_string(pruned) + " pruned)",
                 nullptr, false, std::isfinite(incumbent()) ? std::optional<double>(incumbent()) : std::nullopt);
}

Result<CoExploreOutcome> CoOptimum::solve()
{
    if (m_net.computeOrder().empty())
        return makeError("coopt: model '" + m_net.name + "' has no compute layers");
    if (m_stateLimit < 1)
        return makeError("coopt: the state limit must be at least 1, got " + std::to_string(m_stateLimit));
    if (!m_space.coExplore())
        return makeError("coopt: the design space has no capacity genes");
    setup();
    // Every layer alone runs on any capacity: a valid design before any search.
    // (Recorded as a sample only: as an upper bound it would only slow the first search down.)
    record(baseline::singletonPartition(m_net), m_cand.back().hw);
    // Boxes of the capacity grid, split in halves until every candidate in them is resolved; a
    // box's largest corner is resolved first (it bounds the whole box from below), then its
    // smallest (from above).
    std::vector<Box> boxes{{0, m_c0 - 1, 0, m_c1 - 1}};
    while (!boxes.empty() && !m_stopped) {
        const Box b = boxes.back();
        boxes.pop_back();
        resolve(index(b.i1, b.j1));
        if (!m_stopped)
            resolve(index(b.i0, b.j0));
        report();
        bool open = false;
        for (int i = b.i0; i <= b.i1 && !m_stopped; ++i)
            for (int j = b.j0; j <= b.j1; ++j) {
                classify(index(i, j));
                open = open || m_cand[static_cast<size_t>(index(i, j))].state == State::Open;
            }
        if (!open || m_stopped)
            continue;
        if (b.i1 - b.i0 <= 1 && b.j1 - b.j0 <= 1) {
            for (int i = b.i0; i <= b.i1 && !m_stopped; ++i)
                for (int j = b.j0; j <= b.j1 && !m_stopped; ++j)
                    resolve(index(i, j));
            continue;
        }
        // Split the longer side; the upper half is taken first (pushed last).
        if (b.i1 - b.i0 >= b.j1 - b.j0) {
            const int m = (b.i0 + b.i1) / 2;
            boxes.push_back({b.i0, m, b.j0, b.j1});
            boxes.push_back({m, b.i1, b.j0, b.j1});
        } else {
            const int m = (b.j0 + b.j1) / 2;
            boxes.push_back({b.i0, b.i1, b.j0, m});
            boxes.push_back({b.i0, b.i1, m, b.j1});
        }
    }
    // A candidate pruned before the incumbent improved stays pruned (the incumbent only falls).
    // One last pass settles what the last designs closed and searches whatever is still open (none,
    // unless the runtime check dropped the monotone bounds).
    for (size_t k = 0; k < m_cand.size() && !m_stopped; ++k)
        resolve(static_cast<int>(k));

    CoExploreOutcome out;
    out.candidates = static_cast<int>(m_cand.size());
    out.monotone = m_monotone;
    out.searches = m_searched;
    double lower = incumbent();
    for (const Candidate &c : m_cand) {
        out.solved += c.state == State::Solved;
        out.settled += c.state == State::Settled;
        out.pruned += c.state == State::Pruned;
        out.open += c.state == State::Open || c.state == State::GaveUp;
        lower = std::min(lower, c.lower);
    }
    if (m_best < 0 || m_cand[static_cast<size_t>(m_best)].design < 0) {
        // Stopped before any search finished: the singleton design on the largest candidate.
        out.partition = baseline::singletonPartition(m_net);
        out.hw = m_cand.back().hw;
        out.objective = objectiveValue(m_model.totals(out.partition, out.hw), out.hw, m_objective, m_alpha);
    } else {
        const Candidate &b = m_cand[static_cast<size_t>(m_best)];
        out.partition = m_designs[static_cast<size_t>(b.design)];
        out.hw = b.hw;
        out.objective = b.upper;
    }
    const bool done = out.open == 0 && !m_stopped;
    out.stop = m_stopped ? m_stop : done ? StopReason::Optimal : StopReason::GaveUp;
    out.lowerBound = done ? out.objective : std::min(lower, out.objective);
    m_run.report("coopt", nullptr, true, out.objective);
    return out;
}

} // namespace

Result<CoExploreOutcome> coExplorationOptimum(RunContext &run, int64_t stateLimit)
{
    CoOptimum solver(run, stateLimit);
    return solver.solve();
}

AlgorithmInfo coExplorationOptimumAlgorithm()
{
    AlgorithmInfo a = describeAlgorithm(
        "coopt",
        "exact co-exploration optimum: every capacity candidate's partition problem solved exactly or pruned by proven "
        "bounds",
        11, 0xd4a017);
    a.traits.picksCapacities = true;
    a.traits.deterministic = true;
    a.traits.budgeted = false;
    a.traits.slow = true;
    a.capacities = CapacityGenes::Chosen;
    a.run = [](AlgorithmJob &job) -> Status {
        auto out = coExplorationOptimum(job.run, job.run.config().exactStateLimit);
        if (!out.ok())
            return out.error();
        job.run.setStopReason(out->stop);
        job.run.setLowerBound(out->lowerBound);
        job.warnings.push_back("coopt: " + std::to_string(out->candidates) + " capacity candidates, "
                               + std::to_string(out->solved) + " solved, " + std::to_string(out->settled)
                               + " settled by their bounds, " + std::to_string(out->pruned) + " pruned, "
                               + std::to_string(out->open) + " open, " + std::to_string(out->searches)
                               + " exact searches"
                               + (out->monotone ? "" : " (monotone bounds off: the cost model broke their premise)"));
        return okStatus();
    };
    return a;
}

} // namespace cocco
