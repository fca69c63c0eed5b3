// ONNX import driver: parse, validate, shape inference, weight classification, node walk.
#include "onnx_import.h"

#include "onnx_context.h"
#include "onnx_control.h"
#include "onnx_inputs.h"

#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include <algorithm>
#include <fstream>
#include <queue>
#include <set>
#include <sstream>

namespace cocco {

using namespace onnximport;

namespace {

std::string folderOf(const std::string &path)
{
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? std::string(".") : path.substr(0, slash == 0 ? 1 : slash);
}

std::string stemOf(const std::string &path)
{
    std::string f = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
    const auto dot = f.rfind('.');
    return dot == std::string::npos || dot == 0 ? f : f.substr(0, dot);
}

bool fileExists(const std::string &path)
{
    std::ifstream f(path, std::ios::binary);
    return f.good();
}

// Dims of a ValueInfo; false when the type has no shape or a dimension is symbolic.
bool valueDims(const onnx::ValueInfoProto &v, std::vector<int64_t> *dims, int *missingDim)
{
    *missingDim = -1;
    if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape())
        return false;
    dims->clear();
    const auto &shape = v.type().tensor_type().shape();
    for (int i = 0; i < shape.dim_size(); ++i) {
        if (!shape.dim(i).has_dim_value()) {
            *missingDim = i;
            return false;
        }
        dims->push_back(shape.dim(i).dim_value());
    }
    return true;
}

const std::set<std::string> kWeightOps = {"Conv", "ConvTranspose", "Gemm", "BatchNormalization", "LayerNormalization",
                                          "InstanceNormalization", "GroupNormalization", "PRelu", "ConvInteger",
                                          "QLinearConv", "QuantizeLinear", "DequantizeLinear"};
const std::set<std::string> kWeightPassThrough = {"Identity", "Cast", "Transpose", "Reshape", "Unsqueeze", "Squeeze",
                                                  "Flatten", "Slice", "Split", "Gather", "Concat", "DequantizeLinear"};
const std::set<std::string> kElementwise = {"Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean"};
// Ops whose operands after the first are parameters (shape, axes, pads, scales, ...), never data.
const std::set<std::string> kParamOps = {"Reshape", "Expand", "Tile", "Slice", "Pad", "Resize", "Upsample", "Split",
                                         "Squeeze", "Unsqueeze", "TopK", "Clip", "ReduceSum", "ReduceMean", "ReduceMax",
                                         "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2", "ReduceLogSum",
                                         "ReduceLogSumExp", "ReduceSumSquare", "CumSum", "OneHot", "Dropout"};

// A graph input without initializer is a weight when every use (through view ops) is a weight
// operand: see docs/onnx-import.md, "Weights given as graph inputs".
bool onlyWeightUses(Context &ctx, const std::string &tensor, size_t rank, int depth,
                    std::unordered_set<std::string> *seen)
{
    // A tensor seen before was (or is being) checked in this walk: a `false` would have ended it.
    if (!seen->insert(tensor).second)
        return true;
    auto it = ctx.uses.find(tensor);
    if (it == ctx.uses.end())
        return true;
    const auto &nodes = ctx.graph->node();
    for (const Use &u : it->second) {
        const onnx::NodeProto &n = u.inner ? *u.inner : nodes.Get(u.node);
        const std::string &op = n.op_type();
        if ((kWeightOps.count(op) || kParamOps.count(op)) && u.position >= 1)
            continue;
        if (op == "ConstantOfShape")
            continue;
        if ((op == "LSTM" || op == "GRU" || op == "RNN") && (u.position == 1 || u.position == 2 || u.position == 3 || u.position == 7))
            continue;
        if ((op == "MatMul" || op == "MatMulInteger") && u.position == 1 && rank <= 2)
            continue;
        if (op == "MatMulInteger" && u.position >= 2)
            continue;
        if (op == "QLinearMatMul" && u.position != 0 && (u.position != 3 || rank <= 2))
            continue;
        if (kElementwise.count(op) && rank <= 1)
            continue;
        if (kWeightPassThrough.count(op) && u.position == 0 && depth < 8) {
            for (const auto &o : n.output())
                if (!o.empty() && (ctx.graphOutputs.count(o) || !onlyWeightUses(ctx, o, rank, depth + 1, seen)))
                    return false;
            continue;
        }
        return false;
    }
    return true;
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

    // Initializers: constants with their dims; sizes checked, external files looked up.
    for (const auto &init : g.initializer()) {
        if (init.name().empty())
            return fail("an initializer has no name");
        std::vector<int64_t> dims(init.dims().begin(), init.dims().end());
        int64_t expected = 0;
        if (dims.size() > static_cast<size_t>(kMaxRank) || !product(dims, &expected))
            return fail("initializer '" + init.name() + "' has invalid dims " + dimsText(dims));
        if (isExternal(init)) {
            const std::string loc = externalLocation(init);
            const std::string path = folderOf(source) + "/" + loc;
            if (loc.empty())
                return fail("initializer '" + init.name() + "' is marked as external data but names no file");
            if (!fileExists(path))
                return fail("initializer '" + init.name() + "' keeps its data in the external file '" + loc
                            + "', which is missing (looked for " + path + ")");
        } else if (expected > 0) {
            const int64_t stored = storedElements(init);
            if (stored != expected)
                return fail("initializer '" + init.name() + "' has dims " + dimsText(dims) + " (" + std::to_string(expected)
                            + " elements) but stores " + (stored < 0 ? std::string("unreadable data") : std::to_string(stored) + " elements"));
        }
        TensorInfo &t = ctx.t(init.name());
        t.known = true;
        t.dims = dims;
        t.isStatic = true;
        t.elemType = init.data_type();
        t.hasValues = readValues(init, &t.values);
        ++rep.initializers;
    }
    for (const auto &sp : g.sparse_initializer()) {
        TensorInfo &t = ctx.t(sp.values().name());
        t.known = true;
        t.dims.assign(sp.dims().begin(), sp.dims().end());
        t.isStatic = true;
    }

    // Graph inputs and user overrides.
    std::vector<const onnx::ValueInfoProto *> graphInputs;
    std::set<std::string> inputNames;
    for (const auto &in : g.input()) {
        inputNames.insert(in.name());
        if (!ctx.find(in.name()) || !ctx.t(in.name()).isStatic)
            graphInputs.push_back(&in);
    }
    for (const auto &ov : opts.inputShapes) {
        if (!inputNames.count(ov.first)) {
            std::string names;
            for (const auto *in : graphInputs)
                names += (names.empty() ? "" : ", ") + in->name();
            return fail("--input-shape names '" + ov.first + "', which is not a graph input (inputs: " + names + ")");
        }
    }
    for (const auto &o : g.output())
        ctx.graphOutputs.insert(o.name());

    // Producers, consumers, topological order.
    std::unordered_map<std::string, int> producer;
    for (int i = 0; i < g.node_size(); ++i)
        for (const auto &o : g.node(i).output()) {
            if (o.empty())
                continue;
            if (!producer.emplace(o, i).second)
                return fail("tensor '" + o + "' is produced by two nodes, " + nodeLabel(g.node(producer[o])) + " and "
                            + nodeLabel(g.node(i)));
            if (inputNames.count(o) || (ctx.find(o) && ctx.t(o).isStatic))
                return fail("node " + nodeLabel(g.node(i)) + " writes '" + o + "', which is a graph input or initializer");
        }
    std::vector<int> indeg(static_cast<size_t>(g.node_size()), 0);
    std::vector<std::vector<int>> next(static_cast<size_t>(g.node_size()));
    for (int i = 0; i < g.node_size(); ++i) {
        const auto &n = g.node(i);
        for (int k = 0; k < n.input_size(); ++k) {
            const std::string &in = n.input(k);
            if (in.empty())
                continue;
            ctx.uses[in].push_back({i, k});
            auto p = producer.find(in);
            if (p != producer.end()) {
                next[static_cast<size_t>(p->second)].push_back(i);
                ++indeg[static_cast<size_t>(i)];
            } else if (!inputNames.count(in) && !ctx.find(in)) {
                return fail("node " + nodeLabel(n) + " reads tensor '" + in
                            + "', which no node, graph input or initializer provides");
            }
        }
        // Outer-scope references of sub-graphs: uses (for the weight rule) and ordering edges.
        if (n.attribute_size() == 0)
            continue;
        std::vector<std::string> names;
        const std::vector<Use> inner = outerScopeUses(n, i, &names);
        std::set<int> after;
        for (size_t j = 0; j < inner.size(); ++j) {
            ctx.uses[names[j]].push_back(inner[j]);
            auto p = producer.find(names[j]);
            if (p != producer.end() && p->second != i && after.insert(p->second).second) {
                next[static_cast<size_t>(p->second)].push_back(i);
                ++indeg[static_cast<size_t>(i)];
            }
        }
    }
    std::vector<int> order;
    {
        std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
        for (int i = 0; i < g.node_size(); ++i)
            if (indeg[static_cast<size_t>(i)] == 0)
                ready.push(i);
        while (!ready.empty()) {
            const int u = ready.top();
            ready.pop();
            order.push_back(u);
            for (int v : next[static_cast<size_t>(u)])
                if (--indeg[static_cast<size_t>(v)] == 0)
                    ready.push(v);
        }
        if (order.size() != static_cast<size_t>(g.node_size()))
            for (int i = 0; i < g.node_size(); ++i)
                if (indeg[static_cast<size_t>(i)] > 0)
                    return fail("the graph has a cycle through node " + nodeLabel(g.node(i)));
    }

    // ONNX's shape inference on a copy that carries the user's input shapes.
    {
        onnx::ModelProto copy = model;
        for (auto &in : *copy.mutable_graph()->mutable_input()) {
            auto ov = opts.inputShapes.find(in.name());
            if (ov == opts.inputShapes.end())
                continue;
            auto *shape = in.mutable_type()->mutable_tensor_type()->mutable_shape();
            shape->clear_dim();
            for (int64_t d : ov->second)
                shape->add_dim()->set_dim_value(d);
        }
        // Graph input dims first: the guard's dry run needs them.
        for (const auto &in : copy.graph().input()) {
            std::vector<int64_t> dims;
            int missing = -1;
            TensorInfo &t = ctx.t(in.name());
            if (!t.known && valueDims(in, &dims, &missing) && dims.size() <= static_cast<size_t>(kMaxRank)) {
                t.known = true;
                t.dims = dims;
                t.elemType = in.type().tensor_type().elem_type();
            }
        }
        const std::vector<int> unsafe = nodesUnsafeForOnnx(ctx, order);
        if (!unsafe.empty()) {
            auto *skip = copy.add_opset_import();
            skip->set_domain("cocco.hidden");
            skip->set_version(1);
            for (int idx : unsafe)
                copy.mutable_graph()->mutable_node(idx)->set_domain("cocco.hidden");
        }
        try {
            onnx::shape_inference::InferShapes(copy, onnx::OpSchemaRegistry::Instance(),
                                               onnx::ShapeInferenceOptions(false, 0, true));
        } catch (const std::exception &e) {
            rep.warnings.push_back(std::string("ONNX shape inference stopped (") + e.what()
                                   + "); shapes come from our own rules");
        }
        auto take = [&](const onnx::ValueInfoProto &v) {
            std::vector<int64_t> dims;
            int missing = -1;
            if (v.name().empty() || !valueDims(v, &dims, &missing))
                return;
            TensorInfo &t = ctx.t(v.name());
            int64_t elems = 0;
            if (t.known || dims.size() > static_cast<size_t>(kMaxRank) || !product(dims, &elems))
                return;
            t.known = true;
            t.dims = dims;
            t.elemType = v.type().tensor_type().elem_type();
            if (!inputNames.count(v.name()))
                ++rep.onnxInferredTensors;
        };
        // Graph inputs first (the copy carries the overrides), then everything ONNX inferred.
        for (const auto &v : copy.graph().input())
            take(v);
        for (const auto &v : copy.graph().value_info())
            take(v);
        for (const auto &v : copy.graph().output())
            take(v);
    }

    // Graph inputs: weights or network inputs. When the rule leaves no activation input at all (a
    // graph of constants-like vectors, e.g. Max of two 1-D inputs), every used input is an activation.
    bool anyActivation = false;
    for (const auto *in : graphInputs) {
        const TensorInfo &t = ctx.t(in->name());
        std::unordered_set<std::string> seen;
        if (ctx.uses.count(in->name()) && !onlyWeightUses(ctx, in->name(), t.known ? t.dims.size() : 99, 0, &seen))
            anyActivation = true;
    }
    for (const auto *in : graphInputs) {
        TensorInfo &t = ctx.t(in->name());
        if (!ctx.uses.count(in->name())) {
            rep.warnings.push_back("graph input '" + in->name() + "' is not used by any node; ignored");
            t.isStatic = true;
            continue;
        }
        const size_t rank = t.known ? t.dims.size() : 99;
        int64_t inputElems = 0;
        if (t.known && !product(t.dims, &inputElems))
            return fail("input '" + in->name() + "' has a negative or too large dimension (" + dimsText(t.dims) + ")");
        std::unordered_set<std::string> seen;
        if (anyActivation && onlyWeightUses(ctx, in->name(), rank, 0, &seen)) {
            t.isStatic = true;
            ++rep.weightInputs;
            continue;
        }
        std::vector<int64_t> dims;
        int missing = -1;
        if (!opts.inputShapes.count(in->name()) && !valueDims(*in, &dims, &missing)) {
            return fail(dynamicInputMessage(g, *in));
        }
        if (!t.known)
            return fail("input '" + in->name() + "' has no usable shape");
        for (size_t i = 0; i < t.dims.size(); ++i)
            if (t.dims[i] <= 0)
                return fail("input '" + in->name() + "' has a zero-size dimension (dim " + std::to_string(i) + " of "
                            + dimsText(t.dims) + ")");
        int64_t elems = 0;
        if (!product(t.dims, &elems))
            return fail("input '" + in->name() + "' is too large (" + dimsText(t.dims) + ")");
        for (const Use &u : ctx.uses[in->name()]) {
            const std::string &op = u.inner ? u.inner->op_type() : g.node(u.node).op_type();
            if (u.position == 0 && (op == "Conv" || op == "ConvTranspose" || op.find("Pool") != std::string::npos))
                t.channelsFirst = true;
        }
        if (t.dims.size() >= 3 && t.dims[0] > 1)
            rep.warnings.push_back("input '" + in->name() + "' has batch " + std::to_string(t.dims[0])
                                   + "; the network is imported as one tensor of that size (batch is a hardware setting: "
                                     "export with batch 1 or use --input-shape)");
        Layer l;
        l.name = in->name();
        l.op = OpKind::Input;
        l.opType = "Input";
        l.out = toShape(t.dims, t.channelsFirst);
        ctx.layerNames.insert(l.name);
        t.layer = ctx.net.addLayer(std::move(l));
        ctx.layerHasBias.push_back(0);
        ++rep.inputs;
    }
    if (rep.inputs == 0)
        return fail("the graph has no activation input (every graph input is a constant or a weight)");

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
