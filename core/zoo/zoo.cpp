#include "zoo.h"

#include "zoo_models.h"

#include <functional>

namespace cocco {

namespace {
struct Entry {
    const char *name;
    std::function<Result<Network>()> build;
};

const std::vector<Entry> &entries()
{
    static const std::vector<Entry> kEntries = {
        {"vgg16", zoo::vgg16},
        {"resnet18", [] { return zoo::resnet(18); }},
        {"resnet50", [] { return zoo::resnet(50); }},
        {"resnet152", [] { return zoo::resnet(152); }},
        {"googlenet", zoo::googlenet},
        {"mobilenetv2", zoo::mobilenetV2},
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
