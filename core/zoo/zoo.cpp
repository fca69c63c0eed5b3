#include "zoo.h"

#include "randwire.h"
#include "zoo_models.h"

#include <functional>

namespace cocco {

namespace {
// The paper's small regime "A" (C = 78) and regular regime "B" (C = 109), both WS(K=4, P=0.75),
// N = 32, with a fixed seed so that partition files keep referring to the same graph.
Result<Network> randWire(bool regular)
{
    RandWireConfig c;
    c.name = regular ? "randwire_b" : "randwire_a";
    c.regularRegime = regular;
    c.channels = regular ? 109 : 78;
    c.nodes = 32;
    c.k = 4;
    c.p = 0.75;
    c.seed = 1;
    return buildRandWire(c);
}

struct Entry {
    const char *name;
    std::function<Result<Network>()> build;
};

const std::vector<Entry> &entries()
{
    static const std::vector<Entry> kEntries = {
        {"vgg16", zoo::vgg16},
        {"resnet50", [] { return zoo::resnet(50); }},
        {"resnet152", [] { return zoo::resnet(152); }},
        {"googlenet", zoo::googlenet},
        {"mobilenetv2", zoo::mobilenetV2},
        {"transformer", zoo::transformerEncoder},
        {"gpt1", zoo::gpt1},
        {"randwire_a", [] { return randWire(false); }},
        {"randwire_b", [] { return randWire(true); }},
        {"nasnet_a_mobile", zoo::nasnetAMobile},
        {"nasnet_a_large", zoo::nasnetALarge},
        // Extras the ONNX importer is checked against (torchvision exports).
        {"resnet18", [] { return zoo::resnet(18); }},
        {"squeezenet1_0", zoo::squeezenet10},
    };
    return kEntries;
}
} // namespace

std::vector<std::string> zooNames()
{
    std::vector<std::string> names;
    for (const Entry &e : entries())
        names.emplace_back(e.name);
    return names;
}

Result<Network> buildZooModel(const std::string &name)
{
    for (const Entry &e : entries())
        if (name == e.name)
            return e.build();
    std::string valid;
    for (const Entry &e : entries())
        valid += (valid.empty() ? "" : ", ") + std::string(e.name);
    return makeError("unknown zoo model '" + name + "' (valid names: " + valid + ")");
}

} // namespace cocco
