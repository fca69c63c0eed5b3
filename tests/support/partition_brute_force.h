// Brute force over every set partition of a small network's compute layers, and small weighted
// DAGs to run it on: the reference the exact searches and bounds are tested against. Nothing of
// the searches is used, only checkPartition and CostModel::totals.
#pragma once

#include "cost/cost_model.h"
#include "search/search.h"
#include "support/random_dag.h"
#include "zoo/net_builder.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace testsupport {

// The objectives bruteForce() returns, in this order.
inline constexpr cocco::Objective kObjectives[] = {cocco::Objective::Ema, cocco::Objective::Energy,
                                                   cocco::Objective::Latency, cocco::Objective::Cost};

using namespace cocco;

// Weighted layers (random_dag.h's have none): 16-channel 1x1 / 3x3 convolutions and adds, each
// reading one of the three newest tensors, so that the weight buffer cuts the graph too.
inline cocco::Network weightedDag(int n, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    NetBuilder b("weighted" + std::to_string(seed));
    std::vector<int> ids{b.input("in", 16, 16, 16)};
    auto recent = [&] { return ids[ids.size() - 1 - static_cast<size_t>(rng() % std::min<size_t>(3, ids.size()))]; };
    for (int i = 0; i < n; ++i) {
        const std::string name = "l" + std::to_string(i);
        const int a = recent();
        const int c = recent();
        if (ids.size() >= 3 && a != c && rng() % 3 == 0) {
            ids.push_back(b.add(name, {a, c}));
        } else {
            const int k = rng() % 2 == 0 ? 1 : 3;
            ids.push_back(b.conv(name, a, 16, k, 1, (k - 1) / 2));
        }
    }
    auto net = b.finish();
    if (!net.ok()) {
        std::fprintf(stderr, "weighted DAG: %s\n", net.message().c_str());
        std::abort();
    }
    return std::move(net).value();
}

// A small test network of `computeLayers` layers: odd seeds random_dag.h's (no weights), even
// seeds weightedDag's.
inline std::shared_ptr<const cocco::Network> smallDag(int computeLayers, uint64_t seed)
{
    return std::make_shared<const cocco::Network>(seed % 2 ? randomDag(computeLayers + 1, seed)
                                                           : weightedDag(computeLayers, seed));
}

// Labels in execution order for a block assignment of the compute layers, or empty when the
// blocks' quotient graph has a cycle (no execution order exists).
inline std::vector<int> executionLabels(const cocco::Network &net, const std::vector<int> &block, int blocks)
{
    std::vector<std::vector<int>> next(static_cast<size_t>(blocks));
    std::vector<int> indegree(static_cast<size_t>(blocks), 0);
    for (int v : net.computeOrder())
        for (int u : net.preds(v)) {
            const int a = block[static_cast<size_t>(u)], b = block[static_cast<size_t>(v)];
            if (a >= 0 && a != b) {
                next[static_cast<size_t>(a)].push_back(b);
                ++indegree[static_cast<size_t>(b)];
            }
        }
    std::vector<int> rank(static_cast<size_t>(blocks), -1), ready;
    for (int k = 0; k < blocks; ++k)
        if (indegree[static_cast<size_t>(k)] == 0)
            ready.push_back(k);
    int done = 0;
    while (!ready.empty()) {
        const int k = ready.back();
        ready.pop_back();
        rank[static_cast<size_t>(k)] = done++;
        for (int s : next[static_cast<size_t>(k)])
            if (--indegree[static_cast<size_t>(s)] == 0)
                ready.push_back(s);
    }
    if (done != blocks)
        return {};
    std::vector<int> label(block.size(), -1);
    for (size_t i = 0; i < block.size(); ++i)
        if (block[i] >= 0)
            label[i] = rank[static_cast<size_t>(block[i])];
    return label;
}

// The optimum of every objective over every set partition of the compute layers (restricted
// growth strings) that the rules of method §1 and the cost model accept: nothing of the searches
// is used, only checkPartition and CostModel::totals.
inline std::vector<double> bruteForce(const cocco::CostModel &m, const cocco::HardwareConfig &hw, double alpha)
{
    const Network &net = m.network();
    const auto &order = net.computeOrder();
    const size_t n = order.size();
    std::vector<double> best(4, std::numeric_limits<double>::infinity());
    std::vector<int> rgs(n, 0), block(net.size(), -1);
    for (;;) {
        int blocks = 0;
        for (size_t i = 0; i < n; ++i) {
            block[static_cast<size_t>(order[i])] = rgs[i];
            blocks = std::max(blocks, rgs[i] + 1);
        }
        const std::vector<int> label = executionLabels(net, block, blocks);
        if (!label.empty()) {
            Partition p;
            p.label = label;
            const PartitionCost c = m.totals(p, hw);
            if (checkPartition(net, p, hw.maxSubgraphNodes).ok() && c.valid)
                for (size_t o = 0; o < 4; ++o)
                    best[o] = std::min(best[o], objectiveValue(c, hw, kObjectives[o], alpha));
        }
        size_t i = n - 1;
        for (; i > 0; --i) {
            const int prefixMax = *std::max_element(rgs.begin(), rgs.begin() + static_cast<std::ptrdiff_t>(i));
            if (rgs[i] <= prefixMax) {
                ++rgs[i];
                break;
            }
            rgs[i] = 0;
        }
        if (i == 0)
            return best;
    }
}

} // namespace testsupport
