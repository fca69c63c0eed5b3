// Small helpers over ONNX protobuf messages: attributes, dims, stored tensor data.
#include "onnx_context.h"

#include <cstring>

namespace cocco {
namespace onnximport {

const onnx::AttributeProto *attribute(const onnx::NodeProto &n, const char *name)
{
    for (const auto &a : n.attribute())
        if (a.name() == name)
            return &a;
    return nullptr;
}

int64_t attrInt(const onnx::NodeProto &n, const char *name, int64_t def)
{
    const auto *a = attribute(n, name);
    return a ? a->i() : def;
}

float attrFloat(const onnx::NodeProto &n, const char *name, float def)
{
    const auto *a = attribute(n, name);
    return a ? a->f() : def;
}

std::string attrString(const onnx::NodeProto &n, const char *name, const std::string &def)
{
    const auto *a = attribute(n, name);
    return a ? a->s() : def;
}

std::vector<int64_t> attrInts(const onnx::NodeProto &n, const char *name)
{
    const auto *a = attribute(n, name);
    if (!a)
        return {};
    return std::vector<int64_t>(a->ints().begin(), a->ints().end());
}

std::string nodeLabel(const onnx::NodeProto &n)
{
    std::string name = n.name();
    if (name.empty() && n.output_size() > 0)
        name = n.output(0);
    return "'" + name + "' (" + n.op_type() + ")";
}

bool product(const std::vector<int64_t> &dims, int64_t *out, size_t from, size_t to)
{
    int64_t p = 1;
    for (size_t i = from; i < dims.size() && i < to; ++i) {
        if (dims[i] < 0)
            return false;
        if (dims[i] != 0 && p > kMaxElements / dims[i])
            return false;
        p *= dims[i];
    }
    *out = p;
    return true;
}

int64_t productOr0(const std::vector<int64_t> &dims, size_t from, size_t to)
{
    int64_t p = 0;
    return product(dims, &p, from, to) ? p : 0;
}

std::string dimsText(const std::vector<int64_t> &dims)
{
    if (dims.empty())
        return "scalar";
    std::string s;
    for (size_t i = 0; i < dims.size(); ++i)
        s += (i ? "x" : "") + std::to_string(dims[i]);
    return s;
}

bool normAxis(int64_t axis, size_t rank, size_t *out)
{
    const int64_t r = static_cast<int64_t>(rank);
    if (axis < -r || axis >= r)
        return false;
    *out = static_cast<size_t>(axis < 0 ? axis + r : axis);
    return true;
}

Shape toShape(const std::vector<int64_t> &d, bool channelsFirst)
{
    Shape s;
    const size_t r = d.size();
    if (r == 1) {
        s.c = d[0];
    } else if (r == 2) {
        s.h = d[0];
        s.c = d[1];
    } else if (r == 3) {
        if (channelsFirst) {
            s.c = d[0] * d[1];
            s.h = d[2];
        } else {
            // [B, T, D], [T, B, D] (sequence first) or [heads, T, d]: the tokens are the larger of
            // the two leading dims, so all of these tile along the same rows.
            const size_t rows = d[0] > d[1] ? 0 : 1;
            s.h = d[rows];
            s.c = d[1 - rows] * d[2];
        }
    } else if (r >= 4) {
        s.c = productOr0(d, 0, r - 2);
        s.h = d[r - 2];
        s.w = d[r - 1];
    }
    return s;
}

char axisRole(size_t axis, const std::vector<int64_t> &dims, bool channelsFirst)
{
    const size_t rank = dims.size();
    if (rank <= 1)
        return 'C';
    if (rank == 2)
        return axis == 0 ? 'H' : 'C';
    if (rank == 3) {
        if (channelsFirst)
            return axis == 2 ? 'H' : 'C';
        return axis == (dims[0] > dims[1] ? size_t(0) : size_t(1)) ? 'H' : 'C';
    }
    if (axis + 2 < rank)
        return 'C';
    return axis + 2 == rank ? 'H' : 'W';
}

namespace {
int elementBytes(int32_t type)
{
    switch (type) {
    case onnx::TensorProto_DataType_FLOAT: return 4;
    case onnx::TensorProto_DataType_UINT8: return 1;
    case onnx::TensorProto_DataType_INT8: return 1;
    case onnx::TensorProto_DataType_UINT16: return 2;
    case onnx::TensorProto_DataType_INT16: return 2;
    case onnx::TensorProto_DataType_INT32: return 4;
    case onnx::TensorProto_DataType_INT64: return 8;
    case onnx::TensorProto_DataType_BOOL: return 1;
    case onnx::TensorProto_DataType_FLOAT16: return 2;
    case onnx::TensorProto_DataType_DOUBLE: return 8;
    case onnx::TensorProto_DataType_UINT32: return 4;
    case onnx::TensorProto_DataType_UINT64: return 8;
    case onnx::TensorProto_DataType_COMPLEX64: return 8;
    case onnx::TensorProto_DataType_COMPLEX128: return 16;
    case onnx::TensorProto_DataType_BFLOAT16: return 2;
    default: return 0;
    }
}
} // namespace

bool isIntType(int32_t t)
{
    switch (t) {
    case onnx::TensorProto_DataType_UINT8:
    case onnx::TensorProto_DataType_INT8:
    case onnx::TensorProto_DataType_UINT16:
    case onnx::TensorProto_DataType_INT16:
    case onnx::TensorProto_DataType_INT32:
    case onnx::TensorProto_DataType_INT64:
    case onnx::TensorProto_DataType_UINT32:
    case onnx::TensorProto_DataType_UINT64:
    case onnx::TensorProto_DataType_BOOL: return true;
    default: return false;
    }
}

bool isExternal(const onnx::TensorProto &t)
{
    return t.data_location() == onnx::TensorProto_DataLocation_EXTERNAL;
}

std::string externalLocation(const onnx::TensorProto &t)
{
    for (const auto &kv : t.external_data())
        if (kv.key() == "location")
            return kv.value();
    return {};
}

int64_t storedElements(const onnx::TensorProto &t)
{
    const int32_t type = t.data_type();
    if (!t.raw_data().empty()) {
        const int b = elementBytes(type);
        if (b == 0 || t.raw_data().size() % static_cast<size_t>(b) != 0)
            return -1;
        return static_cast<int64_t>(t.raw_data().size() / static_cast<size_t>(b));
    }
    switch (type) {
    case onnx::TensorProto_DataType_FLOAT: return t.float_data_size();
    case onnx::TensorProto_DataType_COMPLEX64: return t.float_data_size() / 2;
    case onnx::TensorProto_DataType_DOUBLE: return t.double_data_size();
    case onnx::TensorProto_DataType_COMPLEX128: return t.double_data_size() / 2;
    case onnx::TensorProto_DataType_INT64: return t.int64_data_size();
    case onnx::TensorProto_DataType_UINT32:
    case onnx::TensorProto_DataType_UINT64: return t.uint64_data_size();
    case onnx::TensorProto_DataType_STRING: return t.string_data_size();
    case onnx::TensorProto_DataType_INT32:
    case onnx::TensorProto_DataType_INT16:
    case onnx::TensorProto_DataType_INT8:
    case onnx::TensorProto_DataType_UINT16:
    case onnx::TensorProto_DataType_UINT8:
    case onnx::TensorProto_DataType_BOOL:
    case onnx::TensorProto_DataType_FLOAT16:
    case onnx::TensorProto_DataType_BFLOAT16: return t.int32_data_size();
    default: return -1;
    }
}

bool readValues(const onnx::TensorProto &t, std::vector<double> *out)
{
    if (isExternal(t))
        return false;
    const int64_t n = storedElements(t);
    if (n < 0 || static_cast<size_t>(n) > kMaxValues)
        return false;
    out->clear();
    out->reserve(static_cast<size_t>(n));
    const int32_t type = t.data_type();
    if (!t.raw_data().empty()) {
        const char *p = t.raw_data().data();
        for (int64_t i = 0; i < n; ++i) {
            switch (type) {
            case onnx::TensorProto_DataType_FLOAT: {
                float v;
                std::memcpy(&v, p + 4 * i, 4);
                out->push_back(v);
                break;
            }
            case onnx::TensorProto_DataType_DOUBLE: {
                double v;
                std::memcpy(&v, p + 8 * i, 8);
                out->push_back(v);
                break;
            }
            case onnx::TensorProto_DataType_INT64: {
                int64_t v;
                std::memcpy(&v, p + 8 * i, 8);
                out->push_back(static_cast<double>(v));
                break;
            }
            case onnx::TensorProto_DataType_INT32: {
                int32_t v;
                std::memcpy(&v, p + 4 * i, 4);
                out->push_back(v);
                break;
            }
            case onnx::TensorProto_DataType_UINT8:
            case onnx::TensorProto_DataType_BOOL: out->push_back(static_cast<unsigned char>(p[i])); break;
            case onnx::TensorProto_DataType_INT8: out->push_back(static_cast<signed char>(p[i])); break;
            default: return false;
            }
        }
        return true;
    }
    switch (type) {
    case onnx::TensorProto_DataType_FLOAT:
        out->assign(t.float_data().begin(), t.float_data().end());
        return true;
    case onnx::TensorProto_DataType_DOUBLE:
        out->assign(t.double_data().begin(), t.double_data().end());
        return true;
    case onnx::TensorProto_DataType_INT64:
        for (auto v : t.int64_data())
            out->push_back(static_cast<double>(v));
        return true;
    case onnx::TensorProto_DataType_INT32:
    case onnx::TensorProto_DataType_INT16:
    case onnx::TensorProto_DataType_INT8:
    case onnx::TensorProto_DataType_UINT16:
    case onnx::TensorProto_DataType_UINT8:
    case onnx::TensorProto_DataType_BOOL:
        out->assign(t.int32_data().begin(), t.int32_data().end());
        return true;
    default: return false;
    }
}

} // namespace onnximport
} // namespace cocco
