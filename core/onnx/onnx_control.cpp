// If inlining, Loop and Scan unrolling (onnx_control.h).
#include "onnx_control.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace cocco {
namespace onnximport {

namespace {

const onnx::GraphProto *graphAttr(const onnx::NodeProto &n, const char *name)
{
    const auto *a = attribute(n, name);
    return a && a->has_g() ? &a->g() : nullptr;
}

int64_t nodesIn(const onnx::GraphProto &g, int depth = 0)
{
    int64_t c = g.node_size();
    if (depth > 16)
        return c;
    for (const auto &n : g.node())
        for (const auto &a : n.attribute()) {
            if (a.has_g())
                c += nodesIn(a.g(), depth + 1);
            for (const auto &sg : a.graphs())
                c += nodesIn(sg, depth + 1);
        }
    return c;
}

using NameMap = std::unordered_map<std::string, std::string>;

std::string mapped(const NameMap &m, const std::string &s)
{
    if (s.empty())
        return s;
    auto it = m.find(s);
    return it == m.end() ? s : it->second;
}

void renameGraph(onnx::GraphProto *g, const NameMap &m, int depth);

// Renames the references of a copied node (and of the sub-graphs it carries) to the names of `m`.
void renameNode(onnx::NodeProto *n, const NameMap &m, int depth)
{
    for (auto &i : *n->mutable_input())
        i = mapped(m, i);
    for (auto &o : *n->mutable_output())
        o = mapped(m, o);
    if (depth > 16)
        return;
    for (auto &a : *n->mutable_attribute()) {
        if (a.has_g())
            renameGraph(a.mutable_g(), m, depth + 1);
        for (auto &sg : *a.mutable_graphs())
            renameGraph(&sg, m, depth + 1);
    }
}

void renameGraph(onnx::GraphProto *g, const NameMap &m, int depth)
{
    for (auto &n : *g->mutable_node())
        renameNode(&n, m, depth);
    for (auto &o : *g->mutable_output())
        o.set_name(mapped(m, o.name()));
}

onnx::NodeProto makeNode(const std::string &op, const std::vector<std::string> &in, const std::string &out,
                         const std::string &name)
{
    onnx::NodeProto n;
    n.set_op_type(op);
    n.set_name(name);
    for (const auto &i : in)
        n.add_input(i);
    n.add_output(out);
    return n;
}

onnx::NodeProto intConstant(const std::string &out, const std::vector<int64_t> &v, bool scalar)
{
    onnx::NodeProto n = makeNode("Constant", {}, out, out);
    auto *a = n.add_attribute();
    a->set_name("value");
    a->set_type(onnx::AttributeProto_AttributeType_TENSOR);
    a->mutable_t()->set_data_type(onnx::TensorProto_DataType_INT64);
    if (!scalar)
        a->mutable_t()->add_dims(static_cast<int64_t>(v.size()));
    for (int64_t x : v)
        a->mutable_t()->add_int64_data(x);
    return n;
}

void intAttr(onnx::NodeProto *n, const char *name, int64_t v)
{
    auto *a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto_AttributeType_INT);
    a->set_i(v);
}

struct Lowering {
    onnx::GraphProto *g;
    int64_t opset;
    std::vector<onnx::NodeProto> nodes; // replacing the lowered node

    // Copies the nodes of `body` with its local names prefixed by `prefix`; `bound` maps the body's
    // inputs to tensors of the enclosing graph. Initializers are added to the enclosing graph.
    // Initializers are named `initPrefix` + name and added when `addInitializers` (a loop body's
    // once, for the first iteration).
    NameMap inlineBody(const onnx::GraphProto &body, const std::string &prefix, NameMap bound,
                       const std::string &initPrefix, bool addInitializers)
    {
        for (const auto &init : body.initializer()) {
            bound[init.name()] = initPrefix + init.name();
            if (addInitializers) {
                auto *t = g->add_initializer();
                *t = init;
                t->set_name(initPrefix + init.name());
            }
        }
        for (const auto &n : body.node())
            for (const auto &o : n.output())
                if (!o.empty())
                    bound[o] = prefix + o;
        for (const auto &src : body.node()) {
            onnx::NodeProto n = src;
            renameNode(&n, bound, 0);
            n.set_name(prefix + (src.name().empty() ? (src.output_size() ? src.output(0) : src.op_type()) : src.name()));
            nodes.push_back(std::move(n));
        }
        return bound;
    }

