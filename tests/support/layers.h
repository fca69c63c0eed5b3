// Hand-built layers for small test networks.
#pragma once

#include "model/network.h"

#include <string>
#include <utility>
#include <vector>

namespace testsupport {

// A layer reading `inputs` through identity windows (set windows[k] for anything else).
inline cocco::Layer mk(const std::string &name, cocco::OpKind op, std::vector<int> inputs,
                       cocco::Shape s = {1, 8, 4, 4})
{
    cocco::Layer l;
    l.name = name;
    l.op = op;
    l.out = s;
    l.inputs = std::move(inputs);
    l.windows.assign(l.inputs.size(), cocco::WindowRelation::identity());
    return l;
}

} // namespace testsupport
