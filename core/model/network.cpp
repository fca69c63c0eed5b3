#include "network.h"

#include "topo_order.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace cocco {

namespace {
struct OpName {
    OpKind kind;
    const char *name;
};
constexpr OpName kOpNames[] = {
    {OpKind::Input, "Input"},     {OpKind::Conv, "Conv"},       {OpKind::ConvTranspose, "ConvTranspose"},
    {OpKind::Fc, "FC"},           {OpKind::MatMul, "MatMul"},   {OpKind::Pool, "Pool"},
    {OpKind::GlobalPool, "GlobalPool"}, {OpKind::Eltwise, "Eltwise"}, {OpKind::Concat, "Concat"},
    {OpKind::Slice, "Slice"},     {OpKind::Resize, "Resize"},   {OpKind::Pad, "Pad"},
    {OpKind::Softmax, "Softmax"}, {OpKind::LayerNorm, "LayerNorm"}, {OpKind::Generic, "Generic"},
};
} // namespace

const char *opKindName(OpKind k)
{
    for (const auto &o : kOpNames)
        if (o.kind == k)
            return o.name;
    return "Generic";
}

bool parseOpKind(const std::string &s, OpKind *out)
{
    for (const auto &o : kOpNames)
        if (s == o.name) {
            *out = o.kind;
            return true;
        }
    return false;
}

bool Layer::operator==(const Layer &o) const
{
    return name == o.name && op == o.op && opType == o.opType && out == o.out && inputs == o.inputs
        && windows == o.windows && params == o.params && macs == o.macs && inChannels == o.inChannels
        && groups == o.groups && markedOutput == o.markedOutput;
}

int Network::addLayer(Layer l)
{
    m_layers.push_back(std::move(l));
    return static_cast<int>(m_layers.size()) - 1;
}

int Network::find(const std::string &n) const
{
    for (size_t i = 0; i < m_layers.size(); ++i)
        if (m_layers[i].name == n)
            return static_cast<int>(i);
    return -1;
}

Status Network::finalize()
{
    const int n = static_cast<int>(m_layers.size());
    if (n == 0)
        return makeError("network '" + name + "' has no layers");
    std::unordered_set<std::string> names;
    for (int i = 0; i < n; ++i) {
        Layer &l = m_layers[static_cast<size_t>(i)];
        if (l.name.empty())
            return makeError("layer #" + std::to_string(i) + " has an empty name");
        if (l.opType.empty())
            l.opType = opKindName(l.op);
        if (!names.insert(l.name).second)
            return makeError("duplicate layer name '" + l.name + "'");
        if (l.out.n <= 0 || l.out.c <= 0 || l.out.h <= 0 || l.out.w <= 0)
            return makeError("layer '" + l.name + "': output shape must be positive in every dimension");
        if (l.params < 0 || l.macs < 0)
            return makeError("layer '" + l.name + "': params and macs must not be negative");
        if (l.groups <= 0)
            return makeError("layer '" + l.name + "': groups must be positive");
        if (l.op == OpKind::Input && !l.inputs.empty())
            return makeError("layer '" + l.name + "': an Input layer cannot have inputs");
        if (l.op != OpKind::Input && l.inputs.empty())
            return makeError("layer '" + l.name + "' (" + opKindName(l.op) + ") has no inputs");
        if (l.windows.size() != l.inputs.size())
            return makeError("layer '" + l.name + "': one window relation per input is required");
        for (size_t k = 0; k < l.inputs.size(); ++k) {
            const int p = l.inputs[k];
            if (p < 0 || p >= n)
                return makeError("layer '" + l.name + "': input #" + std::to_string(k) + " refers to no layer");
            if (p == i)
                return makeError("layer '" + l.name + "' reads its own output (cycle)");
            const WindowRelation &w = l.windows[k];
            for (const Window1D *d : {&w.h, &w.w})
                if (d->kernel <= 0 || d->stride <= 0 || d->dilation <= 0 || d->upsample <= 0 || d->padBegin < 0
                    || d->padEnd < 0)
                    return makeError("layer '" + l.name + "': window of input '" + m_layers[static_cast<size_t>(p)].name
                                     + "' needs positive kernel/stride/dilation/upsample and non-negative padding");
        }
    }
    m_succs.assign(static_cast<size_t>(n), {});
    std::vector<int> indeg(static_cast<size_t>(n), 0);
    for (int i = 0; i < n; ++i) {
        std::vector<int> seen;
        for (int p : m_layers[static_cast<size_t>(i)].inputs) {
            if (std::find(seen.begin(), seen.end(), p) != seen.end())
                continue; // the same tensor read twice (e.g. x*x) is one edge
            seen.push_back(p);
            m_succs[static_cast<size_t>(p)].push_back(i);
            ++indeg[static_cast<size_t>(i)];
        }
    }
    m_topo = minHeapTopoOrder(m_succs, indeg);
    if (static_cast<int>(m_topo.size()) != n) {
        for (int i = 0; i < n; ++i)
            if (indeg[static_cast<size_t>(i)] > 0)
                return makeError("the graph has a cycle through layer '" + m_layers[static_cast<size_t>(i)].name + "'");
    }
    m_topoIndex.assign(static_cast<size_t>(n), 0);
    m_depth.assign(static_cast<size_t>(n), 0);
    m_compute.clear();
    for (int k = 0; k < n; ++k) {
        const int u = m_topo[static_cast<size_t>(k)];
        m_topoIndex[static_cast<size_t>(u)] = k;
        int d = 0;
        for (int p : m_layers[static_cast<size_t>(u)].inputs)
            d = std::max(d, m_depth[static_cast<size_t>(p)] + 1);
        m_depth[static_cast<size_t>(u)] = d;
        if (m_layers[static_cast<size_t>(u)].op != OpKind::Input)
            m_compute.push_back(u);
    }
    if (m_compute.empty())
        return makeError("network '" + name + "' has only Input layers");
    return okStatus();
}

