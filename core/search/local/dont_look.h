// "Don't look" memory of the GA's hill climbing (ga.cpp, polish): neighbours that did not improve
// on their base, remembered by a key of the change they make. The objective is a sum over
// subgraphs (plus the buffer bytes of the capacities, part of the key), so a change that did not
// pay will not pay on a later base that kept the subgraphs it touches: each hill-climbing step
// then evaluates only the moves around what the last step changed, not the whole neighbourhood
// again (hundreds of subgraphs on NASNet-A Large). A heuristic only where repair reaches beyond
// the touched subgraphs (cycles, tightened capacities); it never makes a design invalid.
#pragma once

#include "search/framework/design_space.h"

#include <cstdint>
#include <unordered_set>
#include <utility>
#include <vector>

namespace cocco {

class DontLook {
public:
    // `order`: the design space's compute layers in topological order (kept by reference).
    explicit DontLook(const std::vector<int> &order) : m_order(order) {}

    // Drops the neighbours of the canonical `base` (raw, before repair) known not to improve,
    // with their `touched` entries; keys[i] = the key of the i-th neighbour left (0: none, for a
    // neighbour that changes no label, i.e. a capacity step).
    void filter(const Genome &base, std::vector<Genome> &nb, std::vector<std::pair<int, int>> &touched,
                std::vector<uint64_t> &keys) const;
    // Remembers that the neighbour with this key did not improve (0 is ignored).
    void reject(uint64_t key);

private:
    // Key of the change each neighbour makes: the contents of the base subgraphs it touches,
    // where their layers go, and the capacities. Two neighbours of different bases get the same
    // key when they make the same change to the same subgraphs.
    void changeKeys(const Genome &base, const std::vector<Genome> &nb, std::vector<uint64_t> &keys) const;

    const std::vector<int> &m_order;
    std::unordered_set<uint64_t> m_stale;
};

} // namespace cocco
