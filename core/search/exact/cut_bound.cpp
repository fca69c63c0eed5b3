#include "search/exact/cut_bound.h"

#include "search/exact/cut_search.h"
#include "search/exact/max_flow.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cocco {

using cut_detail::goldenMax;
using cut_detail::GoldenResult;
using cut_detail::kInf;

namespace {

// Iterations of the golden-section search per multiplier, and rounds over the two multipliers:
// each iteration is one Dinkelbach solve (a few minimum cuts); more barely moved the zoo's bounds.
constexpr int kGoldenSteps = 10;
constexpr int kMultiplierRounds = 1;
// Dinkelbach steps per (μ, κ): it converges superlinearly, in 2-6 steps on the zoo.
constexpr int kDinkelbachSteps = 40;

} // namespace

double CutRatioBound::price(const HardwareConfig &hw, Objective objective, double alpha)
{
    const double n = hw.batch;
    const double eAct = activationSramPjPerByte(hw);
    switch (objective) {
    case Objective::Ema: return n;
    case Objective::Energy: return n * (hw.energy.dramPjPerByte + eAct);
    case Objective::Cost: return alpha * n * (hw.energy.dramPjPerByte + eAct);
    case Objective::Latency: return n * hw.clockGHz / (double(hw.cores) * hw.dramGBps);
    }
    return 0;
}

double CutRatioBound::gamma(const SubgraphCost &single, const HardwareConfig &hw, Objective objective)
{
    if (objective != Objective::Latency)
        return 0;
    return single.weightEmaBytes * hw.clockGHz / (double(hw.cores) * hw.dramGBps) - single.computeCycles;
}

CutRatioBound::CutRatioBound(const Network &net, const HardwareConfig &hw, Objective objective, double alpha,
                             const std::vector<int> &layerAt, const std::vector<double> &share,
                             const std::vector<int64_t> &weight, const std::vector<double> &gamma)
    : m_n(static_cast<int>(layerAt.size())), m_share(share), m_gamma(gamma), m_weight(weight)
{
    m_available = hw.cores == 1 && m_n > 0;
    if (!m_available)
        return;
    m_weightCap = static_cast<double>(hw.mode == BufferMode::Separate ? hw.weightBufferBytes : hw.sharedBufferBytes);
    m_nodeCap = hw.maxSubgraphNodes > 0 ? hw.maxSubgraphNodes : m_n;
    std::vector<int> pos(net.size(), -1);
    for (int i = 0; i < m_n; ++i)
        pos[static_cast<size_t>(layerAt[static_cast<size_t>(i)])] = i;
    const double perByte = price(hw, objective, alpha);
    for (int u = 0; u < static_cast<int>(net.size()); ++u) {
        Hyper h;
        const int pu = pos[static_cast<size_t>(u)];
        if (pu >= 0)
            h.members.push_back(pu);
        else
            h.fixedOut = true; // a network input (or any non-compute producer): read from DRAM
        for (int s : net.succs(u)) {
            const int ps = pos[static_cast<size_t>(s)];
            if (ps >= 0)
                h.members.push_back(ps);
            else
                h.fixedOut = true;
        }
        if (pu >= 0 && net.isOutput(u))
            h.fixedOut = true; // written to DRAM whenever its producer runs
        std::sort(h.members.begin(), h.members.end());
        h.members.erase(std::unique(h.members.begin(), h.members.end()), h.members.end());
        const Shape &sh = net.layer(u).out;
        h.bytes = perByte * static_cast<double>(sh.c * sh.h * sh.w * hw.elementBytes);
        if (h.members.empty() || h.bytes <= 0 || (h.members.size() == 1 && !h.fixedOut))
            continue;
        m_hyper.push_back(std::move(h));
    }
    m_hyperOf.assign(static_cast<size_t>(m_n), {});
    for (size_t k = 0; k < m_hyper.size(); ++k)
        for (int p : m_hyper[k].members)
            m_hyperOf[static_cast<size_t>(p)].push_back(static_cast<int>(k));
    m_succ.assign(static_cast<size_t>(m_n), {});
    m_pred.assign(static_cast<size_t>(m_n), {});
    for (int i = 0; i < m_n; ++i)
        for (int s : net.succs(layerAt[static_cast<size_t>(i)])) {
            const int ps = pos[static_cast<size_t>(s)];
            if (ps >= 0 && ps != i) {
                m_succ[static_cast<size_t>(i)].push_back(ps);
                m_pred[static_cast<size_t>(ps)].push_back(i);
                m_pairs.emplace_back(std::min(i, ps), std::max(i, ps));
            }
        }
    const size_t words = static_cast<size_t>((m_n + 63) / 64);
    m_anc.assign(static_cast<size_t>(m_n), std::vector<uint64_t>(words, 0));
    for (int i : net.topoOrder()) {
        const int pi = pos[static_cast<size_t>(i)];
        if (pi < 0)
            continue;
        for (int q : m_pred[static_cast<size_t>(pi)]) {
            auto &anc = m_anc[static_cast<size_t>(pi)];
            const auto &up = m_anc[static_cast<size_t>(q)];
            for (size_t w = 0; w < words; ++w)
                anc[w] |= up[w];
            anc[static_cast<size_t>(q >> 6)] |= uint64_t(1) << (q & 63);
        }
    }
    m_desc.assign(static_cast<size_t>(m_n), std::vector<uint64_t>(words, 0));
    for (int p = 0; p < m_n; ++p)
        for (int q = 0; q < m_n; ++q)
            if (ancestor(q, p))
                m_desc[static_cast<size_t>(q)][static_cast<size_t>(p >> 6)] |= uint64_t(1) << (p & 63);
    std::sort(m_pairs.begin(), m_pairs.end());
    m_pairs.erase(std::unique(m_pairs.begin(), m_pairs.end()), m_pairs.end());
}

