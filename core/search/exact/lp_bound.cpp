// PartitionBound::tightenByLp (partition_bound.h): the dual of a set-partitioning LP over candidate
// subgraphs, certified by minimum cuts.
//
// The LP: minimise Σ_S cost(S)·x_S subject to Σ_{S ∋ v} x_S = 1 for every layer v, x >= 0, over a
// set of usable subgraphs (columns). Its dual is: maximise Σ_v π_v subject to π(S) <= cost(S) for
// every column S. If π(S) <= cost(S) held for every usable subgraph, Σ_v π_v would bound every
// valid partition (its subgraphs are usable and cover each layer once). The columns are only some
// of them, so π is certified for all of them instead: with charge(u) = π_u − fixed(u),
// CutRatioBound::chargeDeficit gives per adjacent pair {a, b} a d_ab >= 0 with
//     cost(S) − fixed(S) = var(S) >= L(S) >= charge(S) − d_ab   for every usable S ⊇ {a, b}
// (L is the cut form, checked against the cost model). Every usable S with two or more layers
// holds an adjacent pair, so layer bounds b = π − δ with δ >= 0, δ_a + δ_b >= d_ab on every pair
// and δ_v >= π_v − cost({v}) satisfy b(S) <= cost(S) for every usable S: their sum is a certified
// bound whatever the LP solver's accuracy. δ minimises Σ δ (a small LP, then made exactly feasible).
// The pricing is the same cut: a pair's minimisers that are usable subgraphs and cost less than
// their π join the LP, which is solved again.
#include "search/exact/cut_bound.h"
#include "search/exact/partition_bound.h"

#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <set>

namespace cocco {

namespace {

// The same relative margin as the other layer bounds (rounding in sums of subgraph costs).
constexpr double kLpSafety = 1e-9;
// A priced subgraph joins the LP when its reduced cost is below this share of its cost.
constexpr double kLpReducedCostTolerance = 1e-7;
// The probe's corrections, as a multiple of the LP's value, beyond which the LP bound gives up.
// Measured (first columns: the enumeration's, greedy's and DP's): RandWire-A 21.7, NASNet-A
// Mobile 17.4; GoogLeNet 1.8 with the 512-per-layer enumeration alone, and it is proven then.
constexpr double kLpHopelessDeficit = 5;
// Splits per pair of the first rounds (doubled whenever a round adds no column).
constexpr int kLpFirstSplits = 16;
// A round whose corrections are below this share of the LP's value has certified it: stop.
constexpr double kLpSettled = 1e-8;

struct GlpDeleter {
    void operator()(glp_prob *p) const { glp_delete_prob(p); }
};
using Lp = std::unique_ptr<glp_prob, GlpDeleter>;

glp_smcp quietSimplex()
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_OFF;
    return parm;
}

// min Σ δ subject to δ_a + δ_b >= d_ab on every pair, δ_v >= low_v (>= 0); the solver's answer is
// then raised where rounding left a pair short, so the result is exactly feasible.
std::vector<double> corrections(int n, const std::vector<std::pair<int, int>> &pairs, const std::vector<double> &deficit,
                                const std::vector<double> &low)
{
    std::vector<double> delta = low;
    std::vector<int> rows;
    for (size_t k = 0; k < pairs.size(); ++k)
        if (deficit[k] > delta[static_cast<size_t>(pairs[k].first)] + delta[static_cast<size_t>(pairs[k].second)])
            rows.push_back(static_cast<int>(k));
    if (!rows.empty()) {
        Lp lp(glp_create_prob());
        glp_set_obj_dir(lp.get(), GLP_MIN);
        glp_add_cols(lp.get(), n);
        for (int v = 0; v < n; ++v) {
            glp_set_col_bnds(lp.get(), v + 1, GLP_LO, low[static_cast<size_t>(v)], 0);
            glp_set_obj_coef(lp.get(), v + 1, 1);
        }
        glp_add_rows(lp.get(), static_cast<int>(rows.size()));
        for (size_t r = 0; r < rows.size(); ++r) {
            const auto &[a, b] = pairs[static_cast<size_t>(rows[r])];
            const int ind[3] = {0, a + 1, b + 1};
            const double val[3] = {0, 1, 1};
            glp_set_mat_row(lp.get(), static_cast<int>(r) + 1, 2, ind, val);
            glp_set_row_bnds(lp.get(), static_cast<int>(r) + 1, GLP_LO, deficit[static_cast<size_t>(rows[r])], 0);
        }
        glp_smcp parm = quietSimplex();
        if (glp_simplex(lp.get(), &parm) == 0 && glp_get_status(lp.get()) == GLP_OPT)
            for (int v = 0; v < n; ++v)
                delta[static_cast<size_t>(v)] = std::max(low[static_cast<size_t>(v)], glp_get_col_prim(lp.get(), v + 1));
    }
    for (size_t k = 0; k < pairs.size(); ++k) {
        double &db = delta[static_cast<size_t>(pairs[k].second)];
        const double short_ = deficit[k] - delta[static_cast<size_t>(pairs[k].first)] - db;
        if (short_ > 0)
            db += short_;
    }
    return delta;
}

} // namespace

