// A partition of a network's compute layers into subgraphs (method §1).
#pragma once

#include "network.h"

#include <string>
#include <vector>

namespace cocco {

struct Partition {
    // label[layerId] = subgraph index (0, 1, ...); Input layers carry -1 and belong to no subgraph.
    std::vector<int> label;

    bool operator==(const Partition &o) const { return label == o.label; }

    // Every compute layer alone, numbered in topological order.
    static Partition singletons(const Network &net);
    // All compute layers in subgraph 0.
    static Partition whole(const Network &net);
    // Topological order cut into runs of `length` layers; runs that are not valid (not weakly
    // connected, or breaking the order rule) are split into their valid pieces.
    static Partition fixedLength(const Network &net, int length);
};

// Subgraphs as sorted layer-id lists, indexed by label (labels are compacted first).
std::vector<std::vector<int>> subgraphsOf(const Partition &p);
// Renumbers labels to 0..k-1 in order of first appearance along the topological order.
Partition normalized(const Network &net, const Partition &p);

// Validity rules of method §1: (1) P(u) <= P(v) for every edge, (2) each subgraph weakly
// connected, (3) at most maxNodes layers per subgraph (0 = no limit). Also: every compute layer
// labelled, inputs unlabelled. The message names the broken rule and the layers.
Status checkPartition(const Network &net, const Partition &p, int maxNodes);

// Partition file: {"schemaVersion":1, "subgraphs": [["conv1","relu1"], ["conv2"], ...]}
// (a bare top-level array of arrays is accepted as well). Layer names must exist and cover
// every compute layer exactly once.
std::string partitionToJson(const Network &net, const Partition &p);
Result<Partition> partitionFromJson(const Network &net, const std::string &text, const std::string &source);

} // namespace cocco
