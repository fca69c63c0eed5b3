#include "model_loader.h"

#include "model/model_json.h"

#include "onnx/onnx_import.h"
#include "zoo/zoo.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace cocco {

namespace {
bool endsWith(const std::string &s, const std::string &suffix)
{
    if (s.size() < suffix.size())
        return false;
    std::string tail = s.substr(s.size() - suffix.size());
    for (char &c : tail)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return tail == suffix;
}
} // namespace

Result<LoadedModel> loadModel(const std::string &spec, const LoadOptions &options)
{
    LoadedModel m;
    m.source = spec;
    if (spec.rfind("zoo:", 0) == 0) {
        auto net = buildZooModel(spec.substr(4));
        if (!net.ok())
            return net.error();
        m.net = std::move(net).value();
        m.kind = "zoo";
        return m;
    }
    if (endsWith(spec, ".onnx")) {
        OnnxImportOptions o;
        o.inputShapes = options.inputShapes;
        auto imp = importOnnxFile(spec, o);
        if (!imp.ok())
            return imp.error();
        m.net = std::move(imp.value().net);
        m.warnings = imp.value().report.warnings;
        m.report = formatImportReport(imp.value().report);
        m.kind = "onnx";
        return m;
    }
    (void)options;
    auto net = loadNetworkJsonFile(spec);
    if (!net.ok())
        return net.error();
    m.net = std::move(net).value();
    m.kind = "json";
    return m;
}

Result<std::pair<std::string, std::vector<int64_t>>> parseInputShape(const std::string &text)
{
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0)
        return makeError("input shape '" + text + "' must look like NAME=1,3,224,224");
    std::pair<std::string, std::vector<int64_t>> r;
    r.first = text.substr(0, eq);
    std::string rest = text.substr(eq + 1);
    size_t pos = 0;
    while (pos <= rest.size()) {
        const auto comma = rest.find(',', pos);
        const std::string tok = rest.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        errno = 0;
        char *end = nullptr;
        const long long v = std::strtoll(tok.c_str(), &end, 10);
        if (tok.empty() || *end != '\0' || errno == ERANGE || v <= 0)
            return makeError("input shape '" + text + "': '" + tok + "' is not a positive integer");
        r.second.push_back(v);
        if (comma == std::string::npos)
            break;
        pos = comma + 1;
    }
    return r;
}

} // namespace cocco
