// A run context of its own for tests that call search internals directly (baseline cores, window
// operators, the local search): partition-only design space on the given hardware, no budget.
#pragma once

#include "search/framework/run_context.h"
#include "search/framework/subgraph_eval.h"

namespace testsupport {

struct RunFixture {
    RunFixture(const cocco::CostModel &m, const cocco::HardwareConfig &hw, cocco::Objective o = cocco::Objective::Ema,
               double alpha = 0.002, bool coExplore = false, int64_t budget = cocco::SampleLedger::kUnlimited)
        : space(m, hw, o, alpha, coExplore), cfg(configFor(o, alpha)), run(space, cfg, ctl, budget)
    {
    }

    static cocco::SearchConfig configFor(cocco::Objective o, double alpha)
    {
        cocco::SearchConfig c;
        c.objective = o;
        c.alpha = alpha;
        c.threads = 1;
        return c;
    }

    cocco::DesignSpace space;
    cocco::SearchConfig cfg;
    cocco::SearchControl ctl;
    cocco::RunContext run;
};

} // namespace testsupport
