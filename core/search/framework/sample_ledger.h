// The one ledger of a search run's samples. A sample is one new evaluated design (genome), or one
// subgraph cost that a baseline or a window operator computes on the run's behalf, so that budgets
// stay comparable between the GA and the baselines. Whatever spends samples spends them here.
// A part of an algorithm that may spend only some of them does not keep a share of its own: it
// asks the ledger, through a Scope (a sub-budget opened now) and an Account (what one activity
// has spent while open), capped by a Share.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace cocco {

class SampleLedger {
public:
    static constexpr int64_t kUnlimited = std::numeric_limits<int64_t>::max();

    explicit SampleLedger(int64_t budget = kUnlimited) : m_budget(std::max<int64_t>(0, budget)) {}
    SampleLedger(const SampleLedger &) = delete;
    SampleLedger &operator=(const SampleLedger &) = delete;

    int64_t budget() const { return m_budget; }
    bool limited() const { return m_budget != kUnlimited; }
    int64_t used() const { return m_used; }
    int64_t remaining() const { return std::max<int64_t>(0, m_budget - m_used); }
    bool exhausted() const { return m_used >= m_budget; }

    // What one activity has spent (samples spent while an Open of it was alive).
    class Account {
    public:
        int64_t spent() const { return m_spent; }

    private:
        friend class SampleLedger;
        int64_t m_spent = 0;
    };

    // Spends n samples: on the total and on every open account.
    void spend(int64_t n = 1)
    {
        if (n <= 0)
            return;
        m_used += n;
        for (Account *a : m_open)
            a->m_spent += n;
    }

    // An account charged while this object lives (accounts nest; closing is last-in first-out).
    class Open {
    public:
        Open(SampleLedger &l, Account &a) : m_ledger(l) { m_ledger.m_open.push_back(&a); }
        ~Open() { m_ledger.m_open.pop_back(); }
        Open(const Open &) = delete;
        Open &operator=(const Open &) = delete;

    private:
        SampleLedger &m_ledger;
    };

    // A sub-budget of `limit` samples from now on, never past the ledger's budget.
    class Scope {
    public:
        Scope(const SampleLedger &l, int64_t limit) : m_ledger(&l), m_start(l.used()), m_limit(limit) {}
        int64_t used() const { return m_ledger->used() - m_start; }
        int64_t limit() const { return m_limit; }
        int64_t left() const { return std::max<int64_t>(0, std::min(m_limit - used(), m_ledger->remaining())); }

    private:
        const SampleLedger *m_ledger;
        int64_t m_start;
        int64_t m_limit;
    };
    Scope scope(int64_t limit) const { return Scope(*this, limit); }

private:
    int64_t m_budget;
    int64_t m_used = 0;
    std::vector<Account *> m_open;
};

// A cap on what one activity may spend within a scope: 1/divisor of the samples the scope has
// used so far, plus a start allowance so that the activity can begin early.
struct Share {
    int64_t divisor = 1;
    int64_t start = 0;
    int64_t allowance(const SampleLedger::Scope &s, const SampleLedger::Account &a) const
    {
        return s.used() / divisor + start - a.spent();
    }
    bool allows(const SampleLedger::Scope &s, const SampleLedger::Account &a) const { return allowance(s, a) > 0; }
};

} // namespace cocco
