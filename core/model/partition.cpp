#include "partition.h"

#include "json_reader.h"
#include "model_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace cocco {

Partition Partition::singletons(const Network &net)
{
    Partition p;
    p.label.assign(net.size(), -1);
    int k = 0;
    for (int u : net.computeOrder())
        p.label[static_cast<size_t>(u)] = k++;
    return p;
}

Partition Partition::whole(const Network &net)
{
    Partition p;
    p.label.assign(net.size(), -1);
    for (int u : net.computeOrder())
        p.label[static_cast<size_t>(u)] = 0;
    return p;
}

namespace {
// Splits `run` (in topological order) into weakly connected pieces; each piece gets a fresh label.
void splitIntoComponents(const Network &net, const std::vector<int> &run, Partition &p, int &next)
{
    std::vector<int> comp(net.size(), -1);
    std::vector<char> inRun(net.size(), 0);
    for (int u : run)
        inRun[static_cast<size_t>(u)] = 1;
    int ncomp = 0;
    for (int s : run) {
        if (comp[static_cast<size_t>(s)] >= 0)
            continue;
        std::vector<int> stack{s};
        comp[static_cast<size_t>(s)] = ncomp;
        while (!stack.empty()) {
            int u = stack.back();
            stack.pop_back();
            auto visit = [&](int v) {
                if (inRun[static_cast<size_t>(v)] && comp[static_cast<size_t>(v)] < 0) {
                    comp[static_cast<size_t>(v)] = ncomp;
                    stack.push_back(v);
                }
            };
            for (int v : net.succs(u))
                visit(v);
            for (int v : net.preds(u))
                visit(v);
        }
        ++ncomp;
    }
    // Components of a contiguous run of the topological order are convex w.r.t. each other only
    // if ordered by first appearance; a later check relabels to keep P(u) <= P(v).
    for (int u : run)
        p.label[static_cast<size_t>(u)] = next + comp[static_cast<size_t>(u)];
    next += ncomp;
}
} // namespace

Partition Partition::fixedLength(const Network &net, int length)
{
    Partition p;
    p.label.assign(net.size(), -1);
    if (length < 1)
        length = 1;
    const auto &order = net.computeOrder();
    int next = 0;
    for (size_t i = 0; i < order.size(); i += static_cast<size_t>(length)) {
        std::vector<int> run(order.begin() + static_cast<long>(i),
                             order.begin() + static_cast<long>(std::min(order.size(), i + static_cast<size_t>(length))));
        splitIntoComponents(net, run, p, next);
    }
    // Runs are contiguous in topological order, so edges only go to equal or later runs; inside a
    // run, components are unconnected, so any order among them is valid.
    return normalized(net, p);
}

std::vector<std::vector<int>> subgraphsOf(const Partition &p)
{
    std::map<int, std::vector<int>> groups;
    for (size_t i = 0; i < p.label.size(); ++i)
        if (p.label[i] >= 0)
            groups[p.label[i]].push_back(static_cast<int>(i));
    std::vector<std::vector<int>> out;
    out.reserve(groups.size());
    for (auto &kv : groups)
        out.push_back(std::move(kv.second));
    return out;
}

Partition normalized(const Network &net, const Partition &p)
{
    // Canonical numbering: subgraphs in a topological order of the subgraph DAG, ties broken by
    // the earliest layer (topological index) of each subgraph. Numbering by first appearance alone
    // would break rule 1 for interleaved subgraphs (S = {a, d}, T = {b}, b -> d).
    std::map<int, int> slot; // old label -> dense index
    std::vector<int> firstTopo;
    for (int u : net.computeOrder()) {
        const int l = p.label[static_cast<size_t>(u)];
        if (l < 0 || slot.count(l))
            continue;
        slot.emplace(l, static_cast<int>(firstTopo.size()));
        firstTopo.push_back(net.topoIndex(u));
    }
    const size_t k = firstTopo.size();
    std::vector<std::vector<int>> succ(k);
    std::vector<int> indeg(k, 0);
    for (int v : net.computeOrder()) {
        const int lv = p.label[static_cast<size_t>(v)];
        if (lv < 0)
            continue;
        for (int u : net.preds(v)) {
            const int lu = p.label[static_cast<size_t>(u)];
            if (lu < 0 || lu == lv)
                continue;
            const int a = slot[lu], b = slot[lv];
            if (std::find(succ[static_cast<size_t>(a)].begin(), succ[static_cast<size_t>(a)].end(), b)
                == succ[static_cast<size_t>(a)].end()) {
                succ[static_cast<size_t>(a)].push_back(b);
                ++indeg[static_cast<size_t>(b)];
            }
        }
    }
    // Kahn on (first topological index); a cyclic remainder (an invalid partition) keeps the
    // order of its old labels.
    std::vector<int> newLabel(k, -1);
    std::set<std::pair<int, int>> ready;
    for (size_t i = 0; i < k; ++i)
        if (indeg[i] == 0)
            ready.emplace(firstTopo[i], static_cast<int>(i));
    int next = 0;
    while (!ready.empty()) {
        const int i = ready.begin()->second;
        ready.erase(ready.begin());
        newLabel[static_cast<size_t>(i)] = next++;
        for (int j : succ[static_cast<size_t>(i)])
            if (--indeg[static_cast<size_t>(j)] == 0)
                ready.emplace(firstTopo[static_cast<size_t>(j)], j);
    }
    for (const auto &kv : slot) // std::map: ascending old label
        if (newLabel[static_cast<size_t>(kv.second)] < 0)
            newLabel[static_cast<size_t>(kv.second)] = next++;
    Partition q;
    q.label.assign(net.size(), -1);
    for (int u : net.computeOrder()) {
        const int l = p.label[static_cast<size_t>(u)];
        if (l >= 0)
            q.label[static_cast<size_t>(u)] = newLabel[static_cast<size_t>(slot[l])];
    }
    return q;
}

