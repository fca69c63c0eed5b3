// Graph inputs (docs/onnx-import.md, "Dynamic dimensions"): which inputs have dimensions the file
// leaves open, the message that names them and the options that set them, and applying
// --input-shape / --dim to a parsed graph.
#include "onnx_inputs.h"

#include <google/protobuf/io/coded_stream.h>

#include <algorithm>
#include <cstdint>
#include <set>

namespace cocco {
namespace onnximport {

bool parseModel(const std::string &bytes, onnx::ModelProto *model)
{
    google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t *>(bytes.data()),
                                              static_cast<int>(std::min<size_t>(bytes.size(), INT32_MAX)));
    in.SetRecursionLimit(kProtobufRecursionLimit);
    return model->ParseFromCodedStream(&in) && in.ConsumedEntireMessage();
}

bool isInitializer(const onnx::GraphProto &g, const std::string &name)
{
    for (const auto &i : g.initializer())
        if (i.name() == name)
            return true;
    return false;
}

// Graph inputs with a tensor type whose dims are not all known (initializer-backed inputs excluded).
std::vector<OnnxDynamicInput> dynamicOf(const onnx::GraphProto &g)
{
    std::vector<OnnxDynamicInput> r;
    for (const auto &in : g.input()) {
        if (!in.type().has_tensor_type() || isInitializer(g, in.name()))
            continue;
        OnnxDynamicInput d;
        d.name = in.name();
        bool dynamic = !in.type().tensor_type().has_shape();
        d.hasShape = !dynamic;
        for (const auto &dim : in.type().tensor_type().shape().dim()) {
            d.dims.push_back(dim.has_dim_value() ? dim.dim_value() : -1);
            d.dimNames.push_back(dim.has_dim_value() ? std::string() : dim.dim_param());
            dynamic = dynamic || !dim.has_dim_value();
        }
        if (dynamic)
            r.push_back(std::move(d));
    }
    return r;
}

// "input 'x' has dynamic dimensions ...; set them with --dim ... or --input-shape ..."
std::string dynamicInputMessage(const onnx::GraphProto &g, const onnx::ValueInfoProto &in)
{
    if (!in.type().has_tensor_type())
        return "input '" + in.name() + "' is not a tensor (a sequence, map or optional value), which the workbench does "
               "not model";
    const auto all = dynamicOf(g);
    std::string others;
    for (const auto &d : all)
        others += (others.empty() ? "" : ", ") + d.name + "[" + [&] {
            std::string s;
            for (size_t i = 0; i < d.dims.size(); ++i)
                s += (i ? "," : "") + (d.dims[i] >= 0 ? std::to_string(d.dims[i]) : d.dimNames[i].empty() ? "?" : d.dimNames[i]);
            return s;
        }() + "]";
    if (!in.type().tensor_type().has_shape())
        return "input '" + in.name() + "' has no shape; give it with --input-shape " + in.name()
               + "=1,3,224,224 (dynamic inputs: " + others + ")";
    std::string dims, named, example;
    const auto &shape = in.type().tensor_type().shape();
    for (int i = 0; i < shape.dim_size(); ++i) {
        const auto &d = shape.dim(i);
        example += (i ? "," : "") + (d.has_dim_value() ? std::to_string(d.dim_value()) : std::string(i == 0 ? "1" : "N"));
        if (d.has_dim_value())
            continue;
        dims += (dims.empty() ? "" : ", ") + std::string("dim ") + std::to_string(i)
              + (d.dim_param().empty() ? " (unnamed)" : " '" + d.dim_param() + "'");
        if (!d.dim_param().empty() && named.find("--dim " + d.dim_param() + "=") == std::string::npos)
            named += " --dim " + d.dim_param() + "=" + (i == 0 ? "1" : "N");
    }
    return "input '" + in.name() + "' has dynamic dimensions (" + dims + "); set them with"
           + (named.empty() ? std::string() : named + " or with") + " --input-shape " + in.name() + "=" + example
           + " (dynamic inputs: " + others + ")";
}

// Applies --input-shape and --dim to the graph inputs; an error for a --dim no input has.
Status applyInputOptions(onnx::GraphProto *g, const OnnxImportOptions &opts)
{
    std::set<std::string> params;
    for (auto &in : *g->mutable_input()) {
        if (!in.type().has_tensor_type())
            continue;
        for (const auto &d : in.type().tensor_type().shape().dim())
            if (!d.has_dim_value() && !d.dim_param().empty())
                params.insert(d.dim_param());
        auto ov = opts.inputShapes.find(in.name());
        if (ov != opts.inputShapes.end()) {
            auto *shape = in.mutable_type()->mutable_tensor_type()->mutable_shape();
            shape->clear_dim();
            for (int64_t d : ov->second)
                shape->add_dim()->set_dim_value(d);
            continue;
        }
        if (!in.type().tensor_type().has_shape())
            continue;
        for (auto &d : *in.mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim()) {
            if (d.has_dim_value() || d.dim_param().empty())
                continue;
            auto v = opts.dims.find(d.dim_param());
            if (v != opts.dims.end())
                d.set_dim_value(v->second);
        }
    }
    for (const auto &d : opts.dims)
        if (!params.count(d.first)) {
            std::string names;
            for (const auto &p : params)
                names += (names.empty() ? "" : ", ") + p;
            return makeError("--dim names '" + d.first + "', which is no symbolic dimension of the inputs ("
                             + (names.empty() ? std::string("they have none") : "they have: " + names) + ")");
        }
    return okStatus();
}

} // namespace onnximport

using namespace onnximport;

Result<std::vector<OnnxDynamicInput>> onnxDynamicInputs(const std::string &bytes, const std::string &source,
                                                        const OnnxImportOptions &opts)
{
    onnx::ModelProto model;
    try {
        if (bytes.empty() || !parseModel(bytes, &model) || !model.has_graph())
            return makeError(source + ": not an ONNX model");
        // A --dim that no input has is reported by the import itself; the others apply here.
        (void)applyInputOptions(model.mutable_graph(), opts);
        return dynamicOf(model.graph());
    } catch (const std::exception &e) {
        return makeError(source + ": " + e.what());
    }
}

} // namespace cocco
