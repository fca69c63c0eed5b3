// Depth-ordered DP (method §6). Layers sorted by (longest-path depth, id) form a topological
// order (an edge u -> v has depth(u) < depth(v)), so labelling contiguous segments 0, 1, 2, ...
// always keeps rule 1, and each segment is convex; only weak connectivity (rule 2), the size limit
// (rule 3) and the fit need checking. On a chain this enumerates every valid partition, so the DP
// is optimal there; on branchy graphs parallel branches interleave in the order and the DP only
// sees partitions whose subgraphs are contiguous in it.
#include "search/baselines/baselines.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace cocco {

namespace {

int findRoot(std::vector<int> &parent, int x)
{
    while (parent[static_cast<size_t>(x)] != x) {
        parent[static_cast<size_t>(x)] = parent[static_cast<size_t>(parent[static_cast<size_t>(x)])];
        x = parent[static_cast<size_t>(x)];
    }
    return x;
}

} // namespace

namespace baseline {

std::vector<int> dpCut(SubgraphEvaluator &ctx, const std::vector<int> &order, StopReason &stop, int *done)
{
    const Network &net = ctx.net();
    const int n = static_cast<int>(order.size());
    std::vector<int> pos(net.size(), -1);
    for (int i = 0; i < n; ++i)
        pos[static_cast<size_t>(order[static_cast<size_t>(i)])] = i;
    std::vector<int64_t> weight(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        weight[static_cast<size_t>(i)] = ctx.layerWeightBytes(order[static_cast<size_t>(i)]);
    const int maxLen = ctx.maxNodes() > 0 ? ctx.maxNodes() : n;
    const int64_t weightCap = ctx.weightCapacity();

    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> best(static_cast<size_t>(n + 1), inf);
    std::vector<int> from(static_cast<size_t>(n + 1), -1);
    best[0] = 0;
    std::vector<int> parent(static_cast<size_t>(n), 0);
    std::vector<int> layers;
    int finished = 0; // best[0..finished] are final
    for (int i = 1; i <= n; ++i) {
        // Segments order[j..i-1] for j = i-1 down to i-maxLen, growing one layer at a time; a
        // union-find over positions tracks the number of weakly connected components.
        layers.clear();
        int components = 0;
        int64_t weights = 0;
        for (int j = i - 1; j >= std::max(0, i - maxLen); --j) {
            const int u = order[static_cast<size_t>(j)];
            parent[static_cast<size_t>(j)] = j;
            ++components;
            auto join = [&](int v) {
                const int pv = pos[static_cast<size_t>(v)];
                if (pv < j || pv >= i)
                    return;
                const int ra = findRoot(parent, j), rb = findRoot(parent, pv);
                if (ra != rb) {
                    parent[static_cast<size_t>(ra)] = rb;
                    --components;
                }
            };
            for (int v : net.preds(u))
                if (pos[static_cast<size_t>(v)] >= 0)
                    join(v);
            for (int v : net.succs(u))
                join(v);
            layers.insert(std::lower_bound(layers.begin(), layers.end(), u), u);
            weights += weight[static_cast<size_t>(j)];
            // Weights only grow as the segment grows: nothing longer fits either.
            if (layers.size() > 1 && weights > weightCap)
                break;
            if (components != 1 || best[static_cast<size_t>(j)] == inf)
                continue;
            const SubgraphEvaluator::Eval e = ctx.evaluate(layers);
            if (!e.ok)
                continue;
            const double v = best[static_cast<size_t>(j)] + e.value;
            if (v < best[static_cast<size_t>(i)]) {
                best[static_cast<size_t>(i)] = v;
                from[static_cast<size_t>(i)] = j;
            }
            if (ctx.shouldStop(&stop))
                break;
        }
        if (stop != StopReason::Completed)
            break;
        finished = i;
        ctx.reportProgress(best[static_cast<size_t>(i)], "dp");
    }
    if (done)
        *done = finished;
    return from;
}

} // namespace baseline

BaselineOutcome dpPartition(SubgraphEvaluator &ctx)
{
    const Network &net = ctx.net();
    std::vector<int> order = net.computeOrder();
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        return net.depth(a) != net.depth(b) ? net.depth(a) < net.depth(b) : a < b;
    });
    const int n = static_cast<int>(order.size());
    BaselineOutcome out;
    int done = 0;
    const std::vector<int> from = baseline::dpCut(ctx, order, out.stop, &done);

    // Segments of the optimal prefix; after a cancel or time limit the rest stays in singletons
    // so the partition is still valid.
    std::vector<int> group(net.size(), -1);
    int next = 0;
    for (int i = n; i > done; --i)
        group[static_cast<size_t>(order[static_cast<size_t>(i - 1)])] = next++;
    for (int i = done; i > 0; i = from[static_cast<size_t>(i)]) {
        for (int k = from[static_cast<size_t>(i)]; k < i; ++k)
            group[static_cast<size_t>(order[static_cast<size_t>(k)])] = next;
        ++next;
    }
    out.partition = baseline::labelInExecutionOrder(net, group);
    out.objective = ctx.partitionObjective(out.partition);
    out.evaluations = ctx.evaluations();
    ctx.reportProgress(out.objective, "dp", true);
    return out;
}

AlgorithmInfo dpAlgorithm()
{
    return baselineAlgorithm("dp", "dynamic programming over the layers in depth order on fixed capacities", 1, 0x2ca02c,
                             [](SubgraphEvaluator &ev, const SearchConfig &) -> Result<BaselineOutcome> { return dpPartition(ev); });
}

} // namespace cocco
