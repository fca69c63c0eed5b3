// libFuzzer harness: arbitrary text into every reader of the JSON reading kit (model/json_reader.h):
// hardware, model, partition, search config, search result, experiment config, results and session
// files. None may crash or throw; what a reader accepts must write back and read again to the same
// value.
#include "cost/hardware.h"
#include "io/experiment.h"
#include "model/model_json.h"
#include "search/result_json.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

// The network partitions, results and sessions are read against (names of the seed files).
const cocco::Network &network()
{
    static const cocco::Network net = cocco::networkFromJson(R"({"schemaVersion":1,"name":"chain3","layers":[
        {"name":"x","op":"Input","shape":[1,3,32,32]},
        {"name":"a","op":"Conv","shape":[1,16,32,32],"inputs":[{"from":"x"}]},
        {"name":"b","op":"Conv","shape":[1,16,32,32],"inputs":[{"from":"a"}]},
        {"name":"c","op":"Conv","shape":[1,16,32,32],"inputs":[{"from":"b"}]}]})", "chain3.json").value();
    return net;
}

void check(bool ok)
{
    if (!ok)
        std::abort(); // an accepted value must survive its own writer
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string text(reinterpret_cast<const char *>(data), size);
    const cocco::Network &net = network();
    if (auto hw = cocco::hardwareFromJson(text, "hw.json"); hw.ok()) {
        auto back = cocco::hardwareFromJson(cocco::hardwareToJson(*hw), "again.json");
        check(back.ok() && *back == *hw);
    }
    if (auto m = cocco::networkFromJson(text, "model.json"); m.ok()) {
        auto back = cocco::networkFromJson(cocco::networkToJson(*m), "again.json");
        check(back.ok() && back->layers() == m->layers());
    }
    if (auto p = cocco::partitionFromJson(net, text, "p.json"); p.ok()) {
        auto back = cocco::partitionFromJson(net, cocco::partitionToJson(net, *p), "again.json");
        check(back.ok() && cocco::subgraphsOf(*back) == cocco::subgraphsOf(*p));
    }
    if (auto s = cocco::searchConfigFromJson(text, "search.json"); s.ok()) {
        const std::string once = cocco::searchConfigToJson(*s);
        auto back = cocco::searchConfigFromJson(once, "again.json");
        check(back.ok() && cocco::searchConfigToJson(*back) == once);
    }
    if (auto r = cocco::searchResultFromJson(net, text, "result.json"); r.ok()) {
        const std::string once = cocco::searchResultToJson(net, *r, "chain3.json");
        auto back = cocco::searchResultFromJson(net, once, "again.json");
        check(back.ok() && cocco::searchResultToJson(net, *back, "chain3.json") == once);
    }
    if (auto c = cocco::experimentConfigFromJson(text, "config.json"); c.ok()) {
        const std::string once = cocco::experimentConfigToJson(*c);
        auto back = cocco::experimentConfigFromJson(once, "again.json");
        check(back.ok() && cocco::experimentConfigToJson(*back) == once);
        if (auto s = cocco::sessionFromJson(net, text, "session.json"); s.ok()) {
            const std::string again = cocco::sessionToJson(net, *s);
            auto sb = cocco::sessionFromJson(net, again, "again.json");
            check(sb.ok() && cocco::sessionToJson(net, *sb) == again);
        }
    }
    (void)cocco::resultsFromJson(net, text, "results.json");
    return 0;
}
