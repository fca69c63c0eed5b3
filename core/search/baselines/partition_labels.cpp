// Partitions from set partitions: labels in an execution order of the subgraph DAG.
#include "search/baselines/baselines.h"

#include <algorithm>
#include <queue>
#include <tuple>

namespace cocco {
namespace baseline {

Partition labelInExecutionOrder(const Network &net, const std::vector<int> &group)
{
    // Compact the group ids and find each group's smallest topological index.
    int maxGroup = -1;
    for (int g : group)
        maxGroup = std::max(maxGroup, g);
    const size_t ng = static_cast<size_t>(maxGroup + 1);
    std::vector<int> firstTopo(ng, -1);
    for (int u : net.computeOrder()) {
        const int g = group[static_cast<size_t>(u)];
        if (g >= 0 && firstTopo[static_cast<size_t>(g)] < 0)
            firstTopo[static_cast<size_t>(g)] = net.topoIndex(u);
    }
    // Quotient edges as in-degrees and adjacency lists (duplicates are harmless: counted both ways).
    std::vector<int> indeg(ng, 0);
    std::vector<std::vector<int>> succ(ng);
    for (int v : net.computeOrder())
        for (int u : net.preds(v)) {
            const int gu = group[static_cast<size_t>(u)], gv = group[static_cast<size_t>(v)];
            if (gu >= 0 && gv >= 0 && gu != gv) {
                succ[static_cast<size_t>(gu)].push_back(gv);
                ++indeg[static_cast<size_t>(gv)];
            }
        }
    using Item = std::pair<int, int>; // (first topological index, group)
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> ready;
    for (size_t g = 0; g < ng; ++g)
        if (firstTopo[g] >= 0 && indeg[g] == 0)
            ready.emplace(firstTopo[g], static_cast<int>(g));
    std::vector<int> newLabel(ng, -1);
    int next = 0;
    while (!ready.empty()) {
        const int g = ready.top().second;
        ready.pop();
        newLabel[static_cast<size_t>(g)] = next++;
        for (int h : succ[static_cast<size_t>(g)])
            if (--indeg[static_cast<size_t>(h)] == 0)
                ready.emplace(firstTopo[static_cast<size_t>(h)], h);
    }
    Partition p;
    p.label.assign(net.size(), -1);
    for (int u : net.computeOrder()) {
        const int g = group[static_cast<size_t>(u)];
        // A cyclic quotient (a caller bug) leaves groups unlabelled; checkPartition reports it.
        p.label[static_cast<size_t>(u)] = g >= 0 ? newLabel[static_cast<size_t>(g)] : -1;
    }
    return p;
}

Partition singletonPartition(const Network &net)
{
    std::vector<int> group(net.size(), -1);
    int k = 0;
    for (int u : net.computeOrder())
        group[static_cast<size_t>(u)] = k++;
    return labelInExecutionOrder(net, group);
}

} // namespace baseline
} // namespace cocco
