// The stages of an ONNX import before the node walk (onnx_graph.h).
#include "onnx_graph.h"

#include "onnx_inputs.h"

#include "model/topo_order.h"

#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include <fstream>

namespace cocco {
namespace onnximport {

namespace {

std::string folderOf(const std::string &path)
{
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? std::string(".") : path.substr(0, slash == 0 ? 1 : slash);
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

} // namespace

Status readInitializers(Context &ctx, const std::string &source)
{
    const onnx::GraphProto &g = *ctx.graph;
    ImportReport &rep = ctx.report;
    for (const auto &init : g.initializer()) {
        if (init.name().empty())
            return makeError("an initializer has no name");
        std::vector<int64_t> dims(init.dims().begin(), init.dims().end());
        int64_t expected = 0;
        if (dims.size() > static_cast<size_t>(kMaxRank) || !product(dims, &expected))
            return makeError("initializer '" + init.name() + "' has invalid dims " + dimsText(dims));
        if (isExternal(init)) {
            const std::string loc = externalLocation(init);
            const std::string path = folderOf(source) + "/" + loc;
            if (loc.empty())
                return makeError("initializer '" + init.name() + "' is marked as external data but names no file");
            if (!fileExists(path))
                return makeError("initializer '" + init.name() + "' keeps its data in the external file '" + loc
                                 + "', which is missing (looked for " + path + ")");
        } else if (expected > 0) {
            const int64_t stored = storedElements(init);
            if (stored != expected)
                return makeError("initializer '" + init.name() + "' has dims " + dimsText(dims) + " (" + std::to_string(expected)
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
    return okStatus();
}

Status collectGraphInputs(Context &ctx, const OnnxImportOptions &opts, GraphInputs *out)
{
    const onnx::GraphProto &g = *ctx.graph;
    std::vector<const onnx::ValueInfoProto *> &graphInputs = out->inputs;
    std::set<std::string> &inputNames = out->names;
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
            return makeError("--input-shape names '" + ov.first + "', which is not a graph input (inputs: " + names + ")");
        }
    }
    for (const auto &o : g.output())
        ctx.graphOutputs.insert(o.name());
    return okStatus();
}

Status orderNodes(Context &ctx, const GraphInputs &inputs, std::unordered_map<std::string, int> *producerOut,
                  std::vector<int> *orderOut)
{
    const onnx::GraphProto &g = *ctx.graph;
    const std::set<std::string> &inputNames = inputs.names;
    std::unordered_map<std::string, int> &producer = *producerOut;
    std::vector<int> &order = *orderOut;
    for (int i = 0; i < g.node_size(); ++i)
        for (const auto &o : g.node(i).output()) {
            if (o.empty())
                continue;
            if (!producer.emplace(o, i).second)
                return makeError("tensor '" + o + "' is produced by two nodes, " + nodeLabel(g.node(producer[o])) + " and "
                                 + nodeLabel(g.node(i)));
            if (inputNames.count(o) || (ctx.find(o) && ctx.t(o).isStatic))
                return makeError("node " + nodeLabel(g.node(i)) + " writes '" + o + "', which is a graph input or initializer");
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
                return makeError("node " + nodeLabel(n) + " reads tensor '" + in
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
    order = minHeapTopoOrder(next, indeg);
    if (order.size() != static_cast<size_t>(g.node_size()))
        for (int i = 0; i < g.node_size(); ++i)
            if (indeg[static_cast<size_t>(i)] > 0)
                return makeError("the graph has a cycle through node " + nodeLabel(g.node(i)));
    return okStatus();
}

void inferOnnxShapes(Context &ctx, const onnx::ModelProto &model, const OnnxImportOptions &opts,
                     const GraphInputs &inputs, const std::vector<int> &order)
{
    const std::set<std::string> &inputNames = inputs.names;
    ImportReport &rep = ctx.report;
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

Status addNetworkInputs(Context &ctx, const OnnxImportOptions &opts, const GraphInputs &inputs)
{
    const onnx::GraphProto &g = *ctx.graph;
    const std::vector<const onnx::ValueInfoProto *> &graphInputs = inputs.inputs;
    ImportReport &rep = ctx.report;
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
            return makeError("input '" + in->name() + "' has a negative or too large dimension (" + dimsText(t.dims) + ")");
        std::unordered_set<std::string> seen;
        if (anyActivation && onlyWeightUses(ctx, in->name(), rank, 0, &seen)) {
            t.isStatic = true;
            ++rep.weightInputs;
            continue;
        }
        std::vector<int64_t> dims;
        int missing = -1;
        if (!opts.inputShapes.count(in->name()) && !valueDims(*in, &dims, &missing)) {
            return makeError(dynamicInputMessage(g, *in));
        }
        if (!t.known)
            return makeError("input '" + in->name() + "' has no usable shape");
        for (size_t i = 0; i < t.dims.size(); ++i)
            if (t.dims[i] <= 0)
                return makeError("input '" + in->name() + "' has a zero-size dimension (dim " + std::to_string(i) + " of "
                                 + dimsText(t.dims) + ")");
        int64_t elems = 0;
        if (!product(t.dims, &elems))
            return makeError("input '" + in->name() + "' is too large (" + dimsText(t.dims) + ")");
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
        return makeError("the graph has no activation input (every graph input is a constant or a weight)");
    return okStatus();
}

} // namespace onnximport
} // namespace cocco
