// ONNX import driver: parse, the graph stages before the walk (onnx_graph.h), the node walk.
#include "onnx_import.h"

#include "onnx_context.h"
#include "onnx_control.h"
#include "onnx_graph.h"
#include "onnx_inputs.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace cocco {

using namespace onnximport;

namespace {

std::string stemOf(const std::string &path)
{
    std::string f = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
    const auto dot = f.rfind('.');
    return dot == std::string::npos || dot == 0 ? f : f.substr(0, dot);
}

void findLayerNormPatterns(Context &ctx, const std::unordered_map<std::string, int> &producer)
{
    const auto &nodes = ctx.graph->node();
    auto prod = [&](const std::string &t, const char *op) -> const onnx::NodeProto * {
        auto it = producer.find(t);
        if (it == producer.end())
            return nullptr;
        const onnx::NodeProto &n = nodes.Get(it->second);
        return n.op_type() == op && n.input_size() >= 1 && n.output_size() >= 1 && n.output(0) == t ? &n : nullptr;
    };
    auto uses = [&](const std::string &t) { return ctx.uses.count(t) ? ctx.uses[t].size() : size_t(0); };
    for (int i = 0; i < nodes.size(); ++i) {
        const onnx::NodeProto &div = nodes.Get(i);
        if (div.op_type() != "Div" || div.input_size() != 2)
            continue;
        const std::string &d = div.input(0);
        const auto *sub = prod(d, "Sub");
        const auto *sqrt = prod(div.input(1), "Sqrt");
        if (!sub || !sqrt || sub->input_size() != 2)
            continue;
        const std::string &x = sub->input(0);
        const auto *mean1 = prod(sub->input(1), "ReduceMean");
        const auto *add = prod(sqrt->input(0), "Add");
        if (!mean1 || mean1->input(0) != x || !add || add->input_size() != 2)
            continue;
        const auto *mean2 = prod(add->input(0), "ReduceMean");
        if (!mean2)
            mean2 = prod(add->input(1), "ReduceMean");
        const auto *pow = mean2 ? prod(mean2->input(0), "Pow") : nullptr;
        if (!pow || pow->input(0) != d)
            continue;
        if (uses(mean1->output(0)) != 1 || uses(d) != 2 || uses(pow->output(0)) != 1 || uses(mean2->output(0)) != 1
            || uses(add->output(0)) != 1 || uses(sqrt->output(0)) != 1 || ctx.graphOutputs.count(d))
            continue;
        for (const auto *n : {mean1, sub, pow, mean2, add, sqrt})
            ctx.absorbed[static_cast<size_t>(producer.at(n->output(0)))] = 1;
        ctx.layerNormHeads[i] = x;
    }
}

std::string withCommas(int64_t v)
{
    std::string s = std::to_string(v < 0 ? -v : v);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
        s.insert(static_cast<size_t>(i), ",");
    return v < 0 ? "-" + s : s;
}

Result<OnnxImport> importParsed(onnx::ModelProto &model, const std::string &source, const OnnxImportOptions &opts);

Result<OnnxImport> importImpl(const std::string &bytes, const std::string &source, const OnnxImportOptions &opts)
{
    auto fail = [&](const std::string &msg) -> Error { return makeError(source + ": " + msg); };
    if (bytes.empty())
        return fail("the file is empty, not an ONNX model");
    onnx::ModelProto model;
    if (!parseModel(bytes, &model))
        return fail("not an ONNX model: the protobuf data is malformed or truncated (" + std::to_string(bytes.size())
                    + " bytes)");
    if (!model.has_graph() || model.graph().node_size() == 0)
        return fail("not an ONNX model, or an empty one: it has no graph nodes");
    for (const auto &d : opts.dims)
        if (d.second <= 0)
            return fail("--dim " + d.first + "=" + std::to_string(d.second) + ": the value must be positive");
    if (Status st = applyInputOptions(model.mutable_graph(), opts); !st.ok())
        return fail(st.message());
    return importParsed(model, source, opts);
}

// `model` is the caller's copy: lowered control flow is appended to its graph during the walk.
Result<OnnxImport> importParsed(onnx::ModelProto &model, const std::string &source, const OnnxImportOptions &opts)
{
    auto fail = [&](const std::string &msg) -> Error { return makeError(source + ": " + msg); };
    onnx::GraphProto &g = *model.mutable_graph();
    if (g.node_size() > kMaxNodes)
        return fail("the graph has " + std::to_string(g.node_size()) + " nodes, more than the " + std::to_string(kMaxNodes)
                    + " this importer accepts");

    Context ctx;
    ctx.graph = &g;
    ctx.source = source;
    ImportReport &rep = ctx.report;
    rep.onnxNodes = g.node_size();
    rep.irVersion = model.ir_version();
    rep.producer = model.producer_name() + (model.producer_version().empty() ? "" : " " + model.producer_version());
    for (const auto &o : model.opset_import())
        if (o.domain().empty() || o.domain() == "ai.onnx")
            ctx.opset = o.version();
    if (ctx.opset == 0) {
        ctx.opset = 13;
        rep.warnings.push_back("the model declares no default-domain opset; assuming 13");
    } else if (ctx.opset < 7 || ctx.opset > 18) {
        rep.warnings.push_back("opset " + std::to_string(ctx.opset)
                               + " is outside the supported range 7-18; shapes may be wrong");
    }
    rep.opset = ctx.opset;
    for (const auto &n : g.node())
        ++rep.opCounts[n.op_type()];

    if (Status st = readInitializers(ctx, source); !st.ok())
        return fail(st.message());
    GraphInputs inputs;
    if (Status st = collectGraphInputs(ctx, opts, &inputs); !st.ok())
        return fail(st.message());
    std::unordered_map<std::string, int> producer;
    std::vector<int> order;
    if (Status st = orderNodes(ctx, inputs, &producer, &order); !st.ok())
        return fail(st.message());
    inferOnnxShapes(ctx, model, opts, inputs, order);
    if (Status st = addNetworkInputs(ctx, opts, inputs); !st.ok())
        return fail(st.message());

    ctx.absorbed.assign(static_cast<size_t>(g.node_size()), 0);
    findLayerNormPatterns(ctx, producer);

    // The walk, in topological order; a lowered If / Loop / Scan appends its replacing nodes to the
    // graph (RepeatedPtrField keeps the other nodes in place) and they are walked next.
    std::vector<int> work(order.rbegin(), order.rend()); // back() is next
    int lowerings = 0;
    while (!work.empty()) {
        const int idx = work.back();
        work.pop_back();
        const onnx::NodeProto &n = g.node(idx);
        if (ctx.absorbed[static_cast<size_t>(idx)]) {
            ++rep.folded;
            continue;
        }
        if (isControlFlow(n)) {
            ControlPlan plan;
            if (Status st = planControlFlow(ctx, n, idx, opts, &plan); !st.ok())
                return fail(st.message());
            if (!plan.warning.empty())
                rep.warnings.push_back(plan.warning);
            if (plan.kind != ControlPlan::Keep) {
                if (++lowerings > 100000)
                    return fail("more than 100,000 If / Loop / Scan nodes to lower");
                const int first = g.node_size();
                if (Status st = lowerControlFlow(&g, plan, ctx.opset); !st.ok())
                    return fail(st.message());
                if (g.node_size() > kMaxNodes)
                    return fail("lowering node " + nodeLabel(g.node(idx)) + " makes the graph larger than "
                                + std::to_string(kMaxNodes) + " nodes");
                ctx.absorbed.resize(static_cast<size_t>(g.node_size()), 0);
                for (int i = first; i < g.node_size(); ++i)
                    for (int k = 0; k < g.node(i).input_size(); ++k)
                        if (!g.node(i).input(k).empty())
                            ctx.uses[g.node(i).input(k)].push_back({i, k});
                for (int i = g.node_size(); i-- > first;)
                    work.push_back(i);
                rep.controlFlow.push_back(plan.note);
                ++rep.folded;
                continue;
            }
        }
        if (std::all_of(n.output().begin(), n.output().end(), [](const std::string &o) { return o.empty(); })) {
            rep.warnings.push_back("node " + nodeLabel(n) + " has no outputs; ignored");
            continue;
        }
        bool allStatic = true;
        for (const auto &in : n.input())
            if (!in.empty() && !ctx.t(in).isStatic)
                allStatic = false;
        const bool shapeOnly = n.op_type() == "Shape" || n.op_type() == "Size";
        inferNode(ctx, n, allStatic);
        if (allStatic || shapeOnly) {
            for (const auto &o : n.output())
                if (!o.empty())
                    ctx.t(o).isStatic = true;
            ++rep.folded;
            continue;
        }
        for (int k = 0; k < n.output_size(); ++k) {
            const std::string &o = n.output(k);
            if (o.empty() || (k > 0 && !ctx.uses.count(o) && !ctx.graphOutputs.count(o)))
                continue;
            TensorInfo &t = ctx.t(o);
            if (!t.known)
                return fail("cannot determine the shape of '" + o + "', output #" + std::to_string(k) + " of node "
                            + nodeLabel(n)
                            + (ctx.shapeProblem.empty()
                                   ? std::string(" (ONNX's shape inference and our rules both failed; are the input shapes right?)")
                                   : ": " + ctx.shapeProblem));
            int64_t elems = 0;
            if (t.dims.size() > static_cast<size_t>(kMaxRank) || !product(t.dims, &elems))
                return fail("node " + nodeLabel(n) + " produces '" + o + "' with invalid dims " + dimsText(t.dims));
            if (elems == 0)
                return fail("node " + nodeLabel(n) + " produces '" + o + "' with a zero-size dimension (" + dimsText(t.dims) + ")");
        }
        if (Status st = mapNode(ctx, n, idx); !st.ok())
            return fail(st.message());
    }

    for (const auto &o : g.output()) {
        const TensorInfo *t = ctx.find(o.name());
        if (!t || t->isStatic || t->layer < 0) {
            rep.warnings.push_back("graph output '" + o.name() + "' is a constant or not computed; ignored");
            continue;
        }
        rep.outputs.push_back({o.name(), ctx.net.layer(t->layer).name, t->dims});
    }
    if (rep.layers == 0)
        return fail("nothing to compute: every graph output is a constant, a shape computation or a network input");
    // Exporters use generic graph names ("torch_jit", "main_graph"): the file name says more.
    ctx.net.name = !stemOf(source).empty() ? stemOf(source) : (g.name().empty() ? "onnx" : g.name());
    if (Status st = ctx.net.finalize(); !st.ok())
        return fail(st.message());
    rep.params = ctx.net.totalParams();
    rep.macs = ctx.net.totalMacs();
    OnnxImport r;
    r.net = std::move(ctx.net);
    r.report = std::move(ctx.report);
    return r;
}

} // namespace

