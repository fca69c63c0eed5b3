// Seeded random layered DAGs for layout tests and benchmarks.
#pragma once

#include "model/network.h"

#include <algorithm>
#include <random>
#include <string>

namespace testsupport {

// n layers (one Input, then convolutions); each reads one or two of the last few layers.
inline cocco::Network randomDag(int n, uint64_t seed)
{
    using namespace cocco;
    std::mt19937_64 rng(seed);
    Network net;
    net.name = "random";
    Layer in;
    in.name = "in";
    in.op = OpKind::Input;
    in.out = {1, 8, 16, 16};
    net.addLayer(in);
    for (int i = 1; i < n; ++i) {
        Layer l;
        l.name = "l" + std::to_string(i);
        l.op = OpKind::Conv;
        l.out = {1, 8, 16, 16};
        std::uniform_int_distribution<int> back(1, std::min(i, 6));
        l.inputs.push_back(i - back(rng));
        if (i > 2 && rng() % 3 == 0) {
            const int other = i - back(rng);
            if (other != l.inputs.front())
                l.inputs.push_back(other);
        }
        l.windows.assign(l.inputs.size(), WindowRelation::identity());
        net.addLayer(l);
    }
    (void)net.finalize(); // acyclic by construction: edges only point backwards
    return net;
}

} // namespace testsupport
