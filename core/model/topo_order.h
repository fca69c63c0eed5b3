// Kahn's topological sort with a min-heap on the node id: a deterministic order that keeps the
// input order wherever the edges allow (the network's layers, an ONNX graph's nodes).
#pragma once

#include <cstddef>
#include <functional>
#include <queue>
#include <vector>

namespace cocco {

// `succs[u]`: the nodes u feeds; `indeg[v]`: v's in-degree, consumed. On a cycle the order is
// shorter than the graph and the nodes on or after the cycle keep an in-degree above zero.
inline std::vector<int> minHeapTopoOrder(const std::vector<std::vector<int>> &succs, std::vector<int> &indeg)
{
    std::vector<int> order;
    order.reserve(indeg.size());
    std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
    for (size_t i = 0; i < indeg.size(); ++i)
        if (indeg[i] == 0)
            ready.push(static_cast<int>(i));
    while (!ready.empty()) {
        const int u = ready.top();
        ready.pop();
        order.push_back(u);
        for (int v : succs[static_cast<size_t>(u)])
            if (--indeg[static_cast<size_t>(v)] == 0)
                ready.push(v);
    }
    return order;
}

} // namespace cocco
