// An algorithm's part of a run: a sub-budget of the run's ledger (the whole budget for a GA or
// SA of its own; one capacity's inner budget for RS+GA and GS+GA), batch evaluation truncated to
// it, and the test that the design space is exhausted. The local search spends through the same
// scope as the algorithm it serves.
#pragma once

#include "search/framework/run_context.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace cocco {

// Revisits are free (not samples), so a small design space could keep a search busy forever:
// once more than kExhaustedMinBatches batches have been evaluated and revisits outnumber new
// designs kExhaustedRevisitRatio to one, the space is exhausted.
constexpr int64_t kExhaustedMinBatches = 20;
constexpr int64_t kExhaustedRevisitRatio = 10;

class BudgetScope {
public:
    // `budget`: new samples this scope may use (the run's budget still applies); `batch`: the
    // algorithm's usual batch (GA population), the unit of the exhaustion test.
    BudgetScope(RunContext &run, int64_t budget, int batch)
        : m_run(run), m_scope(run.ledger().scope(budget)), m_batch(std::max(1, batch))
    {
    }

    RunContext &run() { return m_run; }
    const SampleLedger::Scope &scope() const { return m_scope; }
    int64_t budget() const { return m_scope.limit(); }
    int64_t used() const { return m_scope.used(); }
    int64_t left() const { return m_scope.left(); }
    bool exhausted() const
    {
        const int64_t fresh = m_scope.used();
        return m_evals > kExhaustedMinBatches * int64_t(m_batch) && m_evals - fresh > kExhaustedRevisitRatio * fresh;
    }
    // The scope's work is over: the run stops, the scope's budget is spent or the space exhausted.
    bool done() { return m_run.shouldStop() || left() <= 0 || exhausted(); }

    // Evaluates `batch` (truncated to what is left); false if nothing was evaluated (the run
    // stopped mid-batch or nothing is left).
    bool evaluate(std::vector<Genome> &batch, std::vector<SampleEval> &out)
    {
        const int64_t l = left();
        if (static_cast<int64_t>(batch.size()) > l)
            batch.resize(static_cast<size_t>(std::max<int64_t>(0, l)));
        const size_t got = m_run.evaluate(batch, out);
        m_evals += static_cast<int64_t>(got);
        batch.resize(got);
        out.resize(got);
        return got > 0;
    }

private:
    RunContext &m_run;
    SampleLedger::Scope m_scope;
    int m_batch;
    int64_t m_evals = 0; // genomes evaluated in this scope, revisits included
};

} // namespace cocco