Status checkPartition(const Network &net, const Partition &p, int maxNodes)
{
    if (p.label.size() != net.size())
        return makeError("partition has " + std::to_string(p.label.size()) + " labels for "
                         + std::to_string(net.size()) + " layers");
    for (size_t i = 0; i < net.size(); ++i) {
        const int id = static_cast<int>(i);
        if (net.isInput(id) && p.label[i] != -1)
            return makeError("input '" + net.layer(id).name + "' cannot belong to a subgraph");
        if (!net.isInput(id) && p.label[i] < 0)
            return makeError("layer '" + net.layer(id).name + "' belongs to no subgraph");
    }
    for (int v : net.computeOrder())
        for (int u : net.preds(v))
            if (!net.isInput(u) && p.label[static_cast<size_t>(u)] > p.label[static_cast<size_t>(v)])
                return makeError("rule 1 (order) broken: '" + net.layer(u).name + "' (subgraph "
                                 + std::to_string(p.label[static_cast<size_t>(u)]) + ") feeds '" + net.layer(v).name
                                 + "' (subgraph " + std::to_string(p.label[static_cast<size_t>(v)]) + ")");
    const auto groups = subgraphsOf(p);
    for (const auto &g : groups) {
        const int l = p.label[static_cast<size_t>(g.front())];
        if (!net.weaklyConnected(g))
            return makeError("rule 2 (connected) broken: subgraph " + std::to_string(l) + " (first layer '"
                             + net.layer(g.front()).name + "') is not weakly connected");
        if (maxNodes > 0 && static_cast<int>(g.size()) > maxNodes)
            return makeError("rule 3 (size) broken: subgraph " + std::to_string(l) + " (first layer '"
                             + net.layer(g.front()).name + "') has " + std::to_string(g.size()) + " layers, limit "
                             + std::to_string(maxNodes));
    }
    return okStatus();
}

std::string partitionToJson(const Network &net, const Partition &p)
{
    nlohmann::json subs = nlohmann::json::array();
    for (const auto &g : subgraphsOf(normalized(net, p))) {
        std::vector<int> ordered = g;
        std::sort(ordered.begin(), ordered.end(),
                  [&](int a, int b) { return net.topoIndex(a) < net.topoIndex(b); });
        nlohmann::json names = nlohmann::json::array();
        for (int u : ordered)
            names.push_back(net.layer(u).name);
        subs.push_back(std::move(names));
    }
    nlohmann::json root = {{"schemaVersion", 1}, {"model", net.name}, {"subgraphs", std::move(subs)}};
    return root.dump(2) + "\n";
}

Result<Partition> partitionFromJson(const Network &net, const std::string &text, const std::string &source)
{
    return readJson(text, source, [&net](const JsonField &root) {
        // {"schemaVersion": 1, "subgraphs": [[names]]}, or the bare array of subgraphs.
        std::optional<JsonField> subs = root.renamed("subgraphs");
        if (root.json().is_object()) {
            root.schemaVersion(1, 1);
            subs = root.at("subgraphs");
        }
        Partition p;
        p.label.assign(net.size(), -1);
        for (size_t k = 0; k < subs->size(); ++k) {
            const JsonField g = (*subs)[k];
            if (g.size() == 0)
                g.fail("expected a non-empty array of layer names");
            for (size_t i = 0; i < g.size(); ++i) {
                const std::string name = g[i].string();
                const int id = net.find(name);
                if (id < 0)
                    g.fail("no layer named '" + name + "' in model '" + net.name + "'");
                if (net.isInput(id))
                    g.fail("'" + name + "' is a network input, not a layer to schedule");
                if (p.label[static_cast<size_t>(id)] >= 0)
                    g.fail("layer '" + name + "' appears in more than one subgraph");
                p.label[static_cast<size_t>(id)] = static_cast<int>(k);
            }
        }
        for (int u : net.computeOrder())
            if (p.label[static_cast<size_t>(u)] < 0)
                root.fail("layer '" + net.layer(u).name + "' is in no subgraph");
        return p;
    });
}

} // namespace cocco
