// Greedy pair merging (method §6, Halide-style). Merging two subgraphs joined by an edge keeps the
// subgraph DAG acyclic iff no other path leads from one to the other. A subgraph's cost depends
// only on its layer set, so a candidate's gain stays exact until one of its two ends changes: a
// max-heap with version stamps (lazy deletion) gives the best merge each step. Validity does not
// stay exact (merging a -> b creates paths from b's other predecessors to a's other successors),
// so it is checked again when a candidate comes out of the heap; paths are never removed, so a
// candidate found invalid is dropped for good. A topological order of the subgraph DAG is kept up
// to date across merges (a local reordering between the merged pair) so that the path check
// only visits subgraphs ranked before the merge target.
#include "search/baselines/baselines.h"

#include <algorithm>
#include <limits>
#include <queue>

namespace cocco {

namespace {

struct Node {
    std::vector<int> layers; // sorted layer ids
    std::vector<int> preds, succs; // neighbouring nodes (sorted, unique)
    double value = 0;        // subgraphObjective
    int64_t weightBytes = 0;
    int version = 0;
    bool alive = true;
};

struct Candidate {
    double gain;
    int a, b; // edge a -> b
    int va, vb;
    double mergedValue;
};

struct CandidateOrder {
    // Largest gain first; ties by node ids so the run is deterministic.
    bool operator()(const Candidate &x, const Candidate &y) const
    {
        if (x.gain != y.gain)
            return x.gain < y.gain;
        if (x.a != y.a)
            return x.a > y.a;
        return x.b > y.b;
    }
};

void replaceIn(std::vector<int> &v, int from, int to)
{
    v.erase(std::remove(v.begin(), v.end(), from), v.end());
    if (to >= 0 && std::find(v.begin(), v.end(), to) == v.end())
        v.insert(std::lower_bound(v.begin(), v.end(), to), to);
}

std::vector<int> unionWithout(const std::vector<int> &x, const std::vector<int> &y, int drop1, int drop2)
{
    std::vector<int> out;
    out.reserve(x.size() + y.size());
    std::set_union(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(out));
    out.erase(std::remove_if(out.begin(), out.end(), [&](int v) { return v == drop1 || v == drop2; }), out.end());
    return out;
}

class Greedy {
public:
    explicit Greedy(SubgraphEvaluator &ctx) : m_ctx(ctx) {}

    // The caller has checked that the network has compute layers.
    BaselineOutcome run()
    {
        const Network &net = m_ctx.net();
        const auto &order = net.computeOrder();
        std::vector<int> group(net.size(), -1);
        for (size_t i = 0; i < order.size(); ++i)
            group[static_cast<size_t>(order[i])] = static_cast<int>(i);
        BaselineOutcome out;
        mergeGroups(group, std::vector<char>(order.size(), 1), out.stop);
        return finish(out);
    }

