// Builds small ONNX models in memory with the protobuf API: test inputs, the import benchmark's
// synthetic 1,000-node model and fuzzing seeds. Not used by the importer itself.
#pragma once

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <vector>

namespace cocco {

class OnnxModelBuilder {
public:
    explicit OnnxModelBuilder(int64_t opset = 13, const std::string &graphName = "test");

    // A float graph input; a dim < 0 is symbolic ("N"); `withShape` false leaves the type shapeless.
    void input(const std::string &name, const std::vector<int64_t> &dims, bool withShape = true,
               int32_t elemType = onnx::TensorProto_DataType_FLOAT);
    void output(const std::string &name, int32_t elemType = onnx::TensorProto_DataType_FLOAT);
    // Float initializer of zeros stored as raw data; `storedElements` < 0 stores exactly dims' product.
    void initializer(const std::string &name, const std::vector<int64_t> &dims, int64_t storedElements = -1);
    void intInitializer(const std::string &name, const std::vector<int64_t> &values);
    // An initializer of zeros of another element type (INT8, UINT8, INT32, FLOAT16, BFLOAT16, ...),
    // stored as raw data of `bytesPerElement` each.
    void typedInitializer(const std::string &name, const std::vector<int64_t> &dims, int32_t dataType,
                          int bytesPerElement);
    // A Constant node producing an int64 tensor (`dims` empty: a scalar of values[0]).
    void intConstant(const std::string &output, const std::vector<int64_t> &values, const std::vector<int64_t> &dims);
    // A bool scalar Constant node.
    void boolConstant(const std::string &output, bool value);
    // An initializer whose data lives in an external file `location` (not written here).
    void externalInitializer(const std::string &name, const std::vector<int64_t> &dims, const std::string &location);

    // Adds a node and returns its index for the attribute setters.
    int node(const std::string &op, const std::vector<std::string> &inputs, const std::vector<std::string> &outputs,
             const std::string &name = {});
    void attr(int node, const std::string &name, int64_t v);
    void attr(int node, const std::string &name, const std::vector<int64_t> &v);
    void attr(int node, const std::string &name, float v);
    void attr(int node, const std::string &name, const std::string &v);
    void attr(int node, const std::string &name, const onnx::GraphProto &g); // If / Loop / Scan bodies

    onnx::ModelProto &proto() { return m_model; }
    std::string bytes() const;

private:
    onnx::ModelProto m_model;
};

} // namespace cocco
