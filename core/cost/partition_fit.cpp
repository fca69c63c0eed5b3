#include "cost_model.h"

#include <algorithm>

namespace cocco {

Partition splitToFit(const CostModel &m, const Partition &p, const HardwareConfig &hw, int *splitCount)
{
    const Network &net = m.network();
    Partition out;
    out.label.assign(net.size(), -1);
    int next = 0, splits = 0;
    std::vector<int> piece, sorted;
    auto profileOf = [&](const std::vector<int> &layers) {
        sorted = layers;
        std::sort(sorted.begin(), sorted.end());
        return m.profile(sorted);
    };
    for (std::vector<int> group : subgraphsOf(p)) {
        if (group.size() == 1 || CostModel::fits(*profileOf(group), hw)) {
            for (int u : group)
                out.label[static_cast<size_t>(u)] = next;
            ++next;
            continue;
        }
        ++splits;
        std::sort(group.begin(), group.end(), [&](int a, int b) { return net.topoIndex(a) < net.topoIndex(b); });
        piece.clear();
        for (int v : group) {
            piece.push_back(v);
            if (piece.size() == 1)
                continue;
            auto prof = profileOf(piece);
            if (prof->connected && CostModel::fits(*prof, hw))
                continue;
            piece.pop_back();
            for (int u : piece)
                out.label[static_cast<size_t>(u)] = next;
            ++next;
            piece.assign(1, v);
        }
        for (int u : piece)
            out.label[static_cast<size_t>(u)] = next;
        ++next;
    }
    if (splitCount)
        *splitCount = splits;
    // Labels are already compact and in the original order; normalized() would renumber by first
    // appearance, which can reorder interleaved subgraphs and break rule 1.
    return out;
}

} // namespace cocco
