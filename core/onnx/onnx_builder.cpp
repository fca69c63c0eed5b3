#include "onnx_builder.h"

namespace cocco {

OnnxModelBuilder::OnnxModelBuilder(int64_t opset, const std::string &graphName)
{
    m_model.set_ir_version(7);
    m_model.set_producer_name("cocco-test");
    auto *o = m_model.add_opset_import();
    o->set_domain("");
    o->set_version(opset);
    m_model.mutable_graph()->set_name(graphName);
}

void OnnxModelBuilder::input(const std::string &name, const std::vector<int64_t> &dims, bool withShape, int32_t elemType)
{
    auto *v = m_model.mutable_graph()->add_input();
    v->set_name(name);
    auto *tt = v->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(elemType);
    if (!withShape)
        return;
    auto *shape = tt->mutable_shape();
    for (int64_t d : dims) {
        auto *dim = shape->add_dim();
        if (d < 0)
            dim->set_dim_param("N");
        else
            dim->set_dim_value(d);
    }
}

void OnnxModelBuilder::output(const std::string &name, int32_t elemType)
{
    auto *v = m_model.mutable_graph()->add_output();
    v->set_name(name);
    v->mutable_type()->mutable_tensor_type()->set_elem_type(elemType);
}

void OnnxModelBuilder::initializer(const std::string &name, const std::vector<int64_t> &dims, int64_t storedElements)
{
    auto *t = m_model.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto_DataType_FLOAT);
    int64_t n = 1;
    for (int64_t d : dims) {
        t->add_dims(d);
        n *= d;
    }
    if (storedElements >= 0)
        n = storedElements;
    t->set_raw_data(std::string(static_cast<size_t>(n) * 4, '\0'));
}

void OnnxModelBuilder::intInitializer(const std::string &name, const std::vector<int64_t> &values)
{
    auto *t = m_model.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto_DataType_INT64);
    t->add_dims(static_cast<int64_t>(values.size()));
    for (int64_t v : values)
        t->add_int64_data(v);
}

void OnnxModelBuilder::typedInitializer(const std::string &name, const std::vector<int64_t> &dims, int32_t dataType,
                                        int bytesPerElement)
{
    auto *t = m_model.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(dataType);
    int64_t n = 1;
    for (int64_t d : dims) {
        t->add_dims(d);
        n *= d;
    }
    t->set_raw_data(std::string(static_cast<size_t>(n * bytesPerElement), '\0'));
}

void OnnxModelBuilder::intConstant(const std::string &output, const std::vector<int64_t> &values,
                                   const std::vector<int64_t> &dims)
{
    auto *a = m_model.mutable_graph()->mutable_node(node("Constant", {}, {output}, output))->add_attribute();
    a->set_name("value");
    a->set_type(onnx::AttributeProto_AttributeType_TENSOR);
    auto *t = a->mutable_t();
    t->set_data_type(onnx::TensorProto_DataType_INT64);
    for (int64_t d : dims)
        t->add_dims(d);
    for (int64_t v : values)
        t->add_int64_data(v);
}

void OnnxModelBuilder::boolConstant(const std::string &output, bool value)
{
    auto *a = m_model.mutable_graph()->mutable_node(node("Constant", {}, {output}, output))->add_attribute();
    a->set_name("value");
    a->set_type(onnx::AttributeProto_AttributeType_TENSOR);
    a->mutable_t()->set_data_type(onnx::TensorProto_DataType_BOOL);
    a->mutable_t()->add_int32_data(value ? 1 : 0);
}

void OnnxModelBuilder::externalInitializer(const std::string &name, const std::vector<int64_t> &dims,
                                           const std::string &location)
{
    auto *t = m_model.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto_DataType_FLOAT);
    for (int64_t d : dims)
        t->add_dims(d);
    t->set_data_location(onnx::TensorProto_DataLocation_EXTERNAL);
    auto *kv = t->add_external_data();
    kv->set_key("location");
    kv->set_value(location);
}

int OnnxModelBuilder::node(const std::string &op, const std::vector<std::string> &inputs,
                           const std::vector<std::string> &outputs, const std::string &name)
{
    auto *n = m_model.mutable_graph()->add_node();
    n->set_op_type(op);
    n->set_name(name);
    for (const auto &i : inputs)
        n->add_input(i);
    for (const auto &o : outputs)
        n->add_output(o);
    return m_model.graph().node_size() - 1;
}

void OnnxModelBuilder::attr(int node, const std::string &name, int64_t v)
{
    auto *a = m_model.mutable_graph()->mutable_node(node)->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto_AttributeType_INT);
    a->set_i(v);
}

void OnnxModelBuilder::attr(int node, const std::string &name, const std::vector<int64_t> &v)
{
    auto *a = m_model.mutable_graph()->mutable_node(node)->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto_AttributeType_INTS);
    for (int64_t x : v)
        a->add_ints(x);
}

void OnnxModelBuilder::attr(int node, const std::string &name, float v)
{
    auto *a = m_model.mutable_graph()->mutable_node(node)->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto_AttributeType_FLOAT);
    a->set_f(v);
}

void OnnxModelBuilder::attr(int node, const std::string &name, const std::string &v)
{
    auto *a = m_model.mutable_graph()->mutable_node(node)->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto_AttributeType_STRING);
    a->set_s(v);
}

void OnnxModelBuilder::attr(int node, const std::string &name, const onnx::GraphProto &g)
{
    auto *a = m_model.mutable_graph()->mutable_node(node)->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto_AttributeType_GRAPH);
    *a->mutable_g() = g;
}

std::string OnnxModelBuilder::bytes() const
{
    return m_model.SerializeAsString();
}

} // namespace cocco
