// Random valid partitions for property tests and benchmarks.
#pragma once

#include "model/network.h"
#include "model/partition.h"

#include <algorithm>
#include <random>
#include <vector>

namespace testsupport {

// Each layer joins the subgraph of its latest producer with probability `join` (keeping rule 1
// and weak connectivity) or opens a new one; subgraphs stay within maxNodes layers.
inline cocco::Partition randomPartition(const cocco::Network &net, std::mt19937_64 &rng, double join, int maxNodes)
{
    cocco::Partition p;
    p.label.assign(net.size(), -1);
    std::vector<int> size;
    std::bernoulli_distribution coin(join);
    for (int v : net.computeOrder()) {
        int best = -1;
        for (int u : net.preds(v))
            best = std::max(best, p.label[static_cast<size_t>(u)]);
        if (best >= 0 && size[static_cast<size_t>(best)] < maxNodes && coin(rng)) {
            p.label[static_cast<size_t>(v)] = best;
            ++size[static_cast<size_t>(best)];
        } else {
            p.label[static_cast<size_t>(v)] = static_cast<int>(size.size());
            size.push_back(1);
        }
    }
    return p;
}

} // namespace testsupport
