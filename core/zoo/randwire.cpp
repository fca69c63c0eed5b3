#include "randwire.h"

#include "net_builder.h"

#include <algorithm>
#include <cstdio>
#include <random>
#include <set>

namespace cocco {

namespace {
// Own uniform draws on top of mt19937_64: the standard distributions are implementation-defined,
// so they could give different graphs with another standard library.
double uniform01(std::mt19937_64 &rng)
{
    return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

int uniformInt(std::mt19937_64 &rng, int n)
{
    const uint64_t range = static_cast<uint64_t>(n);
    const uint64_t limit = UINT64_MAX - UINT64_MAX % range;
    uint64_t r;
    do
        r = rng();
    while (r >= limit);
    return static_cast<int>(r % range);
}

std::vector<std::pair<int, int>> wattsStrogatzWith(int n, int k, double p, std::mt19937_64 &rng)
{
    std::vector<std::set<int>> adj(static_cast<size_t>(n));
    auto link = [&](int a, int b) {
        adj[static_cast<size_t>(a)].insert(b);
        adj[static_cast<size_t>(b)].insert(a);
    };
    for (int j = 1; j <= k / 2; ++j)
        for (int u = 0; u < n; ++u)
            link(u, (u + j) % n);
    for (int j = 1; j <= k / 2; ++j) {
        for (int u = 0; u < n; ++u) {
            const int v = (u + j) % n;
            if (uniform01(rng) >= p)
                continue;
            auto &nu = adj[static_cast<size_t>(u)];
            if (static_cast<int>(nu.size()) >= n - 1)
                continue; // u is already linked to every node: nothing to rewire to
            int w = uniformInt(rng, n);
            while (w == u || nu.count(w))
                w = uniformInt(rng, n);
            // (u, v) is still present: only edges processed earlier were rewired, and for k < n
            // none of them is (u, v).
            nu.erase(v);
            adj[static_cast<size_t>(v)].erase(u);
            link(u, w);
        }
    }
    std::vector<std::pair<int, int>> edges;
    for (int u = 0; u < n; ++u)
        for (int w : adj[static_cast<size_t>(u)])
            if (u < w)
                edges.emplace_back(u, w);
    return edges;
}

std::string nodeName(const std::string &stage, int i)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "n%02d", i);
    return stage + "." + buf;
}

// One random stage: DAG by node index; nodes without predecessors read the stage input with
// stride 2; node = weighted-sum aggregation (an Add when in-degree > 1) + ReLU-SepConv3x3-BN
// (depth-wise 3x3 + point-wise 1x1); the stage output averages the sink nodes.
int randomStage(NetBuilder &b, const std::string &stage, int in, int nodes, int64_t channels, int k, double p,
                std::mt19937_64 &rng)
{
    const auto edges = wattsStrogatzWith(nodes, k, p, rng);
    std::vector<std::vector<int>> preds(static_cast<size_t>(nodes));
    std::vector<int> outDeg(static_cast<size_t>(nodes), 0);
    for (const auto &e : edges) {
        preds[static_cast<size_t>(e.second)].push_back(e.first);
        ++outDeg[static_cast<size_t>(e.first)];
    }
    std::vector<int> id(static_cast<size_t>(nodes), -1);
    std::vector<int> sinks;
    for (int i = 0; i < nodes; ++i) {
        const auto &pr = preds[static_cast<size_t>(i)];
        const std::string n = nodeName(stage, i);
        int x;
        int stride = 1;
        if (pr.empty()) {
            x = in;
            stride = 2;
        } else if (pr.size() == 1) {
            x = id[static_cast<size_t>(pr.front())];
        } else {
            std::vector<int> ins;
            for (int q : pr)
                ins.push_back(id[static_cast<size_t>(q)]);
            x = b.add(n + ".sum", ins);
        }
        x = b.dwConv(n + ".dw", x, 3, stride);
        x = b.conv(n + ".pw", x, channels, 1);
        id[static_cast<size_t>(i)] = x;
        if (outDeg[static_cast<size_t>(i)] == 0)
            sinks.push_back(x);
    }
    if (sinks.size() == 1)
        return sinks.front();
    const int mean = b.add(stage + ".out", sinks);
    b.layer(mean).opType = "Mean";
    return mean;
}
} // namespace

std::vector<std::pair<int, int>> wattsStrogatz(int n, int k, double p, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    return wattsStrogatzWith(n, k, p, rng);
}

Result<Network> buildRandWire(const RandWireConfig &c)
{
    if (c.nodes < 4 || c.k < 2 || c.k >= c.nodes || c.k % 2 != 0 || c.p < 0.0 || c.p > 1.0 || c.channels < 2)
        return makeError("randwire '" + c.name + "': needs nodes >= 4, an even k in [2, nodes), p in [0, 1], channels >= 2");
    std::mt19937_64 rng(c.seed);
    NetBuilder b(c.name);
    int x = b.input("input", 3, 224, 224);
    const int64_t C = c.channels;
    x = b.conv("conv1", x, C / 2, 3, 2, 1);
    if (c.regularRegime) {
        x = randomStage(b, "conv2", x, c.nodes / 2, C, c.k, c.p, rng);
        x = randomStage(b, "conv3", x, c.nodes, 2 * C, c.k, c.p, rng);
        x = randomStage(b, "conv4", x, c.nodes, 4 * C, c.k, c.p, rng);
        x = randomStage(b, "conv5", x, c.nodes, 8 * C, c.k, c.p, rng);
    } else {
        x = b.conv("conv2", x, C, 3, 2, 1);
        x = randomStage(b, "conv3", x, c.nodes, C, c.k, c.p, rng);
        x = randomStage(b, "conv4", x, c.nodes, 2 * C, c.k, c.p, rng);
        x = randomStage(b, "conv5", x, c.nodes, 4 * C, c.k, c.p, rng);
    }
    x = b.conv("classifier.conv", x, 1280, 1);
    x = b.globalPool("classifier.pool", x);
    b.fc("classifier.fc", x, 1000);
    return b.finish();
}

} // namespace cocco