    void identity(const std::string &from, const std::string &to, const std::string &name)
    {
        if (!to.empty())
            nodes.push_back(makeNode("Identity", {from}, to, name));
    }

    // Unsqueeze each part along `axis`, then one Concat along it.
    void stack(const std::vector<std::string> &parts, int64_t axis, const std::string &out, const std::string &prefix)
    {
        if (out.empty())
            return;
        std::vector<std::string> ups;
        const std::string axesName = prefix + "axes";
        if (opset >= 13)
            nodes.push_back(intConstant(axesName, {axis}, false));
        for (size_t i = 0; i < parts.size(); ++i) {
            const std::string u = prefix + "unsqueeze" + std::to_string(i);
            onnx::NodeProto n = makeNode("Unsqueeze", opset >= 13 ? std::vector<std::string>{parts[i], axesName}
                                                                   : std::vector<std::string>{parts[i]},
                                         u, u);
            if (opset < 13) {
                auto *a = n.add_attribute();
                a->set_name("axes");
                a->set_type(onnx::AttributeProto_AttributeType_INTS);
                a->add_ints(axis);
            }
            nodes.push_back(std::move(n));
            ups.push_back(u);
        }
        onnx::NodeProto c = makeNode("Concat", ups, out, prefix + "concat");
        intAttr(&c, "axis", axis);
        nodes.push_back(std::move(c));
    }
};

std::string baseName(const onnx::NodeProto &n)
{
    return n.name().empty() ? (n.output_size() ? n.output(0) : n.op_type()) : n.name();
}

// The node stays one generic element-wise layer (reported as unknown, with this warning).
Status keep(ControlPlan *plan, const std::string &why)
{
    plan->kind = ControlPlan::Keep;
    plan->warning = why + "; imported as one generic layer";
    return okStatus();
}

void collectOuter(const onnx::GraphProto &g, std::unordered_set<std::string> defined, int nodeIndex,
                  std::vector<Use> *uses, std::vector<std::string> *names, int depth)
{
    for (const auto &i : g.input())
        defined.insert(i.name());
    for (const auto &i : g.initializer())
        defined.insert(i.name());
    for (const auto &n : g.node())
        for (const auto &o : n.output())
            defined.insert(o);
    for (const auto &n : g.node()) {
        for (int k = 0; k < n.input_size(); ++k)
            if (!n.input(k).empty() && !defined.count(n.input(k))) {
                uses->push_back({nodeIndex, k, &n});
                names->push_back(n.input(k));
            }
        if (depth < 16)
            for (const auto &a : n.attribute()) {
                if (a.has_g())
                    collectOuter(a.g(), defined, nodeIndex, uses, names, depth + 1);
                for (const auto &sg : a.graphs())
                    collectOuter(sg, defined, nodeIndex, uses, names, depth + 1);
            }
    }
    for (const auto &o : g.output())
        if (!o.name().empty() && !defined.count(o.name())) { // a branch returning an outer tensor
            uses->push_back({nodeIndex, 0, nullptr});
            names->push_back(o.name());
        }
}

} // namespace

std::vector<Use> outerScopeUses(const onnx::NodeProto &n, int nodeIndex, std::vector<std::string> *names)
{
    std::vector<Use> uses;
    names->clear();
    for (const auto &a : n.attribute()) {
        if (a.has_g())
            collectOuter(a.g(), {}, nodeIndex, &uses, names, 0);
        for (const auto &sg : a.graphs())
            collectOuter(sg, {}, nodeIndex, &uses, names, 0);
    }
    return uses;
}

bool isControlFlow(const onnx::NodeProto &n)
{
    const bool std = n.domain().empty() || n.domain() == "ai.onnx";
    return std && (n.op_type() == "If" || n.op_type() == "Loop" || n.op_type() == "Scan");
}

