// CutRatioBound's charge certificates for the LP bound (cut_bound.h: chargeDeficit): the cut
// problem of cut_bound.cpp with arbitrary charges, and branch and bound over a pair's family.
#include "search/exact/cut_bound.h"
#include "search/exact/cut_search.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cocco {

using cut_detail::goldenMax;
using cut_detail::GoldenResult;
using cut_detail::kInf;

namespace {

// Golden-section steps per multiplier and rounds over the two multipliers for the charge
// certificates (one cut per step, no Dinkelbach loop).
constexpr int kChargeGoldenSteps = 16;
constexpr int kChargeMultiplierRounds = 2;
// firstFree's answer when every layer is forced: only supersets can be usable.
constexpr int kAllForced = -2;

// The first layer of `among` not in `forced`, else kAllForced.
int firstFree(const std::vector<int> &among, const std::vector<int> &forced)
{
    for (int p : among)
        if (std::find(forced.begin(), forced.end(), p) == forced.end())
            return p;
    return kAllForced;
}

} // namespace

double CutRatioBound::chargeAt(const std::vector<double> &charge, double mu, double kappa, std::vector<int> *minimiser) const
{
    const double v = minimum(0, mu, kappa, minimiser, &charge);
    return v >= kInf ? kInf : v - mu * m_weightCap - kappa * m_nodeCap;
}

double CutRatioBound::chargeMultipliers(const std::vector<double> &charge, double best) const
{
    const Family &f = m_family;
    // The multipliers' scale: beyond these, the forced layers alone lose more than every charge of
    // the family together.
    double scale = 0;
    for (int p : f.positions)
        scale += std::abs(charge[static_cast<size_t>(p)]);
    const double count = static_cast<double>(f.forced.size());
    const double muHi = m_weightCap > f.forcedWeight ? 2 * scale / (m_weightCap - f.forcedWeight) : 0;
    const double kappaHi = m_nodeCap > count ? 2 * scale / (m_nodeCap - count) : 0;
    double mu = 0, kappa = 0;
    std::vector<int> scratch;
    // The value is concave in (μ, κ) (a minimum of affine functions): golden-section search along
    // one multiplier at a time.
    auto golden = [&](bool alongMu, double hi) {
        const GoldenResult g = goldenMax(hi, kChargeGoldenSteps, [&](double x, int) {
            return alongMu ? chargeAt(charge, x, kappa, &scratch) : chargeAt(charge, mu, x, &scratch);
        });
        if (g.value > best) {
            best = g.value;
            (alongMu ? mu : kappa) = g.x;
        }
    };
    for (int round = 0; round < kChargeMultiplierRounds && best < 0; ++round) {
        if (muHi > 0)
            golden(true, muHi);
        if (kappaHi > 0 && best < 0)
            golden(false, kappaHi);
    }
    return best;
}

bool CutRatioBound::keepsLimits(const std::vector<int> &set) const
{
    double weight = 0;
    for (int p : set)
        weight += static_cast<double>(m_weight[static_cast<size_t>(p)]);
    return !set.empty() && static_cast<double>(set.size()) <= m_nodeCap && weight <= m_weightCap;
}

int CutRatioBound::misshapen(const std::vector<int> &set, const std::vector<int> &forced) const
{
    if (!keepsLimits(set))
        return firstFree(set, forced);
    // Weakly connected: the layers reached from the first forced one.
    std::vector<char> in(static_cast<size_t>(m_n), 0), seen(static_cast<size_t>(m_n), 0);
    for (int p : set)
        in[static_cast<size_t>(p)] = 1;
    std::vector<int> stack{forced.front()};
    seen[static_cast<size_t>(forced.front())] = 1;
    size_t reached = 1;
    while (!stack.empty()) {
        const int x = stack.back();
        stack.pop_back();
        for (const auto *next : {&m_succ[static_cast<size_t>(x)], &m_pred[static_cast<size_t>(x)]})
            for (int y : *next)
                if (in[static_cast<size_t>(y)] && !seen[static_cast<size_t>(y)]) {
                    seen[static_cast<size_t>(y)] = 1;
                    ++reached;
                    stack.push_back(y);
                }
    }
    if (reached < set.size()) {
        std::vector<int> apart;
        for (int p : set)
            if (!seen[static_cast<size_t>(p)])
                apart.push_back(p);
        return firstFree(apart, forced);
    }
    // Convex: no layer outside the set is both a descendant and an ancestor of layers in it.
    const size_t words = m_anc.empty() ? 0 : m_anc[0].size();
    std::vector<uint64_t> below(words, 0), above(words, 0);
    for (int p : set)
        for (size_t w = 0; w < words; ++w) {
            below[w] |= m_desc[static_cast<size_t>(p)][w];
            above[w] |= m_anc[static_cast<size_t>(p)][w];
        }
    for (size_t w = 0; w < words; ++w)
        for (uint64_t bits = below[w] & above[w]; bits; bits &= bits - 1) {
            const int p = static_cast<int>(w * 64) + __builtin_ctzll(bits);
            if (!in[static_cast<size_t>(p)])
                return firstFree(set, forced);
        }
    return -1;
}

