#include "net_builder.h"

#include <algorithm>

namespace cocco {

namespace {
// Output extent of a sliding window; PyTorch's formula, including its ceil-mode rule that the
// last window must start inside the input or the left padding.
int64_t outExtent(int64_t in, int effK, int s, int pad, bool ceilMode)
{
    const int64_t span = in + 2 * pad - effK;
    if (span < 0)
        return 0;
    int64_t out = (ceilMode ? (span + s - 1) / s : span / s) + 1;
    if (ceilMode && (out - 1) * s >= in + pad)
        --out;
    return out;
}

// Right/bottom padding: the declared one, or more where a ceil-mode window reads past it (as an
// ONNX export of the same model records it).
int padEndFor(int64_t in, int64_t out, int effK, int s, int pad)
{
    const int64_t need = (out - 1) * s + effK - in - pad;
    return static_cast<int>(std::max<int64_t>(pad, need));
}

Window1D window1D(int64_t in, int64_t out, int k, int s, int d, int pad)
{
    Window1D w;
    w.kernel = k;
    w.stride = s;
    w.dilation = d;
    w.padBegin = pad;
    w.padEnd = padEndFor(in, out, d * (k - 1) + 1, s, pad);
    return w;
}
} // namespace

NetBuilder::NetBuilder(std::string networkName)
{
    m_net.name = std::move(networkName);
}

void NetBuilder::fail(const std::string &message)
{
    if (m_error.empty())
        m_error = "zoo model '" + m_net.name + "': " + message;
}

bool NetBuilder::checkId(const std::string &name, int id)
{
    if (id < 0 || id >= static_cast<int>(m_net.size())) {
        fail("layer '" + name + "' reads an unknown layer id " + std::to_string(id));
        return false;
    }
    return true;
}

const Shape &NetBuilder::shape(int id) const
{
    static const Shape kNone{};
    if (id < 0 || id >= static_cast<int>(m_net.size()))
        return kNone;
    return m_net.layer(id).out;
}

int NetBuilder::addLayer(Layer l)
{
    return m_net.addLayer(std::move(l));
}

int NetBuilder::input(const std::string &name, int64_t c, int64_t h, int64_t w)
{
    Layer l;
    l.name = name;
    l.op = OpKind::Input;
    l.opType = "Input";
    l.out = {1, c, h, w};
    return addLayer(std::move(l));
}

int NetBuilder::conv(const std::string &name, int in, int64_t outC, int k, int s, int pad, int groups, bool bias, int d)
{
    if (!checkId(name, in))
        return in;
    const Shape x = shape(in);
    if (groups <= 0 || x.c % groups != 0 || outC % groups != 0)
        fail("conv '" + name + "': " + std::to_string(x.c) + " input / " + std::to_string(outC)
             + " output channels are not divisible by groups " + std::to_string(groups));
    const int effK = d * (k - 1) + 1;
    const int64_t ho = outExtent(x.h, effK, s, pad, false);
    const int64_t wo = outExtent(x.w, effK, s, pad, false);
    if (ho <= 0 || wo <= 0)
        fail("conv '" + name + "': kernel " + std::to_string(k) + " does not fit the " + std::to_string(x.h) + "x"
             + std::to_string(x.w) + " input");
    Layer l;
    l.name = name;
    l.op = OpKind::Conv;
    l.opType = "Conv";
    l.out = {1, outC, std::max<int64_t>(ho, 1), std::max<int64_t>(wo, 1)};
    l.inputs = {in};
    WindowRelation r;
    r.h = window1D(x.h, l.out.h, k, s, d, pad);
    r.w = window1D(x.w, l.out.w, k, s, d, pad);
    l.windows = {r};
    const int64_t weights = outC * (x.c / std::max(groups, 1)) * k * k;
    l.params = weights + (bias ? outC : 0);
    l.macs = weights * l.out.h * l.out.w;
    l.inChannels = x.c;
    l.groups = groups;
    return addLayer(std::move(l));
}

int NetBuilder::dwConv(const std::string &name, int in, int k, int s, bool bias)
{
    const int64_t c = shape(in).c;
    return conv(name, in, c, k, s, (k - 1) / 2, static_cast<int>(c), bias);
}

int NetBuilder::pool(const std::string &name, int in, int k, int s, int pad, bool ceilMode, const char *type)
{
    if (!checkId(name, in))
        return in;
    const Shape x = shape(in);
    const int64_t ho = outExtent(x.h, k, s, pad, ceilMode);
    const int64_t wo = outExtent(x.w, k, s, pad, ceilMode);
    if (ho <= 0 || wo <= 0)
        fail("pool '" + name + "': window " + std::to_string(k) + " does not fit the input");
    Layer l;
    l.name = name;
    l.op = OpKind::Pool;
    l.opType = type;
    l.out = {1, x.c, std::max<int64_t>(ho, 1), std::max<int64_t>(wo, 1)};
    l.inputs = {in};
    WindowRelation r;
    r.h = window1D(x.h, l.out.h, k, s, 1, pad);
    r.w = window1D(x.w, l.out.w, k, s, 1, pad);
    l.windows = {r};
    return addLayer(std::move(l));
}

int NetBuilder::maxPool(const std::string &name, int in, int k, int s, int pad, bool ceilMode)
{
    return pool(name, in, k, s, pad, ceilMode, "MaxPool");
}

int NetBuilder::avgPool(const std::string &name, int in, int k, int s, int pad, bool ceilMode)
{
    return pool(name, in, k, s, pad, ceilMode, "AveragePool");
}

int NetBuilder::globalPool(const std::string &name, int in)
{
    if (!checkId(name, in))
        return in;
    Layer l;
    l.name = name;
    l.op = OpKind::GlobalPool;
    l.opType = "GlobalAveragePool";
    l.out = {1, shape(in).c, 1, 1};
    l.inputs = {in};
    l.windows = {WindowRelation::fullEdge()};
    return addLayer(std::move(l));
}

int NetBuilder::fc(const std::string &name, int in, int64_t outF, bool bias)
{
    if (!checkId(name, in))
        return in;
    const Shape x = shape(in);
    const int64_t inF = x.c * x.h * x.w;
    Layer l;
    l.name = name;
    l.op = OpKind::Fc;
    l.opType = "Gemm";
    l.out = {1, outF, 1, 1};
    l.inputs = {in};
    // A flattened spatial tensor is consumed as a whole; a 1x1 one maps position to position.
    l.windows = {x.h * x.w > 1 ? WindowRelation::fullEdge() : WindowRelation::identity()};
    l.params = inF * outF + (bias ? outF : 0);
    l.macs = inF * outF;
    l.inChannels = inF;
    return addLayer(std::move(l));
}

int NetBuilder::linear(const std::string &name, int in, int64_t outF, bool bias)
{
    if (!checkId(name, in))
        return in;
    const Shape x = shape(in);
    Layer l;
    l.name = name;
    l.op = OpKind::Fc;
    l.opType = "Gemm";
    l.out = {1, outF, x.h, x.w};
    l.inputs = {in};
    l.windows = {WindowRelation::identity()};
    l.params = x.c * outF + (bias ? outF : 0);
    l.macs = x.h * x.w * x.c * outF;
    l.inChannels = x.c;
    return addLayer(std::move(l));
}

int NetBuilder::add(const std::string &name, const std::vector<int> &ins)
{
    if (ins.empty()) {
        fail("add '" + name + "' has no inputs");
        return -1;
    }
    for (int id : ins)
        if (!checkId(name, id))
            return id;
    for (int id : ins)
        if (shape(id) != shape(ins.front()))
            fail("add '" + name + "': input '" + m_net.layer(id).name + "' has a different shape from '"
                 + m_net.layer(ins.front()).name + "'");
    Layer l;
    l.name = name;
    l.op = OpKind::Eltwise;
    l.opType = "Add";
    l.out = shape(ins.front());
    l.inputs = ins;
    l.windows.assign(ins.size(), WindowRelation::identity());
    return addLayer(std::move(l));
}

int NetBuilder::concat(const std::string &name, const std::vector<int> &ins)
{
    if (ins.empty()) {
        fail("concat '" + name + "' has no inputs");
        return -1;
    }
    for (int id : ins)
        if (!checkId(name, id))
            return id;
    Shape out = shape(ins.front());
    out.c = 0;
    for (int id : ins) {
        const Shape &x = shape(id);
        if (x.h != out.h || x.w != out.w)
            fail("concat '" + name + "': input '" + m_net.layer(id).name + "' has a different spatial size");
        out.c += x.c;
    }
    Layer l;
    l.name = name;
    l.op = OpKind::Concat;
    l.opType = "Concat";
    l.out = out;
    l.inputs = ins;
    l.windows.assign(ins.size(), WindowRelation::identity());
    return addLayer(std::move(l));
}

int NetBuilder::matmul(const std::string &name, int lhs, int rhs, int64_t outC, int64_t inChannels, int groups)
{
    if (!checkId(name, lhs) || !checkId(name, rhs))
        return lhs;
    const Shape a = shape(lhs);
    Layer l;
    l.name = name;
    l.op = OpKind::MatMul;
    l.opType = "MatMul";
    l.out = {1, outC, a.h, a.w};
    l.inputs = {lhs, rhs};
    l.windows = {WindowRelation::identity(), WindowRelation::fullEdge()};
    l.macs = outC * a.h * a.w * (inChannels / std::max(groups, 1));
    l.inChannels = inChannels;
    l.groups = groups;
    return addLayer(std::move(l));
}

int NetBuilder::softmax(const std::string &name, int in)
{
    if (!checkId(name, in))
        return in;
    Layer l;
    l.name = name;
    l.op = OpKind::Softmax;
    l.opType = "Softmax";
    l.out = shape(in);
    l.inputs = {in};
    l.windows = {WindowRelation::identity()};
    return addLayer(std::move(l));
}

int NetBuilder::layerNorm(const std::string &name, int in)
{
    if (!checkId(name, in))
        return in;
    Layer l;
    l.name = name;
    l.op = OpKind::LayerNorm;
    l.opType = "LayerNormalization";
    l.out = shape(in);
    l.inputs = {in};
    l.windows = {WindowRelation::identity()};
    return addLayer(std::move(l));
}

Result<Network> NetBuilder::finish()
{
    if (!m_error.empty())
        return makeError(m_error);
    Status st = m_net.finalize();
    if (!st.ok())
        return makeError("zoo model '" + m_net.name + "': " + st.message());
    return std::move(m_net);
}

} // namespace cocco
