#include "search/framework/pareto.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace cocco {

bool ParetoArchive::dominates(const std::array<double, kDims> &a, const std::array<double, kDims> &b)
{
    bool better = false;
    for (int i = 0; i < kDims; ++i) {
        if (a[static_cast<size_t>(i)] > b[static_cast<size_t>(i)])
            return false;
        if (a[static_cast<size_t>(i)] < b[static_cast<size_t>(i)])
            better = true;
    }
    return better;
}

bool ParetoArchive::offer(const SampleEval &e, const Genome &g, int64_t seq)
{
    const std::array<double, kDims> v{double(e.bufferBytes), e.energyPj, e.emaBytes, e.bwAvgGBps, e.latencyCycles};
    for (const Entry &x : m_entries)
        if (x.v == v || dominates(x.v, v))
            return false;
    m_entries.erase(std::remove_if(m_entries.begin(), m_entries.end(),
                                   [&](const Entry &x) { return dominates(v, x.v); }),
                    m_entries.end());
    Entry en;
    en.v = v;
    en.bwPeakGBps = e.bwPeakGBps;
    en.objective = e.objective;
    en.seq = seq;
    en.genome = g;
    m_entries.push_back(std::move(en));
    if (m_entries.size() > m_cap + m_cap / 5)
        thin(m_cap);
    return true;
}

void ParetoArchive::thin(size_t target)
{
    const size_t n = m_entries.size();
    if (n <= target)
        return;
    std::vector<double> crowd(n, 0.0);
    std::vector<size_t> idx(n);
    for (int d = 0; d < kDims; ++d) {
        std::iota(idx.begin(), idx.end(), size_t(0));
        std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
            const double va = m_entries[a].v[static_cast<size_t>(d)], vb = m_entries[b].v[static_cast<size_t>(d)];
            return va != vb ? va < vb : m_entries[a].seq < m_entries[b].seq;
        });
        const double lo = m_entries[idx.front()].v[static_cast<size_t>(d)];
        const double hi = m_entries[idx.back()].v[static_cast<size_t>(d)];
        if (!(hi > lo))
            continue;
        crowd[idx.front()] = std::numeric_limits<double>::infinity();
        crowd[idx.back()] = std::numeric_limits<double>::infinity();
        for (size_t k = 1; k + 1 < n; ++k)
            crowd[idx[k]] += (m_entries[idx[k + 1]].v[static_cast<size_t>(d)] - m_entries[idx[k - 1]].v[static_cast<size_t>(d)]) / (hi - lo);
    }
    std::iota(idx.begin(), idx.end(), size_t(0));
    std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
        return crowd[a] != crowd[b] ? crowd[a] > crowd[b] : m_entries[a].seq < m_entries[b].seq;
    });
    idx.resize(target);
    std::sort(idx.begin(), idx.end());
    std::vector<Entry> kept;
    kept.reserve(target);
    for (size_t i : idx)
        kept.push_back(std::move(m_entries[i]));
    m_entries = std::move(kept);
}

std::vector<ParetoArchive::Entry> ParetoArchive::sorted() const
{
    std::vector<Entry> out = m_entries;
    std::sort(out.begin(), out.end(), [](const Entry &a, const Entry &b) {
        if (a.v[0] != b.v[0])
            return a.v[0] < b.v[0];
        if (a.v[1] != b.v[1])
            return a.v[1] < b.v[1];
        return a.seq < b.seq;
    });
    return out;
}

std::vector<size_t> paretoFront2d(const std::vector<double> &x, const std::vector<double> &y)
{
    std::vector<size_t> idx(x.size());
    std::iota(idx.begin(), idx.end(), size_t(0));
    std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
        if (x[a] != x[b])
            return x[a] < x[b];
        if (y[a] != y[b])
            return y[a] < y[b];
        return a < b;
    });
    std::vector<size_t> front;
    double bestY = std::numeric_limits<double>::infinity();
    for (size_t i : idx)
        if (y[i] < bestY) {
            front.push_back(i);
            bestY = y[i];
        }
    return front;
}

} // namespace cocco
