// The model zoo: the networks the Cocco paper evaluates, built by code (net_builder.h) with
// PyTorch-exact parameter and MAC counts for the CNNs. See docs/zoo.md for every model's layers,
// parameters (elements), MACs (batch 1) and the published figures they are compared with.
#pragma once

#include "model/network.h"

#include <string>
#include <vector>

namespace cocco {

// Every zoo model name, lower case, in a stable order.
std::vector<std::string> zooNames();
// Builds and finalizes the named model; an unknown name gives an error listing the valid names.
Result<Network> buildZooModel(const std::string &name);

} // namespace cocco
