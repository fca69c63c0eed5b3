// The network model (method §1, §2.1): a DAG of layers with shapes, window relations,
// weights and MACs. Units: params are element counts, MACs are multiply-accumulates for batch 1,
// bytes are computed from an element size given by the caller (hardware config).
#pragma once

#include "result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cocco {

enum class OpKind {
    Input,         // network input tensor, never computed, always read from DRAM
    Conv,          // Conv2d incl. grouped / depth-wise (groups == C)
    ConvTranspose, // transposed conv; window uses `upsample`
    Fc,            // Gemm / MatMul / Linear with a weight operand
    MatMul,        // activation x activation (second operand is a full edge)
    Pool,          // max / average pooling with a window
    GlobalPool,    // global pooling: full edge
    Eltwise,       // add / sub / mul / div (broadcast)
    Concat,
    Slice,         // slice / split output
    Resize,        // resize / upsample
    Pad,
    Softmax,
    LayerNorm,
    Generic,       // unknown op imported as element-wise (reported by the importer)
};

const char *opKindName(OpKind k);
// Parses the names produced by opKindName(); returns false for unknown names.
bool parseOpKind(const std::string &s, OpKind *out);

struct Shape {
    int64_t n = 1, c = 1, h = 1, w = 1;
    int64_t elements() const { return n * c * h * w; }
    bool operator==(const Shape &o) const { return n == o.n && c == o.c && h == o.h && w == o.w; }
    bool operator!=(const Shape &o) const { return !(*this == o); }
};

// Sliding window along one spatial dimension (method §2.1). The input extent the consumer needs
// for n outputs is  f(n) = effectiveKernel() + (ceil(n / upsample) - 1) * stride.
struct Window1D {
    int kernel = 1;
    int stride = 1;
    int dilation = 1;
    int padBegin = 0;
    int padEnd = 0;
    int upsample = 1; // >1 for transposed conv / resize: one input row feeds `upsample` output rows
    int effectiveKernel() const { return dilation * (kernel - 1) + 1; }
    bool operator==(const Window1D &o) const
    {
        return kernel == o.kernel && stride == o.stride && dilation == o.dilation && padBegin == o.padBegin
            && padEnd == o.padEnd && upsample == o.upsample;
    }
};

// How a consumer reads one of its inputs: a sliding window per spatial dimension, or `full`
// (a phase barrier: the whole producer tensor is needed before any output).
struct WindowRelation {
    bool full = false;
    Window1D h, w;
    static WindowRelation identity() { return {}; }
    static WindowRelation fullEdge()
    {
        WindowRelation r;
        r.full = true;
        return r;
    }
    static WindowRelation sliding(int k, int s, int d = 1, int padH = 0, int padW = 0)
    {
        WindowRelation r;
        r.h = {k, s, d, padH, padH, 1};
        r.w = {k, s, d, padW, padW, 1};
        return r;
    }
    bool operator==(const WindowRelation &o) const { return full == o.full && h == o.h && w == o.w; }
};

struct Layer {
    std::string name;
    OpKind op = OpKind::Generic;
    std::string opType;          // original operator name (e.g. "Conv", "MaxPool", "Add"); informative
    Shape out;                   // output shape (N, C, H, W), N = 1 in the model; batch comes from hardware
    std::vector<int> inputs;     // producer layer ids, in operand order
    std::vector<WindowRelation> windows; // one per input
    int64_t params = 0;          // weight + bias elements (BatchNorm folded)
    int64_t macs = 0;            // multiply-accumulates for batch 1
    int64_t inChannels = 0;      // input channels seen by the op (for PE utilisation), 0 if n/a
    int groups = 1;              // conv groups (depth-wise: groups == inChannels)
    bool markedOutput = false;   // explicitly a network output even if consumed

    bool operator==(const Layer &o) const;
};

class Network {
public:
    std::string name;

    // Appends a layer; inputs may refer to layers added later. Call finalize() when done.
    int addLayer(Layer l);
    // Checks names, edges, shapes and acyclicity, and builds successor lists, topological order and
    // depths. Every query below requires a finalized network.
    Status finalize();

    size_t size() const { return m_layers.size(); }
    const Layer &layer(int id) const { return m_layers[static_cast<size_t>(id)]; }
    Layer &mutableLayer(int id) { return m_layers[static_cast<size_t>(id)]; } // call finalize() again after edits
    const std::vector<Layer> &layers() const { return m_layers; }
    int find(const std::string &name) const; // -1 if absent

    const std::vector<int> &preds(int id) const { return m_layers[static_cast<size_t>(id)].inputs; }
    const std::vector<int> &succs(int id) const { return m_succs[static_cast<size_t>(id)]; }
    bool isInput(int id) const { return layer(id).op == OpKind::Input; }
    bool isOutput(int id) const; // no consumer, or marked

    const std::vector<int> &topoOrder() const { return m_topo; }        // all layers
    const std::vector<int> &computeOrder() const { return m_compute; }  // topo order without Input layers
    int topoIndex(int id) const { return m_topoIndex[static_cast<size_t>(id)]; }
    int depth(int id) const { return m_depth[static_cast<size_t>(id)]; } // longest path from an input (inputs: 0)
    int maxDepth() const;

    std::vector<int> inputLayers() const;
    std::vector<int> outputLayers() const;

    // Set queries on layer ids (duplicates ignored).
    bool weaklyConnected(const std::vector<int> &set) const;
    // No path leaves the set and comes back into it.
    bool convex(const std::vector<int> &set) const;

    int64_t totalParams() const;
    int64_t totalMacs() const;

private:
    std::vector<Layer> m_layers;
    std::vector<std::vector<int>> m_succs;
    std::vector<int> m_topo, m_compute, m_topoIndex, m_depth;
};

} // namespace cocco
