#include "search/framework/run_context.h"

#include <algorithm>
#include <atomic>

namespace cocco {

RunContext::RunContext(const DesignSpace &space, const SearchConfig &cfg, const SearchControl &ctl, int64_t budget)
    : m_space(space), m_cfg(cfg), m_ctl(ctl), m_ledger(budget), m_scratch(1), m_start(std::chrono::steady_clock::now())
{
}

double RunContext::seconds() const
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
}

size_t RunContext::evaluate(std::vector<Genome> &batch, std::vector<SampleEval> &out)
{
    if (!m_pool) {
        m_pool = std::make_unique<ThreadPool>(m_cfg.threads);
        m_scratch.resize(static_cast<size_t>(m_pool->threads()));
    }
    out.resize(batch.size());
    std::vector<char> doneFlag(batch.size(), 0);
    std::atomic<bool> abort{false};
    m_pool->run(batch.size(), [&](size_t i, int worker) {
        if (abort.load(std::memory_order_relaxed))
            return;
        if (cancelled() || outOfTime()) {
            abort.store(true, std::memory_order_relaxed);
            return;
        }
        out[i] = m_space.repairAndEvaluate(batch[i], m_scratch[static_cast<size_t>(worker)]);
        doneFlag[i] = 1;
    });
    size_t processed = 0;
    while (processed < batch.size() && doneFlag[processed]) {
        account(batch[processed], out[processed]);
        ++processed;
    }
    if (processed < batch.size())
        setStopReason(cancelled() ? StopReason::Cancelled : StopReason::TimeLimit);
    return processed;
}

bool RunContext::evaluateOne(Genome &g, SampleEval &out)
{
    if (cancelled()) {
        setStopReason(StopReason::Cancelled);
        return false;
    }
    if (outOfTime()) {
        setStopReason(StopReason::TimeLimit);
        return false;
    }
    out = m_space.repairAndEvaluate(g, m_scratch[0]);
    account(g, out);
    return true;
}

void RunContext::account(const Genome &g, const SampleEval &e)
{
    if (!m_seen.insert(e.hash).second)
        return; // a revisit, not a new sample
    m_ledger.spend(1);
    const int64_t n = m_ledger.used();
    if (!m_hasBest || e.objective < m_bestEval.objective) {
        m_hasBest = true;
        m_best = g;
        m_bestEval = e;
        m_lastImprovement = n;
        m_history.push_back({n, e.objective, seconds()});
    }
    m_archive.offer(e, g, n);
}

bool RunContext::shouldStop()
{
    if (m_stopped)
        return true;
    if (cancelled())
        setStopReason(StopReason::Cancelled);
    else if (m_ledger.exhausted())
        setStopReason(StopReason::Budget);
    else if (outOfTime())
        setStopReason(StopReason::TimeLimit);
    else if (m_cfg.convergenceSamples > 0 && m_hasBest && m_ledger.used() - m_lastImprovement >= m_cfg.convergenceSamples)
        setStopReason(StopReason::Converged);
    return m_stopped;
}

void RunContext::report(const std::string &phase, const GenerationStats *gen, bool force, std::optional<double> best)
{
    if (gen)
        m_lastGen = *gen;
    if (!m_ctl.onProgress)
        return;
    const double now = seconds();
    if (!force && m_lastReport >= 0 && now - m_lastReport < kProgressIntervalSeconds)
        return;
    m_lastReport = now;
    SearchProgress p;
    p.samples = m_ledger.used();
    p.budget = m_ledger.limited() ? m_ledger.budget() : 0;
    p.best = best ? *best : m_hasBest ? m_bestEval.objective : 0;
    p.seconds = now;
    p.generation = m_lastGen;
    p.phase = phase;
    m_ctl.onProgress(p);
}

void RunContext::setFinalPartition(const Partition &p)
{
    m_finalPartition = p;
}

Design RunContext::designOf(const Genome &g) const
{
    Design d;
    d.partition = m_space.partitionOf(g);
    d.hw = m_space.hardwareOf(g);
    d.cost = m_space.model().totals(d.partition, d.hw);
    d.objective = objectiveValue(d.cost, d.hw, m_space.objective(), m_space.alpha());
    return d;
}

SearchResult RunContext::finish(std::vector<std::string> warnings)
{
    SearchResult r;
    r.config = m_cfg;
    r.samples = m_ledger.used();
    r.stopReason = m_stopped ? m_stop : StopReason::Budget;
    r.warnings = std::move(warnings);
    if (m_finalPartition) {
        // One design: history and archive hold just that design.
        r.best.partition = *m_finalPartition;
        r.best.hw = m_space.baseHardware();
        r.best.cost = model().totals(r.best.partition, r.best.hw);
        r.best.objective = objectiveValue(r.best.cost, r.best.hw, m_space.objective(), m_space.alpha());
        r.seconds = seconds();
        r.history.push_back({r.samples, r.best.objective, r.seconds});
        r.pareto.push_back(ParetoPoint::of(r.best));
        report("done", nullptr, true, r.best.objective);
        return r;
    }
    if (m_hasBest) {
        r.best = designOf(m_best);
        if (!r.best.cost.valid)
            r.warnings.push_back("internal: the best design is not valid: " + r.best.cost.reason);
        if (r.best.objective != m_bestEval.objective)
            r.warnings.push_back("internal: search and cost model disagree on the best objective");
    }
    r.history = m_history;
    if (!r.history.empty() && r.history.back().samples != r.samples)
        r.history.push_back({r.samples, r.history.back().best, seconds()});
    for (const auto &e : m_archive.sorted())
        r.pareto.push_back(ParetoPoint::of(designOf(e.genome)));
    r.seconds = seconds();
    report("done", nullptr, true);
    return r;
}

} // namespace cocco