    // Pair merging from `group` (ids 0..n-1 numbered in a topological order of the quotient DAG);
    // only groups with mergeable[id] take part. Returns the merged group id per layer.
    std::vector<int> mergeGroups(const std::vector<int> &group, const std::vector<char> &mergeable, StopReason &stop)
    {
        const Network &net = m_ctx.net();
        const size_t count = mergeable.size();
        m_nodeOf = group;
        m_nodes.assign(count, Node{});
        m_mergeable = mergeable;
        m_stamp.assign(count, 0);
        // The ids are a topological order of the nodes.
        m_order.resize(count);
        m_rank.resize(count);
        for (size_t i = 0; i < count; ++i)
            m_order[i] = m_rank[i] = static_cast<int>(i);
        for (int u : net.computeOrder()) {
            const int gu = m_nodeOf[static_cast<size_t>(u)];
            Node &n = m_nodes[static_cast<size_t>(gu)];
            n.layers.push_back(u);
            for (int p : net.preds(u)) {
                const int gp = m_nodeOf[static_cast<size_t>(p)];
                if (gp >= 0 && gp != gu)
                    replaceIn(n.preds, -1, gp);
            }
            for (int s : net.succs(u)) {
                const int gs = m_nodeOf[static_cast<size_t>(s)];
                if (gs >= 0 && gs != gu)
                    replaceIn(n.succs, -1, gs);
            }
        }
        double total = 0;
        for (size_t i = 0; i < count && stop == StopReason::Completed; ++i) {
            Node &n = m_nodes[i];
            std::sort(n.layers.begin(), n.layers.end());
            if (!m_mergeable[i])
                continue; // never merged: its value and weights are not needed
            for (int u : n.layers)
                n.weightBytes += m_ctx.layerWeightBytes(u);
            n.value = m_ctx.evaluate(n.layers).value;
            total += n.value;
            m_ctx.shouldStop(&stop);
        }
        for (size_t i = 0; i < count && stop == StopReason::Completed; ++i)
            for (int s : m_nodes[i].succs) {
                pushCandidate(static_cast<int>(i), s);
                if (m_ctx.shouldStop(&stop))
                    break;
            }
        while (stop == StopReason::Completed && !m_heap.empty() && !m_ctx.shouldStop(&stop)) {
            const Candidate c = m_heap.top();
            m_heap.pop();
            const Node &na = m_nodes[static_cast<size_t>(c.a)];
            const Node &nb = m_nodes[static_cast<size_t>(c.b)];
            if (!na.alive || !nb.alive || na.version != c.va || nb.version != c.vb || otherPath(c.a, c.b))
                continue;
            merge(c.a, c.b, c.mergedValue);
            total -= c.gain;
            const Node &m = m_nodes[static_cast<size_t>(c.a)];
            const std::vector<int> preds = m.preds, succs = m.succs;
            for (int p : preds)
                pushCandidate(p, c.a);
            for (int s : succs)
                pushCandidate(c.a, s);
            m_ctx.reportProgress(total, "greedy");
        }
        // Number the live nodes along the maintained topological order.
        std::vector<int> merged(net.size(), -1);
        int next = 0;
        for (int x : m_order)
            if (m_nodes[static_cast<size_t>(x)].alive) {
                for (int u : m_nodes[static_cast<size_t>(x)].layers)
                    merged[static_cast<size_t>(u)] = next;
                ++next;
            }
        return merged;
    }

private:
    // Marks (with the current epoch) the nodes reachable from a's successors other than b that
    // rank before b, i.e. every node through which another path a -> ... -> b could run (nodes
    // on such a path rank between a and b). Returns true when such a path reaches b.
    bool markReachable(int a, int b)
    {
        ++m_epoch;
        const int limit = m_rank[static_cast<size_t>(b)];
        std::vector<int> &stack = m_stack;
        stack.clear();
        bool reached = false;
        auto visit = [&](int s) {
            if (s == b) {
                reached = true;
            } else if (m_stamp[static_cast<size_t>(s)] != m_epoch && m_rank[static_cast<size_t>(s)] < limit) {
                m_stamp[static_cast<size_t>(s)] = m_epoch;
                stack.push_back(s);
            }
        };
        for (int s : m_nodes[static_cast<size_t>(a)].succs)
            if (s != b)
                visit(s);
        while (!stack.empty()) {
            const int x = stack.back();
            stack.pop_back();
            for (int s : m_nodes[static_cast<size_t>(x)].succs)
                visit(s);
        }
        return reached;
    }

    bool otherPath(int a, int b) { return markReachable(a, b); }

    // Before merging a -> b: the nodes ranked between them that a reaches (F) cannot reach b, and
    // the others do not depend on a; so "others, merged node, F" is again a topological order.
    void reorderForMerge(int a, int b)
    {
        markReachable(a, b);
        const int ra = m_rank[static_cast<size_t>(a)], rb = m_rank[static_cast<size_t>(b)];
        std::vector<int> before, after;
        for (int r = ra + 1; r < rb; ++r) {
            const int x = m_order[static_cast<size_t>(r)];
            (m_stamp[static_cast<size_t>(x)] == m_epoch ? after : before).push_back(x);
        }
        int r = ra;
        auto place = [&](int x) {
            m_order[static_cast<size_t>(r)] = x;
            m_rank[static_cast<size_t>(x)] = r++;
        };
        place(b); // b dies in the merge; its slot only has to stay somewhere in the window
        for (int x : before)
            place(x);
        place(a);
        for (int x : after)
            place(x);
    }

