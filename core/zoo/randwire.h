// RandWire (Xie et al., "Exploring Randomly Wired Neural Networks for Image Recognition", 2019):
// stages whose wiring is a seeded Watts-Strogatz graph turned into a DAG. Exposed so tests and
// users can build other seeds and sizes; the zoo's randwire_a / randwire_b use fixed seeds.
#pragma once

#include "model/network.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace cocco {

// Undirected Watts-Strogatz graph WS(n, k, p) as networkx builds it: a ring lattice where each
// node links to its k/2 nearest neighbours on either side, then every lattice edge (u, u+j) is
// rewired with probability p to (u, w), w uniform and not creating a self-loop or duplicate.
// Edges are returned as (min, max) pairs, sorted. Deterministic for a given seed.
std::vector<std::pair<int, int>> wattsStrogatz(int n, int k, double p, uint64_t seed);

struct RandWireConfig {
    std::string name = "randwire";
    bool regularRegime = false; // false: small regime (conv2 is a plain conv); true: regular regime
    int channels = 78;          // C of the paper (stage widths C, 2C, 4C, (8C))
    int nodes = 32;             // N (the first random stage has N/2 nodes)
    int k = 4;                  // WS neighbours
    double p = 0.75;            // WS rewiring probability
    uint64_t seed = 1;          // one graph per random stage, drawn in order from this seed
};

Result<Network> buildRandWire(const RandWireConfig &config);

} // namespace cocco
