// Internal: one builder function per zoo family (zoo.cpp maps names to them).
#pragma once

#include "model/network.h"

namespace cocco {
namespace zoo {

Result<Network> vgg16();
Result<Network> resnet(int depth); // 18, 50 or 152
Result<Network> googlenet();
Result<Network> mobilenetV2();
Result<Network> squeezenet10();
Result<Network> transformerEncoder();
Result<Network> gpt1();
Result<Network> nasnetAMobile();
Result<Network> nasnetALarge();

} // namespace zoo
} // namespace cocco