bool CutRatioBound::reachable(int u, int x) const
{
    int lo = -1, hi = -1;
    if (ancestor(u, x))
        lo = u, hi = x;
    else if (ancestor(x, u))
        lo = x, hi = u;
    else
        return true;
    const auto &d = m_desc[static_cast<size_t>(lo)], &a = m_anc[static_cast<size_t>(hi)];
    int64_t count = 2, weight = m_weight[static_cast<size_t>(lo)] + m_weight[static_cast<size_t>(hi)];
    for (size_t w = 0; w < d.size(); ++w)
        for (uint64_t bits = d[w] & a[w]; bits; bits &= bits - 1) {
            const int p = static_cast<int>(w * 64) + __builtin_ctzll(bits);
            ++count;
            weight += m_weight[static_cast<size_t>(p)];
        }
    return count <= m_nodeCap && static_cast<double>(weight) <= m_weightCap;
}

double CutRatioBound::lowerModel(const std::vector<int> &positions) const
{
    std::vector<char> in(static_cast<size_t>(m_n), 0);
    double v = 0;
    for (int p : positions) {
        in[static_cast<size_t>(p)] = 1;
        v += m_gamma[static_cast<size_t>(p)];
    }
    // Only the tensors touching the set can cross its boundary; summed in index order, as over
    // all of them (the others add nothing).
    std::vector<int> touched;
    for (int p : positions)
        touched.insert(touched.end(), m_hyperOf[static_cast<size_t>(p)].begin(), m_hyperOf[static_cast<size_t>(p)].end());
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    for (int k : touched) {
        const Hyper &h = m_hyper[static_cast<size_t>(k)];
        bool anyIn = false, anyOut = h.fixedOut;
        for (int p : h.members)
            (in[static_cast<size_t>(p)] ? anyIn : anyOut) = true;
        if (anyIn && anyOut)
            v += h.bytes;
    }
    return v;
}