    void pushCandidate(int a, int b)
    {
        if (!m_mergeable[static_cast<size_t>(a)] || !m_mergeable[static_cast<size_t>(b)])
            return;
        const Node &na = m_nodes[static_cast<size_t>(a)];
        const Node &nb = m_nodes[static_cast<size_t>(b)];
        const size_t size = na.layers.size() + nb.layers.size();
        if (m_ctx.maxNodes() > 0 && size > static_cast<size_t>(m_ctx.maxNodes()))
            return;
        if (na.weightBytes + nb.weightBytes > m_ctx.weightCapacity())
            return;
        if (otherPath(a, b))
            return;
        std::vector<int> layers;
        layers.reserve(size);
        std::merge(na.layers.begin(), na.layers.end(), nb.layers.begin(), nb.layers.end(), std::back_inserter(layers));
        const SubgraphEvaluator::Eval e = m_ctx.evaluate(layers);
        if (!e.ok)
            return;
        const double gain = na.value + nb.value - e.value;
        // A relative threshold keeps rounding noise from driving merges that do not help.
        if (!(gain > 1e-12 * (na.value + nb.value)))
            return;
        m_heap.push({gain, a, b, na.version, nb.version, e.value});
    }

    void merge(int a, int b, double mergedValue)
    {
        reorderForMerge(a, b);
        Node &na = m_nodes[static_cast<size_t>(a)];
        Node &nb = m_nodes[static_cast<size_t>(b)];
        std::vector<int> layers;
        std::merge(na.layers.begin(), na.layers.end(), nb.layers.begin(), nb.layers.end(), std::back_inserter(layers));
        na.layers = std::move(layers);
        na.preds = unionWithout(na.preds, nb.preds, a, b);
        na.succs = unionWithout(na.succs, nb.succs, a, b);
        for (int p : nb.preds)
            if (p != a)
                replaceIn(m_nodes[static_cast<size_t>(p)].succs, b, a);
        for (int s : nb.succs)
            if (s != a)
                replaceIn(m_nodes[static_cast<size_t>(s)].preds, b, a);
        na.value = mergedValue;
        na.weightBytes += nb.weightBytes;
        ++na.version;
        nb.alive = false;
        nb.layers.clear();
        nb.preds.clear();
        nb.succs.clear();
        ++nb.version;
    }

    BaselineOutcome finish(BaselineOutcome &out)
    {
        const Network &net = m_ctx.net();
        std::vector<int> group(net.size(), -1);
        for (size_t i = 0; i < m_nodes.size(); ++i)
            if (m_nodes[i].alive)
                for (int u : m_nodes[i].layers)
                    group[static_cast<size_t>(u)] = static_cast<int>(i);
        out.partition = baseline::labelInExecutionOrder(net, group);
        out.objective = m_ctx.partitionObjective(out.partition);
        out.evaluations = m_ctx.evaluations();
        m_ctx.reportProgress(out.objective, "greedy", true);
        return out;
    }

    SubgraphEvaluator &m_ctx;
    std::vector<int> m_nodeOf;
    std::vector<Node> m_nodes;
    std::priority_queue<Candidate, std::vector<Candidate>, CandidateOrder> m_heap;
    std::vector<int> m_stamp, m_stack;
    std::vector<int> m_order, m_rank; // a topological order of the live nodes (dead ones linger)
    std::vector<char> m_mergeable;
    int m_epoch = 0;
};

} // namespace

BaselineOutcome greedyPartition(SubgraphEvaluator &ev)
{
    return Greedy(ev).run();
}

namespace baseline {

std::vector<int> greedyMerge(SubgraphEvaluator &ctx, const std::vector<int> &group, const std::vector<char> &mergeable, StopReason &stop)
{
    return Greedy(ctx).mergeGroups(group, mergeable, stop);
}

} // namespace baseline

AlgorithmInfo greedyAlgorithm()
{
    return baselineAlgorithm("greedy", "greedy pair merging of adjacent subgraphs (Halide-style) on fixed capacities", 0, 0x1f77b4,
                             [](SubgraphEvaluator &ev, const SearchConfig &) -> Result<BaselineOutcome> { return greedyPartition(ev); });
}

} // namespace cocco