bool PartitionBound::tightenByLp(const Evaluate &eval, const std::vector<std::vector<int>> &seedColumns,
                                 const std::function<bool()> &stop, const LpOptions &options, LpStats *stats)
{
    const int splits = options.splits, maxRounds = options.maxRounds, growRounds = options.growRounds;
    LpStats local;
    LpStats &st = stats ? *stats : local;
    st = LpStats{};
    if (!m_sound || !m_cutSound)
        return true;
    const int n = static_cast<int>(m_layerAt.size());
    glp_term_out(GLP_OFF);
    Lp lp(glp_create_prob());
    glp_set_obj_dir(lp.get(), GLP_MIN);
    glp_add_rows(lp.get(), n);
    for (int v = 0; v < n; ++v)
        glp_set_row_bnds(lp.get(), v + 1, GLP_FX, 1, 1);
    std::set<std::vector<int>> known;
    auto addColumn = [&](const std::vector<int> &positions, double value) {
        if (!known.insert(positions).second)
            return false;
        const int j = glp_add_cols(lp.get(), 1);
        glp_set_col_bnds(lp.get(), j, GLP_LO, 0, 0);
        glp_set_obj_coef(lp.get(), j, value);
        std::vector<int> ind{0};
        std::vector<double> val{0};
        for (int p : positions) {
            ind.push_back(p + 1);
            val.push_back(1);
        }
        glp_set_mat_col(lp.get(), j, static_cast<int>(positions.size()), ind.data(), val.data());
        return true;
    };
    // The connected part of a minimiser around position a.
    auto component = [&](const std::vector<int> &set, int a) {
        std::vector<char> in(static_cast<size_t>(n), 0), seen(static_cast<size_t>(n), 0);
        for (int p : set)
            in[static_cast<size_t>(p)] = 1;
        std::vector<int> out{a}, stack{a};
        seen[static_cast<size_t>(a)] = 1;
        while (!stack.empty()) {
            const int x = stack.back();
            stack.pop_back();
            for (int y : m_adj[static_cast<size_t>(x)])
                if (in[static_cast<size_t>(y)] && !seen[static_cast<size_t>(y)]) {
                    seen[static_cast<size_t>(y)] = 1;
                    out.push_back(y);
                    stack.push_back(y);
                }
        }
        return out;
    };
    // A candidate's value when it is a usable subgraph (convex, weakly connected, fits).
    std::vector<int> layers;
    bool stopped = false;
    auto usable = [&](std::vector<int> positions, double *value) {
        std::sort(positions.begin(), positions.end());
        positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
        if (positions.size() > 1) {
            for (int p : positions)
                m_mark[static_cast<size_t>(p)] = 1;
            const bool ok = convex(positions) && component(positions, positions.front()).size() == positions.size();
            for (int p : positions)
                m_mark[static_cast<size_t>(p)] = 0;
            if (!ok)
                return false;
        }
        layers.clear();
        for (int p : positions)
            layers.push_back(m_layerAt[static_cast<size_t>(p)]);
        std::sort(layers.begin(), layers.end());
        const Usable u = eval(layers, value);
        if (u == Usable::Stop)
            stopped = true;
        return u == Usable::Yes;
    };
    std::vector<double> single(static_cast<size_t>(n), 0);
    for (int v = 0; v < n; ++v) {
        if (!usable({v}, &single[static_cast<size_t>(v)]))
            return !stopped; // a layer alone is always usable; otherwise no LP bound
        addColumn({v}, single[static_cast<size_t>(v)]);
    }
    for (const auto &[positions, value] : m_columns)
        addColumn(positions, value);
    for (const std::vector<int> &ids : seedColumns) {
        std::vector<int> positions;
        for (int id : ids)
            if (id >= 0 && static_cast<size_t>(id) < m_pos.size() && m_pos[static_cast<size_t>(id)] >= 0)
                positions.push_back(m_pos[static_cast<size_t>(id)]);
        double value = 0;
        if (positions.size() == ids.size() && usable(positions, &value))
            addColumn([&] {
                std::sort(positions.begin(), positions.end());
                return positions;
            }(), value);
        if (stopped)
            return false;
    }
    // var(S) of a usable candidate (NaN when not usable), remembered: the pricing asks often.
    std::map<std::vector<int>, double> evaluated;
    const std::function<double(const std::vector<int> &)> restOf = [&](const std::vector<int> &set) {
        std::vector<int> key = set;
        std::sort(key.begin(), key.end());
        auto it = evaluated.find(key);
        if (it == evaluated.end()) {
            double value = 0, fixed = 0;
            const bool ok = usable(key, &value);
            for (int p : key)
                fixed += m_fixed[static_cast<size_t>(p)];
            it = evaluated.emplace(std::move(key), ok ? value - fixed : std::numeric_limits<double>::quiet_NaN()).first;
        }
        return it->second;
    };
    const auto &pairs = m_cut->adjacentPairs();
    const int64_t cuts0 = m_cut->cuts();
    std::vector<double> best;
    double bestSum = -std::numeric_limits<double>::infinity();
    glp_smcp parm = quietSimplex();
    // A cheap pricing: from every layer, grow a subgraph one neighbour at a time, each time the one
    // of least reduced cost that keeps it usable; every grown subgraph below its π joins. It finds
    // most of the columns the LP needs (no certificate: that is the cut pricing's job).
    auto solveLp = [&](std::vector<double> *pi) {
        if (glp_simplex(lp.get(), &parm) != 0 || glp_get_status(lp.get()) != GLP_OPT)
            return false;
        st.lp = glp_get_obj_val(lp.get());
        pi->resize(static_cast<size_t>(n));
        for (int v = 0; v < n; ++v)
            (*pi)[static_cast<size_t>(v)] = glp_get_row_dual(lp.get(), v + 1);
        return true;
    };
    const int maxNodes = m_hw.maxSubgraphNodes > 0 ? m_hw.maxSubgraphNodes : n;
    auto grow = [&] {
        for (int round = 0; round < growRounds && !stopped; ++round) {
            std::vector<double> pi;
            if (!solveLp(&pi))
                break;
            int added = 0;
            for (int seed = 0; seed < n && !stopped; ++seed) {
                if (stop && stop()) {
                    stopped = true;
                    break;
                }
                std::vector<int> set{seed};
                double piSet = pi[static_cast<size_t>(seed)], fixedSet = m_fixed[static_cast<size_t>(seed)];
                while (static_cast<int>(set.size()) < maxNodes) {
                    std::vector<int> next;
                    for (int x : set)
                        for (int y : m_adj[static_cast<size_t>(x)])
                            if (std::find(set.begin(), set.end(), y) == set.end()
                                && std::find(next.begin(), next.end(), y) == next.end())
                                next.push_back(y);
                    double bestRc = std::numeric_limits<double>::infinity(), bestValue = 0;
                    int bestY = -1;
                    for (int y : next) {
                        std::vector<int> grown = set;
                        grown.push_back(y);
                        const double r = restOf(grown);
                        if (std::isnan(r))
                            continue;
                        const double fixed = fixedSet + m_fixed[static_cast<size_t>(y)];
                        const double rc = r + fixed - piSet - pi[static_cast<size_t>(y)];
                        if (rc < bestRc) {
                            bestRc = rc;
                            bestY = y;
                            bestValue = r + fixed;
                        }
                    }
                    if (bestY < 0 || stopped)
                        break;
                    set.push_back(bestY);
                    piSet += pi[static_cast<size_t>(bestY)];
                    fixedSet += m_fixed[static_cast<size_t>(bestY)];
                    if (bestRc < -kLpReducedCostTolerance * std::abs(bestValue)) {
                        std::vector<int> sorted = set;
                        std::sort(sorted.begin(), sorted.end());
                        if (addColumn(sorted, bestValue))
                            ++added;
                    }
                }
            }
            if (added == 0)
                break;
        }
    };
    // The first round prices and certifies the LP of the first columns by cuts: a probe. Where its
    // corrections exceed kLpHopelessDeficit times the LP's value, the cuts cannot certify these
    // duals (RandWire and NASNet, whose minimisers are whole stages above the node limit) and the
    // LP bound gives up before the growing pricing spends its evaluations. Otherwise the growing
    // pricing runs, then the cut rounds.
    // Few splits while the pricing still finds columns (the duals move a lot), more once it finds
    // none: doubling up to `splits`. The multipliers only in rounds after one that found none
    // (without them a part's value is still a certificate, only a weaker one).
    int roundSplits = std::min(splits, kLpFirstSplits);
    bool certifyRound = false;
    for (int round = 0; round < maxRounds && !stopped; ++round) {
        std::vector<double> pi;
        if (!solveLp(&pi))
            break;
        std::vector<double> charge(static_cast<size_t>(n));
        for (int v = 0; v < n; ++v)
            charge[static_cast<size_t>(v)] = pi[static_cast<size_t>(v)] - m_fixed[static_cast<size_t>(v)];
        std::vector<double> deficit(pairs.size(), 0);
        std::vector<std::vector<int>> candidates;
        int added = 0;
        for (size_t k = 0; k < pairs.size(); ++k) {
            if ((stop && stop()) || (options.cutLimit > 0 && m_cut->cuts() - cuts0 >= options.cutLimit)) {
                stopped = true;
                break;
            }
            candidates.clear();
            deficit[k] = m_cut->chargeDeficit(pairs[k].first, pairs[k].second, charge, roundSplits, certifyRound, restOf,
                                              &candidates);
            // The candidates are usable (chargeDeficit asked restOf, which remembers their rest).
            for (std::vector<int> part : candidates) {
                std::sort(part.begin(), part.end());
                if (part.size() < 2 || known.count(part))
                    continue;
                double value = restOf(part), piS = 0;
                for (int p : part) {
                    value += m_fixed[static_cast<size_t>(p)];
                    piS += pi[static_cast<size_t>(p)];
                }
                if (value - piS < -kLpReducedCostTolerance * std::abs(value) && addColumn(part, value))
                    ++added;
            }
            if (stopped)
                break;
        }
        st.cuts = m_cut->cuts() - cuts0;
        if (stopped)
            break;
        // Certified: take back what the cuts did not certify, and what a layer alone does not allow.
        std::vector<double> low(static_cast<size_t>(n));
        for (int v = 0; v < n; ++v)
            low[static_cast<size_t>(v)] = std::max(0.0, pi[static_cast<size_t>(v)] - single[static_cast<size_t>(v)]);
        const std::vector<double> delta = corrections(n, pairs, deficit, low);
        std::vector<double> bound(static_cast<size_t>(n));
        double sum = 0, deltaSum = 0;
        for (int v = 0; v < n; ++v) {
            const size_t i = static_cast<size_t>(v);
            bound[i] = pi[i] - delta[i]
                - kLpSafety * (std::abs(pi[i]) + delta[i] + std::abs(single[i]));
            sum += bound[i];
            deltaSum += delta[i];
        }
        ++st.rounds;
        if (sum > bestSum) {
            bestSum = sum;
            best = std::move(bound);
            st.certified = sum;
            st.deficit = deltaSum;
        }
        if (round == 0) {
            if (deltaSum > kLpHopelessDeficit * std::abs(st.lp)) {
                st.abandoned = true;
                break;
            }
            if (growRounds > 0) {
                grow();
                certifyRound = false;
                continue;
            }
        }
        if (added == 0) {
            if ((roundSplits >= splits && certifyRound) || deltaSum <= kLpSettled * std::abs(st.lp))
                break; // the pricing finds nothing cheaper: this LP is as far as these cuts go
            if (certifyRound)
                roundSplits = std::min(splits, 2 * roundSplits);
        }
        certifyRound = added == 0;
    }
    st.columns = static_cast<int64_t>(known.size());
    if (!best.empty() && (m_lpBound.empty() || bestSum > std::accumulate(m_lpBound.begin(), m_lpBound.end(), 0.0))) {
        m_lpBound = std::move(best);
        updateLpChoice();
    }
    return !stopped;
}

} // namespace cocco
