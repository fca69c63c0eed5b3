// libFuzzer harness: arbitrary text into the JSON model reader; a network it accepts must write
// back and read again to the same network.
#include "model/model_json.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string text(reinterpret_cast<const char *>(data), size);
    auto r = cocco::networkFromJson(text, "fuzz.json");
    if (!r.ok())
        return 0;
    const std::string again = cocco::networkToJson(r.value());
    auto back = cocco::networkFromJson(again, "fuzz-roundtrip.json");
    if (!back.ok() || back->layers() != r->layers())
        std::abort(); // round trip must be exact
    return 0;
}