void CutRatioBound::prepare(const std::vector<int> &in, const std::vector<int> &out) const
{
    Family &g = m_family;
    g.local.assign(static_cast<size_t>(m_n), -1);
    std::vector<char> forced(static_cast<size_t>(m_n), 0), barred(static_cast<size_t>(m_n), 0);
    for (int x : in)
        forced[static_cast<size_t>(x)] = 1;
    for (int x : out)
        barred[static_cast<size_t>(x)] = 1;
    g.infeasible = false;
    int64_t forcedWeight = 0;
    g.forcedShare = 0;
    for (int x : in) {
        forcedWeight += m_weight[static_cast<size_t>(x)];
        g.forcedShare += m_share[static_cast<size_t>(x)];
        for (int y : in)
            if (y != x && !reachable(y, x))
                g.infeasible = true; // their path interval alone breaks a limit
    }
    g.forcedWeight = static_cast<double>(forcedWeight);
    if (g.forcedWeight > m_weightCap || static_cast<double>(in.size()) > m_nodeCap)
        g.infeasible = true;
    std::vector<char> allowed(static_cast<size_t>(m_n), 0);
    for (int i = 0; i < m_n; ++i) {
        bool ok = forced[static_cast<size_t>(i)] || !barred[static_cast<size_t>(i)];
        for (size_t k = 0; k < in.size() && ok && !forced[static_cast<size_t>(i)]; ++k)
            ok = reachable(i, in[k]);
        allowed[static_cast<size_t>(i)] = ok;
    }
    // Convexity around the forced layers: an ancestor u of x in S brings every layer on its paths
    // to x (u -> y for its successors y on such paths), a descendant every layer on the paths from x.
    std::vector<std::pair<int, int>> implies;
    for (int x : in)
        for (int u = 0; u < m_n; ++u) {
            if (u == x || !allowed[static_cast<size_t>(u)])
                continue;
            const bool up = ancestor(u, x), down = !up && ancestor(x, u);
            if (!up && !down)
                continue;
            for (int y : up ? m_succ[static_cast<size_t>(u)] : m_pred[static_cast<size_t>(u)])
                if (y == x || (up ? ancestor(y, x) : ancestor(x, y)))
                    implies.emplace_back(u, y);
        }
    // A layer that would bring a barred one is barred too (to a fixed point).
    for (bool changed = true; changed;) {
        changed = false;
        for (const auto &[u, y] : implies)
            if (allowed[static_cast<size_t>(u)] && !allowed[static_cast<size_t>(y)] && !forced[static_cast<size_t>(u)]) {
                allowed[static_cast<size_t>(u)] = 0;
                changed = true;
            }
    }
    g.positions.clear();
    for (int i = 0; i < m_n; ++i)
        if (allowed[static_cast<size_t>(i)]) {
            g.local[static_cast<size_t>(i)] = static_cast<int>(g.positions.size());
            g.positions.push_back(i);
        }
    for (const auto &[u, y] : implies)
        if (allowed[static_cast<size_t>(u)] && !allowed[static_cast<size_t>(y)])
            g.infeasible = true; // a forced layer would bring a barred one: no usable S
    g.implies.clear();
    for (const auto &[u, y] : implies)
        if (allowed[static_cast<size_t>(u)] && allowed[static_cast<size_t>(y)])
            g.implies.emplace_back(g.local[static_cast<size_t>(u)], g.local[static_cast<size_t>(y)]);
    // The hyperedges restricted to the allowed layers: a barred member is never in S.
    g.hyper.clear();
    g.single.assign(g.positions.size(), 0);
    for (const Hyper &h : m_hyper) {
        Hyper r;
        r.bytes = h.bytes;
        r.fixedOut = h.fixedOut;
        for (int m : h.members) {
            const int l = g.local[static_cast<size_t>(m)];
            if (l < 0)
                r.fixedOut = true;
            else
                r.members.push_back(l);
        }
        if (r.members.empty())
            continue;
        if (r.fixedOut && r.members.size() == 1)
            g.single[static_cast<size_t>(r.members[0])] += r.bytes; // crosses whenever its one member is in S
        else
            g.hyper.push_back(std::move(r));
    }
    g.forced.clear();
    for (int x : in)
        g.forced.push_back(g.local[static_cast<size_t>(x)]);
}