Status planControlFlow(Context &ctx, const onnx::NodeProto &n, int idx, const OnnxImportOptions &opts, ControlPlan *plan)
{
    const std::string label = "node " + nodeLabel(n);
    plan->node = idx;
    const int64_t graphNodes = ctx.graph->node_size();
    if (n.op_type() == "If") {
        const auto *thenG = graphAttr(n, "then_branch"), *elseG = graphAttr(n, "else_branch");
        if (!thenG || !elseG)
            return makeError(label + " lacks its then_branch or else_branch graph");
        if (thenG->output_size() < n.output_size() || elseG->output_size() < n.output_size())
            return makeError(label + ": a branch has fewer outputs than the node");
        const TensorInfo *c = input(ctx, n, 0);
        if (c && c->hasValues && !c->values.empty()) {
            plan->kind = c->values[0] != 0 ? ControlPlan::Then : ControlPlan::Else;
            plan->note = nodeLabel(n) + ": condition folded to " + (c->values[0] != 0 ? "true, then" : "false, else")
                       + " branch inlined";
        } else {
            const int64_t nt = nodesIn(*thenG), ne = nodesIn(*elseG);
            using B = OnnxImportOptions::IfBranch;
            const bool then = opts.ifBranch == B::Then || (opts.ifBranch == B::Larger && nt >= ne);
            plan->kind = then ? ControlPlan::Then : ControlPlan::Else;
            plan->note = nodeLabel(n) + ": " + (then ? "then" : "else") + " branch inlined (condition computed at run time)";
            plan->warning = label + ": the condition is computed at run time; imported the " + (then ? "then" : "else")
                          + " branch (" + std::to_string(then ? nt : ne) + " nodes"
                          + (opts.ifBranch == B::Larger ? ", the larger one" : "") + "); --if-branch "
                          + (then ? "else" : "then") + " imports the other (" + std::to_string(then ? ne : nt) + " nodes)";
        }
        const int64_t taken = nodesIn(plan->kind == ControlPlan::Then ? *thenG : *elseG);
        if (graphNodes + taken > kMaxLoweredNodes + graphNodes / 2 + 1000)
            return makeError(label + ": inlining its branch would exceed " + std::to_string(kMaxLoweredNodes) + " nodes");
        return okStatus();
    }
    const auto *body = graphAttr(n, "body");
    if (!body)
        return makeError(label + " has no body graph");
    int64_t trips = 0;
    if (n.op_type() == "Loop") {
        const int nState = n.input_size() - 2;
        if (nState < 0 || body->input_size() != nState + 2 || body->output_size() < nState + 1)
            return makeError(label + ": its body's inputs / outputs do not match the loop's " + std::to_string(std::max(0, nState))
                             + " loop-carried values");
        const TensorInfo *m = input(ctx, n, 0);
        if (!m || !m->hasValues || m->values.size() != 1)
            return keep(plan, label + ": the trip count is computed at run time, so the loop cannot be unrolled");
        trips = std::max<int64_t>(0, toInt(m->values[0]));
        const TensorInfo *c = input(ctx, n, 1);
        if (c && c->hasValues && !c->values.empty() && c->values[0] == 0)
            trips = 0;
        if (trips == 0 && body->output_size() > nState + 1)
            return makeError(label + " runs 0 iterations: its scan outputs would be empty");
        // A condition computed in the body could end the loop early: not modelled.
        const std::string &condOut = body->output(0).name();
        bool plainCond = condOut == body->input(1).name();
        for (const auto &bn : body->node())
            for (const auto &o : bn.output())
                if (o == condOut && (bn.op_type() == "Constant" || (bn.op_type() == "Identity" && bn.input_size() == 1
                                                                    && bn.input(0) == body->input(1).name())))
                    plainCond = true;
        if (!plainCond)
            plan->warning = label + ": the loop condition is computed in its body; unrolled for all " + std::to_string(trips)
                          + " iterations (an early exit is not modelled)";
    } else { // Scan
        if (ctx.opset < 9)
            return keep(plan, label + ": Scan of opset 8 (with a batch axis) is not unrolled");
        const int64_t nScan = attrInt(n, "num_scan_inputs", 0);
        const int64_t nState = n.input_size() - nScan;
        if (nScan <= 0 || nState < 0 || body->input_size() != n.input_size() || body->output_size() < nState)
            return makeError(label + ": num_scan_inputs does not match its inputs and body");
        const std::vector<int64_t> axes = attrInts(n, "scan_input_axes");
        const int first = static_cast<int>(nState);
        const TensorInfo *x = input(ctx, n, first);
        size_t ax = 0;
        if (!x || !x->known || !normAxis(axes.empty() ? 0 : axes[0], x->dims.size(), &ax))
            return makeError(label + ": the sequence length (dims of scan input '" + n.input(first)
                             + "') is unknown; give the input's shape with --input-shape or --dim");
        trips = x->dims[ax];
    }
    if (trips > opts.unrollLimit)
        return makeError(label + " runs " + std::to_string(trips) + " iterations, more than the unroll limit of "
                         + std::to_string(opts.unrollLimit) + "; raise it with --unroll-limit " + std::to_string(trips));
    const int64_t per = nodesIn(*body) + 4;
    if (trips > 0 && per > (kMaxLoweredNodes + 1000) / trips)
        return makeError(label + ": unrolling " + std::to_string(trips) + " iterations of a " + std::to_string(per - 4)
                         + "-node body exceeds " + std::to_string(kMaxLoweredNodes) + " nodes");
    plan->kind = ControlPlan::Unroll;
    plan->trips = trips;
    plan->note = nodeLabel(n) + ": unrolled " + std::to_string(trips) + " iteration" + (trips == 1 ? "" : "s");
    return okStatus();
}

