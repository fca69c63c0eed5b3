// A small graph builder for the model zoo: each call adds one layer, computes its output shape,
// window relation(s), parameters and MACs the way PyTorch counts them (conv / FC weights + bias,
// BatchNorm folded), and returns the new layer's id. Shape errors are recorded, not thrown: the
// first one is returned by finish(), so model code stays a plain list of calls.
#pragma once

#include "model/network.h"

#include <string>
#include <vector>

namespace cocco {

class NetBuilder {
public:
    explicit NetBuilder(std::string networkName);

    // Network input tensor of shape (1, c, h, w).
    int input(const std::string &name, int64_t c, int64_t h, int64_t w = 1);

    // Conv2d with a square kernel `k`, stride `s`, symmetric padding `pad`, dilation `d`.
    // Params = outC·(inC/groups)·k·k (+ outC with bias); MACs = params_w · Hout · Wout.
    int conv(const std::string &name, int in, int64_t outC, int k, int s = 1, int pad = 0, int groups = 1,
             bool bias = false, int d = 1);
    // Depth-wise conv (groups == channels == output channels), "same" padding (k-1)/2.
    int dwConv(const std::string &name, int in, int k, int s = 1, bool bias = false);

    // Max / average pooling (window without weights). ceilMode follows PyTorch's rule (the last
    // window must start inside the input or the left padding).
    int maxPool(const std::string &name, int in, int k, int s, int pad = 0, bool ceilMode = false);
    int avgPool(const std::string &name, int in, int k, int s, int pad = 0, bool ceilMode = false);
    // Global average pooling: reads its input with a full edge; output C×1×1.
    int globalPool(const std::string &name, int in);

    // Classifier FC after a flatten: a spatial input (H·W > 1) is read with a full edge; a 1×1
    // input (after global pooling) with an identity window. Output outF×1×1.
    int fc(const std::string &name, int in, int64_t outF, bool bias = true);
    // Position-wise Linear on [tokens, hidden] tensors (C = hidden, H = tokens): identity window,
    // params = inC·outF (+ outF), MACs = H·W·inC·outF.
    int linear(const std::string &name, int in, int64_t outF, bool bias = true);

    // Element-wise add (all inputs must have the same shape), identity windows.
    int add(const std::string &name, const std::vector<int> &ins);
    // Channel concat (same H, W), identity windows.
    int concat(const std::string &name, const std::vector<int> &ins);

    // Activation × activation MatMul: `lhs` is read with an identity window, `rhs` with a full
    // edge. The caller gives the output shape and the grouped-conv analogue used for PE
    // utilisation: every output element performs inChannels/groups MACs.
    int matmul(const std::string &name, int lhs, int rhs, int64_t outC, int64_t inChannels, int groups);
    int softmax(const std::string &name, int in);
    int layerNorm(const std::string &name, int in);

    const Shape &shape(int id) const;
    int64_t channels(int id) const { return shape(id).c; }
    // Direct access for the few layers whose window is not a plain square one.
    Layer &layer(int id) { return m_net.mutableLayer(id); }

    // Finalizes the network; returns the first recorded error if any call was inconsistent.
    Result<Network> finish();

private:
    int addLayer(Layer l);
    int pool(const std::string &name, int in, int k, int s, int pad, bool ceilMode, const char *type);
    bool checkId(const std::string &name, int id);
    void fail(const std::string &message);

    Network m_net;
    std::string m_error;
};

} // namespace cocco
