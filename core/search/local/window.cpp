#include "search/local/window.h"

#include "search/baselines/baselines.h"

#include <algorithm>

namespace cocco {

bool repartitionWindow(RunContext &run, Genome &g, int first, int count, WindowMethod method, int64_t grant, EvalMemo *memo)
{
    if (grant <= 0)
        return false;
    const DesignSpace &space = run.space();
    const Network &net = space.network();
    if (g.groups <= 0 || count <= 0)
        return false;
    first = std::clamp(first, 0, g.groups - 1);
    const int last = std::min(g.groups, first + count);
    std::vector<std::vector<int>> members(static_cast<size_t>(g.groups));
    std::vector<int> window; // topological order
    for (int v : space.order()) {
        const int l = g.label[static_cast<size_t>(v)];
        if (l < 0 || l >= g.groups)
            return false; // not canonical
        members[static_cast<size_t>(l)].push_back(v);
        if (l >= first && l < last)
            window.push_back(v);
    }
    if (method == WindowMethod::Exact && window.size() > kExactWindowLayers)
        return false;
    SubgraphEvaluator::Options opt;
    opt.grant = grant;
    opt.reportsProgress = false; // only the algorithm reports
    opt.memo = memo;
    SubgraphEvaluator ctx(run, space.hardwareOf(g), opt);
    // Replaces the window by `segments` subgraphs, segmentOf[layer] in 0..segments-1 numbered in
    // a topological order of the new subgraphs.
    auto apply = [&](const std::vector<int> &segmentOf, int segments) {
        for (int v : space.order()) {
            int &l = g.label[static_cast<size_t>(v)];
            if (l >= last)
                l += segments - (last - first);
        }
        for (int v : window)
            g.label[static_cast<size_t>(v)] = first + segmentOf[static_cast<size_t>(v)];
        g.groups += segments - (last - first);
        g.grow = false;
        return true;
    };
    StopReason stop = StopReason::Completed;
    if (method == WindowMethod::Dp) {
        // Any contiguous cut of a topological order of the window keeps rule 1.
        std::sort(window.begin(), window.end(), [&](int x, int y) {
            return net.depth(x) != net.depth(y) ? net.depth(x) < net.depth(y) : x < y;
        });
        int done = 0;
        const std::vector<int> from = baseline::dpCut(ctx, window, stop, &done);
        const int n = static_cast<int>(window.size());
        if (stop != StopReason::Completed || done != n || from[static_cast<size_t>(n)] < 0)
            return false;
        std::vector<int> starts;
        for (int i = n; i > 0; i = from[static_cast<size_t>(i)])
            starts.push_back(from[static_cast<size_t>(i)]);
        std::reverse(starts.begin(), starts.end());
        const int segments = static_cast<int>(starts.size());
        std::vector<int> segmentOf(net.size(), -1);
        for (int k = 0; k < segments; ++k) {
            const int end = k + 1 < segments ? starts[static_cast<size_t>(k + 1)] : n;
            for (int i = starts[static_cast<size_t>(k)]; i < end; ++i)
                segmentOf[static_cast<size_t>(window[static_cast<size_t>(i)])] = k;
        }
        return apply(segmentOf, segments);
    }
    if (method == WindowMethod::Exact) {
        // Bounded below the window's current cost (exactCut adds a 1e-9 rounding tolerance):
        // only a strictly better re-partition comes back.
        double current = 0;
        std::vector<int> sorted;
        for (int l = first; l < last; ++l) {
            sorted = members[static_cast<size_t>(l)];
            std::sort(sorted.begin(), sorted.end());
            current += ctx.evaluate(sorted).value;
        }
        const std::vector<int> segmentOf = baseline::exactCut(ctx, window, current * (1 - 2e-9) - 2e-9, kExactWindowStates, stop);
        if (stop != StopReason::Optimal || segmentOf.empty())
            return false;
        int segments = 0;
        for (int l : segmentOf)
            segments = std::max(segments, l + 1);
        return apply(segmentOf, segments);
    }
    // Group ids in label order, the window's layers one by one in topological order: a
    // topological order of the quotient DAG, as greedyMerge requires.
    std::vector<int> group(net.size(), -1);
    std::vector<char> mergeable;
    for (int l = 0; l < g.groups; ++l) {
        const bool inWindow = l >= first && l < last;
        for (int v : members[static_cast<size_t>(l)]) {
            if (inWindow || v == members[static_cast<size_t>(l)].front())
                mergeable.push_back(inWindow ? 1 : 0);
            group[static_cast<size_t>(v)] = static_cast<int>(mergeable.size()) - 1;
        }
    }
    std::vector<int> merged = baseline::greedyMerge(ctx, group, mergeable, stop);
    if (stop != StopReason::Completed)
        return false;
    g.groups = 0;
    for (int l : merged)
        g.groups = std::max(g.groups, l + 1);
    g.label = std::move(merged);
    g.grow = false;
    return true;
}

} // namespace cocco