Result<OnnxImport> importOnnxBytes(const std::string &bytes, const std::string &source, const OnnxImportOptions &opts)
{
    // Protobuf and ONNX report some problems by throwing; none of that may escape core.
    try {
        return importImpl(bytes, source, opts);
    } catch (const std::exception &e) {
        return makeError(source + ": " + e.what());
    } catch (...) {
        return makeError(source + ": unexpected error while importing");
    }
}

Result<OnnxImport> importOnnxFile(const std::string &path, const OnnxImportOptions &opts)
{
    std::ifstream f(path, std::ios::binary);
    if (!f)
        return makeError(path + ": cannot open the file");
    std::ostringstream ss;
    ss << f.rdbuf();
    if (f.bad())
        return makeError(path + ": read error");
    return importOnnxBytes(ss.str(), path, opts);
}

std::string formatImportReport(const ImportReport &r)
{
    std::ostringstream s;
    s << "ONNX import: IR " << r.irVersion << ", opset " << r.opset;
    if (!r.producer.empty())
        s << ", producer " << r.producer;
    s << "\n";
    s << "  nodes " << r.onnxNodes << " -> layers " << r.layers << " (+" << r.inputs << " input"
      << (r.inputs == 1 ? "" : "s") << "), folded " << r.folded << ", fused " << r.fused << ", unknown " << r.unknown
      << "\n";
    s << "  weights: " << r.initializers << " initializers, " << r.weightInputs << " graph inputs taken as weights\n";
    s << "  shapes: " << r.onnxInferredTensors << " tensors from ONNX shape inference, " << r.ruleInferredTensors
      << " from our rules\n";
    if (r.foldedBnBiases > 0)
        s << "  " << r.foldedBnBiases << " conv biases synthesised by the exporter from folded BatchNorm: not counted as params\n";
    s << "  params " << withCommas(r.params) << ", MACs " << withCommas(r.macs) << " (batch 1)\n";
    s << "  layers by kind:";
    for (const auto &k : r.layerKinds)
        s << " " << k.first << " " << k.second;
    s << "\n  ONNX ops:";
    for (const auto &k : r.opCounts)
        s << " " << k.first << " " << k.second;
    s << "\n";
    for (const auto &c : r.controlFlow)
        s << "  control flow: " << c << "\n";
    if (!r.foldedNodes.empty()) {
        s << "  evaluated at import time (" << r.foldedNodes.size() << "):";
        for (const auto &f : r.foldedNodes)
            s << " " << f;
        s << "\n";
    }
    for (const auto &o : r.outputs)
        s << "  output " << o.tensor << " <- layer " << o.layer << " (" << dimsText(o.dims) << ")\n";
    s << "  warnings: " << r.warnings.size() << "\n";
    for (const auto &w : r.warnings)
        s << "    - " << w << "\n";
    return s.str();
}

} // namespace cocco