// min over S ⊇ the forced layers (within the prepared family's layers) of L(S) − r·c(S) + μ·w(S) + κ·|S|.
double CutRatioBound::minimum(double r, double mu, double kappa, std::vector<int> *set,
                              const std::vector<double> *charge) const
{
    ++m_cuts;
    const Family &pg = m_family;
    set->clear();
    if (pg.infeasible)
        return kInf;
    const int n = static_cast<int>(pg.positions.size());
    // Nodes: 0 source (in S), 1 sink, 2 + local layer, then the hyperedges' auxiliary nodes.
    int nodes = 2 + n;
    for (const Hyper &h : pg.hyper)
        if (h.fixedOut || h.members.size() > 2)
            nodes += h.fixedOut ? 1 : 2;
    MaxFlow g(nodes);
    double constant = 0, scale = 0;
    int aux = 2 + n;
    for (const Hyper &h : pg.hyper) {
        scale += h.bytes;
        if (!h.fixedOut && h.members.size() == 2) {
            g.addArc(2 + h.members[0], 2 + h.members[1], h.bytes, h.bytes); // crosses when they part
            continue;
        }
        // bytes·[some member in S]: a member in S drags p to the source side, p→sink pays.
        const int p = aux++;
        for (int m : h.members)
            g.addArc(2 + m, p, kInf);
        g.addArc(p, 1, h.bytes);
        if (!h.fixedOut) {
            // + bytes·[some member not in S] − bytes: q stays with the source only if all are in.
            const int q = aux++;
            g.addArc(0, q, h.bytes);
            for (int m : h.members)
                g.addArc(q, 2 + m, kInf);
            constant -= h.bytes;
        }
    }
    for (const auto &[u, y] : pg.implies)
        g.addArc(2 + u, 2 + y, kInf);
    for (int l = 0; l < n; ++l) {
        const size_t i = static_cast<size_t>(pg.positions[static_cast<size_t>(l)]);
        const double c = m_gamma[i] - (charge ? (*charge)[i] : r * m_share[i]) + mu * static_cast<double>(m_weight[i]) + kappa
            + pg.single[static_cast<size_t>(l)];
        scale += std::abs(c);
        if (std::find(pg.forced.begin(), pg.forced.end(), l) != pg.forced.end()) {
            constant += c;
            g.addArc(0, 2 + l, kInf);
        } else if (c >= 0) {
            g.addArc(2 + l, 1, c);
        } else {
            constant += c;
            g.addArc(0, 2 + l, -c);
        }
    }
    const double flow = g.run(0, 1, 1e-13 * (scale + 1), kInf);
    if (flow >= kInf)
        return kInf; // no S satisfies the constraints: every r is certified (vacuously)
    std::vector<char> side;
    g.sourceSide(0, &side);
    for (int l = 0; l < n; ++l)
        if (side[static_cast<size_t>(2 + l)])
            set->push_back(pg.positions[static_cast<size_t>(l)]);
    return flow + constant;
}

// The largest r that (μ, κ) certifies for the pair, by Dinkelbach's method on
// h(r) = min_S A(S) − r·c(S): from r = 1 down to the root, each step the ratio of the last
// minimiser. 0 when nothing is certified.
double CutRatioBound::ratioAt(double mu, double kappa, std::vector<int> *minimiser) const
{
    const double constant = -mu * m_weightCap - kappa * m_nodeCap;
    const double pairShare = m_family.forcedShare;
    std::vector<int> set;
    double r = 1;
    for (int step = 0; step < kDinkelbachSteps; ++step) {
        const double m = minimum(r, mu, kappa, &set);
        if (m >= kInf)
            return 1;
        const double h = m + constant;
        const double tol = 1e-9 * (std::abs(r) * pairShare + std::abs(constant) + 1e-300);
        if (h >= -tol) {
            // Certified with a margin that covers the tolerance and the flow's rounding: every S
            // of the family holds the forced layers, so c(S) >= their shares.
            const double certified = r - 4 * tol / pairShare - 1e-9 * std::abs(r);
            if (minimiser)
                *minimiser = set;
            return std::max(0.0, std::min(1.0, certified));
        }
        double aS = lowerModel(set), cS = 0;
        for (int p : set) {
            aS += mu * static_cast<double>(m_weight[static_cast<size_t>(p)]) + kappa;
            cS += m_share[static_cast<size_t>(p)];
        }
        const double next = (aS + constant) / cS;
        if (!(next < r) || next <= 0)
            return 0; // the minimiser's ratio does not fall (rounding) or nothing positive is left
        r = next;
    }
    return 0;
}

