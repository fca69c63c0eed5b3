// Dinic's maximum flow on doubles, for the cut bound (cut_bound.h): graphs of hundreds of nodes
// solved thousands of times.
#pragma once

#include <algorithm>
#include <vector>

namespace cocco {

// Arcs come in pairs (arc ^ 1 is the reverse).
class MaxFlow {
public:
    explicit MaxFlow(int nodes)
        : m_head(static_cast<size_t>(nodes), -1), m_level(static_cast<size_t>(nodes)), m_it(static_cast<size_t>(nodes))
    {
    }
    int addArc(int from, int to, double cap, double reverseCap = 0)
    {
        const int id = static_cast<int>(m_to.size());
        push(from, to, cap);
        push(to, from, reverseCap);
        return id;
    }
    std::vector<double> &caps() { return m_cap; }
    // Flow from s to t on the current capacities (consumed: residuals are left in caps()).
    // `limit`: the most one augmenting path carries (the value of an "infinite" arc); the
    // flow stops once it reaches it.
    double run(int s, int t, double eps, double limit)
    {
        m_eps = eps;
        double flow = 0;
        while (levels(s, t)) {
            for (size_t i = 0; i < m_it.size(); ++i)
                m_it[i] = m_head[i];
            for (double f; (f = augment(s, t, limit)) > 0;) {
                flow += f;
                if (flow >= limit)
                    return flow;
            }
        }
        return flow;
    }
    // Nodes reachable from s in the residual graph (the source side of a minimum cut).
    void sourceSide(int s, std::vector<char> *side) const
    {
        side->assign(m_head.size(), 0);
        std::vector<int> stack{s};
        (*side)[static_cast<size_t>(s)] = 1;
        while (!stack.empty()) {
            const int x = stack.back();
            stack.pop_back();
            for (int a = m_head[static_cast<size_t>(x)]; a >= 0; a = m_next[static_cast<size_t>(a)]) {
                const int y = m_to[static_cast<size_t>(a)];
                if (m_cap[static_cast<size_t>(a)] > m_eps && !(*side)[static_cast<size_t>(y)]) {
                    (*side)[static_cast<size_t>(y)] = 1;
                    stack.push_back(y);
                }
            }
        }
    }

private:
    void push(int from, int to, double cap)
    {
        m_to.push_back(to);
        m_cap.push_back(cap);
        m_next.push_back(m_head[static_cast<size_t>(from)]);
        m_head[static_cast<size_t>(from)] = static_cast<int>(m_to.size()) - 1;
    }
    bool levels(int s, int t)
    {
        std::fill(m_level.begin(), m_level.end(), -1);
        std::vector<int> queue{s};
        m_level[static_cast<size_t>(s)] = 0;
        for (size_t q = 0; q < queue.size(); ++q) {
            const int x = queue[q];
            for (int a = m_head[static_cast<size_t>(x)]; a >= 0; a = m_next[static_cast<size_t>(a)]) {
                const int y = m_to[static_cast<size_t>(a)];
                if (m_cap[static_cast<size_t>(a)] > m_eps && m_level[static_cast<size_t>(y)] < 0) {
                    m_level[static_cast<size_t>(y)] = m_level[static_cast<size_t>(x)] + 1;
                    queue.push_back(y);
                }
            }
        }
        return m_level[static_cast<size_t>(t)] >= 0;
    }
    double augment(int x, int t, double limit)
    {
        if (x == t)
            return limit;
        for (int &a = m_it[static_cast<size_t>(x)]; a >= 0; a = m_next[static_cast<size_t>(a)]) {
            const int y = m_to[static_cast<size_t>(a)];
            const double cap = m_cap[static_cast<size_t>(a)];
            if (cap <= m_eps || m_level[static_cast<size_t>(y)] != m_level[static_cast<size_t>(x)] + 1)
                continue;
            const double f = augment(y, t, std::min(limit, cap));
            if (f > 0) {
                m_cap[static_cast<size_t>(a)] -= f;
                m_cap[static_cast<size_t>(a ^ 1)] += f;
                return f;
            }
        }
        return 0;
    }

    std::vector<int> m_head, m_to, m_next, m_level, m_it;
    std::vector<double> m_cap;
    double m_eps = 0;
};

} // namespace cocco