bool Network::isOutput(int id) const
{
    return !isInput(id) && (layer(id).markedOutput || succs(id).empty());
}

int Network::maxDepth() const
{
    int d = 0;
    for (int x : m_depth)
        d = std::max(d, x);
    return d;
}

std::vector<int> Network::inputLayers() const
{
    std::vector<int> r;
    for (int u : m_topo)
        if (isInput(u))
            r.push_back(u);
    return r;
}

std::vector<int> Network::outputLayers() const
{
    std::vector<int> r;
    for (int u : m_topo)
        if (isOutput(u))
            r.push_back(u);
    return r;
}

bool Network::weaklyConnected(const std::vector<int> &set) const
{
    if (set.empty())
        return false;
    std::unordered_set<int> in(set.begin(), set.end());
    std::unordered_set<int> seen{set.front()};
    std::vector<int> stack{set.front()};
    while (!stack.empty()) {
        const int u = stack.back();
        stack.pop_back();
        auto visit = [&](int v) {
            if (in.count(v) && seen.insert(v).second)
                stack.push_back(v);
        };
        for (int v : succs(u))
            visit(v);
        for (int v : preds(u))
            visit(v);
    }
    return seen.size() == in.size();
}

bool Network::convex(const std::vector<int> &set) const
{
    if (set.empty())
        return true;
    std::unordered_set<int> in(set.begin(), set.end());
    int maxTopo = 0;
    for (int u : set)
        maxTopo = std::max(maxTopo, topoIndex(u));
    // Walk forward from the set's outside successors; reaching the set again breaks convexity.
    std::unordered_set<int> seen;
    std::vector<int> stack;
    for (int u : in)
        for (int v : succs(u))
            if (!in.count(v) && topoIndex(v) < maxTopo && seen.insert(v).second)
                stack.push_back(v);
    while (!stack.empty()) {
        const int u = stack.back();
        stack.pop_back();
        for (int v : succs(u)) {
            if (in.count(v))
                return false;
            if (topoIndex(v) < maxTopo && seen.insert(v).second)
                stack.push_back(v);
        }
    }
    return true;
}

int64_t Network::totalParams() const
{
    int64_t s = 0;
    for (const Layer &l : m_layers)
        s += l.params;
    return s;
}

int64_t Network::totalMacs() const
{
    int64_t s = 0;
    for (const Layer &l : m_layers)
        s += l.macs;
    return s;
}

} // namespace cocco
