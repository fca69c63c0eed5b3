// Archive of non-dominated designs over (buffer bytes, energy pJ, EMA bytes, average bandwidth
// GB/s, latency cycles), all minimised. Capped: when it grows past the cap it is thinned by
// crowding distance (deterministic: ties keep the older point).
#pragma once

#include "search/framework/design_space.h"

#include <array>
#include <vector>

namespace cocco {

class ParetoArchive {
public:
    static constexpr int kDims = 5;
    struct Entry {
        std::array<double, kDims> v{}; // buffer, energy, EMA, bw avg, latency
        double bwPeakGBps = 0;
        double objective = 0;
        int64_t seq = 0;               // sample number that found it
        Genome genome;
    };

    explicit ParetoArchive(size_t cap = 500) : m_cap(cap) {}
    // Offers one evaluated sample; true if it entered the archive.
    bool offer(const SampleEval &e, const Genome &g, int64_t seq);
    // Entries sorted by buffer bytes, then energy.
    std::vector<Entry> sorted() const;
    size_t size() const { return m_entries.size(); }
    size_t cap() const { return m_cap; }

    // a dominates b: no worse in every dimension, better in one.
    static bool dominates(const std::array<double, kDims> &a, const std::array<double, kDims> &b);

private:
    void thin(size_t target);
    size_t m_cap;
    std::vector<Entry> m_entries;
};

// Non-dominated subset of 2-D points (x, y both minimised); returns indices sorted by x.
std::vector<size_t> paretoFront2d(const std::vector<double> &x, const std::vector<double> &y);

} // namespace cocco