double CutRatioBound::chargeDeficit(int a, int b, const std::vector<double> &charge, int splits, bool multipliers,
                                    const std::function<double(const std::vector<int> &)> &rest,
                                    std::vector<std::vector<int>> *columns) const
{
    if (!m_available || m_nodeCap < 2)
        return 0; // no usable subgraph holds both
    // Branch and bound over the family. A part's value without multipliers is its exact minimum
    // of L(S) − charge(S). When the minimiser is not a usable subgraph (breaks a limit, is not
    // weakly connected or not convex, or does not fit the cost model), or is one but costs more
    // than L says (L is only a lower bound), the part is split on one of the minimiser's layers f
    // not yet forced, into S ∋ f and S ∌ f; once every layer of the minimiser is forced, into the
    // forced set alone (its exact rest) and its supersets, by the first neighbour each holds. The
    // parts cover the family, so the smallest value over them holds for all of it. Parts still
    // open when the splits run out take the multipliers' value (the Lagrangian relaxation of the
    // limits), at least the value without them.
    constexpr int kShaped = -1;
    struct Part {
        std::vector<int> in, out, minimiser;
        double value = 0;
        int split = kShaped; // a layer to split on, kAllForced (the forced set and its supersets), or kShaped
        bool alone = false;  // the part is the forced set alone
        bool column = false; // the minimiser is a usable subgraph below its charge
    };
    double scale = 1e-300;
    for (double c : charge)
        scale += std::abs(c);
    auto chargeOf = [&](const std::vector<int> &set) {
        double c = 0;
        for (int p : set)
            c += charge[static_cast<size_t>(p)];
        return c;
    };
    auto solve = [&](Part &p) {
        p.split = kShaped;
        p.column = false;
        if (p.alone) {
            const double r = rest ? rest(p.in) : std::numeric_limits<double>::quiet_NaN();
            p.minimiser = p.in;
            p.value = std::isnan(r) ? kInf : r - chargeOf(p.in); // not usable: not in the family
            return;
        }
        prepare(p.in, p.out);
        p.minimiser.clear();
        p.value = m_family.infeasible ? kInf : chargeAt(charge, 0, 0, &p.minimiser);
        if (p.value >= 0)
            return;
        p.split = misshapen(p.minimiser, p.in);
        if (p.split != kShaped || !rest)
            return;
        const double r = rest(p.minimiser);
        if (!std::isnan(r) && r - chargeOf(p.minimiser) < 0) {
            p.column = true; // a real violation: the LP takes it as a column
            p.split = kShaped;
            return;
        }
        p.split = firstFree(p.minimiser, p.in); // not usable, or its real rest covers its charge
    };
    std::vector<Part> parts(1);
    parts[0].in = {a, b};
    solve(parts[0]);
    for (int split = 0; split < splits; ++split) {
        size_t w = parts.size();
        for (size_t k = 0; k < parts.size(); ++k)
            if (parts[k].split != kShaped && (w == parts.size() || parts[k].value < parts[w].value))
                w = k;
        if (w == parts.size())
            break; // every part certified or its minimum attained by a usable subgraph
        Part weak = std::move(parts[w]);
        parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(w));
        if (weak.split >= 0) {
            Part with = weak, without = weak;
            with.in.push_back(weak.split);
            without.out.push_back(weak.split);
            solve(with);
            solve(without);
            parts.push_back(std::move(with));
            parts.push_back(std::move(without));
            continue;
        }
        // The forced set alone, and each connected superset by the first neighbour it holds.
        prepare(weak.in, weak.out);
        std::vector<int> next;
        for (int x : weak.in)
            for (const auto *adj : {&m_succ[static_cast<size_t>(x)], &m_pred[static_cast<size_t>(x)]})
                for (int y : *adj)
                    if (m_family.local[static_cast<size_t>(y)] >= 0
                        && std::find(weak.in.begin(), weak.in.end(), y) == weak.in.end()
                        && std::find(next.begin(), next.end(), y) == next.end())
                        next.push_back(y);
        Part alone = weak;
        alone.alone = true;
        solve(alone);
        parts.push_back(std::move(alone));
        std::vector<int> barred = weak.out;
        for (int y : next) {
            Part sup = weak;
            sup.in.push_back(y);
            sup.out = barred;
            solve(sup);
            parts.push_back(std::move(sup));
            barred.push_back(y);
        }
    }
    double worst = 0;
    for (Part &p : parts) {
        if (p.split != kShaped && multipliers && p.value < 0) {
            prepare(p.in, p.out);
            p.value = chargeMultipliers(charge, p.value);
        }
        worst = std::min(worst, p.value);
        if (columns && p.column)
            columns->push_back(p.minimiser);
    }
    // The flow's rounding: a margin on the scale of the charges.
    return worst < 0 ? -worst + 1e-9 * scale : 1e-9 * scale;
}

} // namespace cocco