double CutRatioBound::certify(std::vector<int> *minimiser) const
{
    if (m_family.infeasible)
        return 1; // no usable subgraph holds the forced layers
    double best = ratioAt(0, 0, minimiser);
    if (best >= 1)
        return 1;
    const double share = m_family.forcedShare, w = m_family.forcedWeight, count = static_cast<double>(m_family.forced.size());
    // A multiplier so large that the forced layers alone go negative at r = 0 certifies nothing.
    const double muHi = m_weightCap > w ? 2 * share / (m_weightCap - w) : 0;
    const double kappaHi = m_nodeCap > count ? 2 * share / (m_nodeCap - count) : 0;
    double mu = 0, kappa = 0;
    // R(μ, κ) is concave (the upper boundary of the convex set {(r, μ, κ): h >= 0}): golden-section
    // search along one multiplier at a time.
    auto golden = [&](bool alongMu, double hi) {
        std::vector<int> sets[2];
        const GoldenResult g = goldenMax(hi, kGoldenSteps, [&](double x, int slot) {
            std::vector<int> *m = &sets[slot];
            return alongMu ? ratioAt(x, kappa, m) : ratioAt(mu, x, m);
        });
        if (g.value > best) {
            best = g.value;
            (alongMu ? mu : kappa) = g.x;
            if (minimiser)
                *minimiser = sets[g.slot];
        }
    };
    for (int round = 0; round < kMultiplierRounds && best < 1; ++round) {
        if (muHi > 0)
            golden(true, muHi);
        if (kappaHi > 0)
            golden(false, kappaHi);
    }
    return std::min(best, 1.0);
}

double CutRatioBound::pairRatio(int a, int b) const
{
    if (m_nodeCap < 2)
        return 1; // no usable subgraph holds both
    // The family of every S ⊇ {a, b} is certified as a whole; while the weakest part's minimiser
    // breaks a limit, that part is split on the minimiser's first layer f not yet forced: S ∋ f
    // (convexity and the intervals around f narrow it) and S ∌ f. The parts cover the family, so
    // the smallest certified r over them holds for all of it.
    struct Part {
        std::vector<int> in, out, minimiser;
        double r = 0;
    };
    auto solve = [&](Part &p) {
        prepare(p.in, p.out);
        p.minimiser.clear();
        p.r = certify(&p.minimiser);
    };
    std::vector<Part> parts(1);
    parts[0].in = {a, b};
    solve(parts[0]);
    for (int split = 0; split < m_branchLimit; ++split) {
        size_t w = 0;
        for (size_t k = 1; k < parts.size(); ++k)
            if (parts[k].r < parts[w].r)
                w = k;
        Part &weak = parts[w];
        if (weak.r >= 1 || weak.minimiser.empty())
            break;
        double weight = 0;
        for (int p : weak.minimiser)
            weight += static_cast<double>(m_weight[static_cast<size_t>(p)]);
        if (static_cast<double>(weak.minimiser.size()) <= m_nodeCap && weight <= m_weightCap)
            break; // the minimiser keeps both limits: splitting on them cannot lift this part
        int f = -1;
        for (int p : weak.minimiser)
            if (std::find(weak.in.begin(), weak.in.end(), p) == weak.in.end()) {
                f = p;
                break;
            }
        if (f < 0)
            break;
        Part with = weak, without = weak;
        with.in.push_back(f);
        without.out.push_back(f);
        solve(with);
        solve(without);
        // A part is in the family, so the family's certificate holds for it too (the multiplier
        // search may not find it again).
        with.r = std::max(with.r, weak.r);
        without.r = std::max(without.r, weak.r);
        parts[w] = std::move(with);
        parts.push_back(std::move(without));
    }
    double r = 1;
    for (const Part &p : parts)
        r = std::min(r, p.r);
    return r;
}

bool CutRatioBound::ratios(std::vector<double> *r, const std::function<bool()> &stop, int splits, bool keepDone) const
{
    m_branchLimit = std::max(0, splits);
    m_cuts = 0;
    r->assign(static_cast<size_t>(m_n), 0.0);
    if (!m_available)
        return true;
    std::vector<double> low(static_cast<size_t>(m_n), 1.0);
    std::vector<int> open(static_cast<size_t>(m_n), 0); // pairs at each position not yet certified
    for (const auto &[a, b] : m_pairs) {
        ++open[static_cast<size_t>(a)];
        ++open[static_cast<size_t>(b)];
    }
    for (const auto &[a, b] : m_pairs) {
        if (stop && stop()) {
            // A layer whose pairs are not all done has no certificate: it stays 0.
            if (keepDone)
                for (size_t p = 0; p < low.size(); ++p)
                    (*r)[p] = open[p] == 0 ? low[p] : 0.0;
            return false;
        }
        const double x = pairRatio(a, b);
        for (int p : {a, b}) {
            low[static_cast<size_t>(p)] = std::min(low[static_cast<size_t>(p)], x);
            --open[static_cast<size_t>(p)];
        }
    }
    *r = low;
    return true;
}

} // namespace cocco
