// libFuzzer harness: arbitrary bytes into the ONNX importer. Any crash, sanitizer report,
// exception escaping core or hang is a bug; errors returned as values are the expected outcome.
#include "onnx/onnx_import.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string bytes(reinterpret_cast<const char *>(data), size);
    auto r = cocco::importOnnxBytes(bytes, "fuzz.onnx");
    if (r.ok()) {
        // Exercise the finalized network and the report too.
        (void)cocco::formatImportReport(r->report);
        (void)r->net.totalMacs();
        (void)r->net.outputLayers();
    }
    return 0;
}
