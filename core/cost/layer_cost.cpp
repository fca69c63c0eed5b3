#include "layer_cost.h"

#include <algorithm>

namespace cocco {

namespace {
int64_t ceilTo(int64_t v, int64_t m) { return (v + m - 1) / m * m; }
int64_t tensorElems(const Shape &s) { return s.c * s.h * s.w; }
} // namespace

bool usesMacArray(const Layer &l)
{
    switch (l.op) {
    case OpKind::Conv:
    case OpKind::ConvTranspose:
    case OpKind::Fc:
    case OpKind::MatMul:
        return l.macs > 0;
    default:
        return false;
    }
}

int64_t reductionChannels(const Network &net, int layer)
{
    const Layer &l = net.layer(layer);
    int64_t cin = l.inChannels;
    if (cin <= 0 && !l.inputs.empty())
        cin = net.layer(l.inputs.front()).out.c;
    return std::max<int64_t>(1, cin / std::max(1, l.groups));
}

double peUtilisation(const Network &net, int layer, const HardwareConfig &hw)
{
    const Layer &l = net.layer(layer);
    if (!usesMacArray(l))
        return 1.0;
    const int64_t rows = std::max(1, hw.macRowsPerPe);
    const int64_t cols = int64_t(std::max(1, hw.macColsPerPe)) * std::max(1, hw.peRows) * std::max(1, hw.peCols);
    const int64_t cin = reductionChannels(net, layer);
    const int64_t k = std::max<int64_t>(1, l.out.c);
    return double(cin) / double(ceilTo(cin, rows)) * (double(k) / double(ceilTo(k, cols)));
}

double layerComputeCycles(const Network &net, int layer, const HardwareConfig &hw)
{
    const Layer &l = net.layer(layer);
    const double mpc = double(std::max<int64_t>(1, hw.macsPerCycle()));
    double cycles = 0;
    if (usesMacArray(l))
        cycles = double(l.macs) / (mpc * peUtilisation(net, layer, hw));
    else {
        // A vector op touches every input and output element once at least.
        int64_t in = 0;
        for (int u : l.inputs)
            in += tensorElems(net.layer(u).out);
        cycles = double(std::max({l.macs, in, tensorElems(l.out)})) / mpc;
    }
    return std::max(1.0, cycles);
}

double layerSramActBytes(const Network &net, int layer, const HardwareConfig &hw)
{
    const Layer &l = net.layer(layer);
    double in = 0;
    for (int u : l.inputs)
        in += double(tensorElems(net.layer(u).out));
    double reuse = 1;
    if (usesMacArray(l)) {
        const int64_t kPerGroup = std::max<int64_t>(1, l.out.c / std::max(1, l.groups));
        reuse = double((kPerGroup + kSramReuseChannels - 1) / kSramReuseChannels);
    }
    return (in * reuse + double(tensorElems(l.out))) * hw.elementBytes;
}

int64_t layerWeightBytes(const Network &net, int layer, const HardwareConfig &hw)
{
    return net.layer(layer).params * hw.elementBytes;
}

LayerSplit layerSplit(const Network &net, int layer, const HardwareConfig &hw)
{
    const Layer &l = net.layer(layer);
    LayerSplit s;
    s.weightBytes = layerWeightBytes(net, layer, hw);
    s.channels = static_cast<uint32_t>(std::clamp<int64_t>(l.out.c, 1, int64_t(1) << 30));
    if (s.weightBytes % s.channels == 0)
        s.weightPerChannel = s.weightBytes / s.channels;
    if (net.isInput(layer))
        return s;
    const double mpc = double(std::max<int64_t>(1, hw.macsPerCycle()));
    if (usesMacArray(l)) {
        // cycles = macs / (mpc * rowUtil * K / ceil_cols(K)) = macs / K / (mpc * rowUtil) * ceil_cols(K).
        const int64_t rows = std::max(1, hw.macRowsPerPe);
        const int64_t cin = reductionChannels(net, layer);
        const double rowUtil = double(cin) / double(ceilTo(cin, rows));
        s.columns = static_cast<uint32_t>(std::max(1, hw.macColsPerPe) * std::max(1, hw.peRows) * std::max(1, hw.peCols));
        s.cyclesPerColumn = double(l.macs) / double(s.channels) / (mpc * rowUtil);
    } else {
        int64_t in = 0;
        for (int u : l.inputs)
            in += tensorElems(net.layer(u).out);
        s.cyclesPerColumn = double(std::max({l.macs, in, tensorElems(l.out)})) / mpc / double(s.channels);
    }
    return s;
}

} // namespace cocco