Status lowerControlFlow(onnx::GraphProto *g, const ControlPlan &plan, int64_t opset)
{
    if (plan.node < 0 || plan.node >= g->node_size())
        return makeError("internal: no node to lower");
    const onnx::NodeProto n = g->node(plan.node); // a copy: the graph changes below
    const std::string base = baseName(n);
    Lowering L{g, opset, {}};
    if (n.op_type() == "If") {
        const bool then = plan.kind == ControlPlan::Then;
        const onnx::GraphProto &branch = *graphAttr(n, then ? "then_branch" : "else_branch");
        const std::string prefix = base + (then ? "/then/" : "/else/");
        NameMap m = L.inlineBody(branch, prefix, {}, prefix, true);
        // A condition computed at run time is still read: each output selects (Where) on it, so the
        // network computes the condition before the branch's results are used.
        const bool runTime = !plan.warning.empty() && n.input_size() > 0 && !n.input(0).empty();
        for (int k = 0; k < n.output_size(); ++k) {
            const std::string r = mapped(m, branch.output(k).name()), out = n.output(k);
            if (runTime && !out.empty())
                L.nodes.push_back(makeNode("Where", {n.input(0), r, r}, out, prefix + "select" + std::to_string(k)));
            else
                L.identity(r, out, prefix + "out" + std::to_string(k));
        }
    } else if (n.op_type() == "Loop") {
        const onnx::GraphProto &body = *graphAttr(n, "body");
        const int nState = n.input_size() - 2;
        const int nScan = body.output_size() - 1 - nState;
        std::vector<std::string> state(n.input().begin() + 2, n.input().end());
        std::vector<std::vector<std::string>> scans(static_cast<size_t>(nScan));
        std::string cond = n.input_size() > 1 ? n.input(1) : std::string();
        for (int64_t i = 0; i < plan.trips; ++i) {
            const std::string prefix = base + "/" + std::to_string(i) + "/";
            NameMap bound;
            const std::string iter = prefix + "iter";
            L.nodes.push_back(intConstant(iter, {i}, true));
            bound[body.input(0).name()] = iter;
            if (cond.empty()) {
                cond = prefix + "cond";
                onnx::NodeProto c = makeNode("Constant", {}, cond, cond);
                auto *a = c.add_attribute();
                a->set_name("value");
                a->set_type(onnx::AttributeProto_AttributeType_TENSOR);
                a->mutable_t()->set_data_type(onnx::TensorProto_DataType_BOOL);
                a->mutable_t()->add_int32_data(1);
                L.nodes.push_back(std::move(c));
            }
            bound[body.input(1).name()] = cond;
            for (int k = 0; k < nState; ++k)
                bound[body.input(2 + k).name()] = state[static_cast<size_t>(k)];
            NameMap m = L.inlineBody(body, prefix, bound, base + "/0/", i == 0);
            cond = mapped(m, body.output(0).name());
            for (int k = 0; k < nState; ++k)
                state[static_cast<size_t>(k)] = mapped(m, body.output(1 + k).name());
            for (int j = 0; j < nScan; ++j)
                scans[static_cast<size_t>(j)].push_back(mapped(m, body.output(1 + nState + j).name()));
        }
        for (int k = 0; k < nState && k < n.output_size(); ++k)
            L.identity(state[static_cast<size_t>(k)], n.output(k), base + "/final" + std::to_string(k));
        for (int j = 0; j < nScan && nState + j < n.output_size(); ++j)
            L.stack(scans[static_cast<size_t>(j)], 0, n.output(nState + j), base + "/scan" + std::to_string(j) + "/");
    } else { // Scan
        const onnx::GraphProto &body = *graphAttr(n, "body");
        const int nScanIn = static_cast<int>(attrInt(n, "num_scan_inputs", 0));
        const int nState = n.input_size() - nScanIn;
        const int nScanOut = body.output_size() - nState;
        std::vector<int64_t> inAxes = attrInts(n, "scan_input_axes"), inDirs = attrInts(n, "scan_input_directions");
        std::vector<int64_t> outAxes = attrInts(n, "scan_output_axes"), outDirs = attrInts(n, "scan_output_directions");
        inAxes.resize(static_cast<size_t>(nScanIn), 0);
        inDirs.resize(static_cast<size_t>(nScanIn), 0);
        outAxes.resize(static_cast<size_t>(std::max(0, nScanOut)), 0);
        outDirs.resize(static_cast<size_t>(std::max(0, nScanOut)), 0);
        std::vector<std::string> state(n.input().begin(), n.input().begin() + nState);
        std::vector<std::vector<std::string>> scans(static_cast<size_t>(std::max(0, nScanOut)));
        for (int64_t i = 0; i < plan.trips; ++i) {
            const std::string prefix = base + "/" + std::to_string(i) + "/";
            NameMap bound;
            for (int k = 0; k < nState; ++k)
                bound[body.input(k).name()] = state[static_cast<size_t>(k)];
            for (int j = 0; j < nScanIn; ++j) {
                const std::string idx = prefix + "index" + std::to_string(j), elt = prefix + "elt" + std::to_string(j);
                L.nodes.push_back(intConstant(idx, {inDirs[static_cast<size_t>(j)] ? plan.trips - 1 - i : i}, true));
                onnx::NodeProto gn = makeNode("Gather", {n.input(nState + j), idx}, elt, elt);
                intAttr(&gn, "axis", inAxes[static_cast<size_t>(j)]);
                L.nodes.push_back(std::move(gn));
                bound[body.input(nState + j).name()] = elt;
            }
            NameMap m = L.inlineBody(body, prefix, bound, base + "/0/", i == 0);
            for (int k = 0; k < nState; ++k)
                state[static_cast<size_t>(k)] = mapped(m, body.output(k).name());
            for (int j = 0; j < nScanOut; ++j)
                scans[static_cast<size_t>(j)].push_back(mapped(m, body.output(nState + j).name()));
        }
        for (int k = 0; k < nState && k < n.output_size(); ++k)
            L.identity(state[static_cast<size_t>(k)], n.output(k), base + "/final" + std::to_string(k));
        for (int j = 0; j < nScanOut && nState + j < n.output_size(); ++j) {
            auto parts = scans[static_cast<size_t>(j)];
            if (outDirs[static_cast<size_t>(j)])
                std::reverse(parts.begin(), parts.end());
            L.stack(parts, outAxes[static_cast<size_t>(j)], n.output(nState + j), base + "/scan" + std::to_string(j) + "/");
        }
    }
    // Append the new nodes in an order where each comes after its producers among them (sub-graphs
    // should be sorted already; a cycle keeps the remaining ones in their given order).
    std::unordered_map<std::string, size_t> producer;
    for (size_t i = 0; i < L.nodes.size(); ++i)
        for (const auto &o : L.nodes[i].output())
            if (!o.empty())
                producer.emplace(o, i);
    std::vector<char> done(L.nodes.size(), 0);
    std::vector<size_t> stack;
    auto emit = [&](size_t root) {
        stack.push_back(root);
        while (!stack.empty()) {
            const size_t i = stack.back();
            if (done[i]) {
                stack.pop_back();
                continue;
            }
            bool ready = true;
            for (const auto &in : L.nodes[i].input()) {
                auto p = producer.find(in);
                if (p != producer.end() && !done[p->second] && p->second != i
                    && std::find(stack.begin(), stack.end(), p->second) == stack.end()) {
                    stack.push_back(p->second);
                    ready = false;
                }
            }
            if (!ready)
                continue;
            stack.pop_back();
            done[i] = 1;
            *g->add_node() = std::move(L.nodes[i]);
        }
    };
    for (size_t i = 0; i < L.nodes.size(); ++i)
        emit(i);
    return okStatus();
}

} // namespace onnximport
} // namespace cocco
