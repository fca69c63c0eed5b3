#include "model_loader.h"

#include "model/model_json.h"

#include "onnx/onnx_import.h"
#include "zoo/zoo.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

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
OnnxImportOptions onnxOptions(const LoadOptions &options)
{
    OnnxImportOptions o;
    o.inputShapes = options.inputShapes;
    o.dims = options.dims;
    o.unrollLimit = options.unrollLimit;
    o.ifBranch = options.ifBranch == "then"   ? OnnxImportOptions::IfBranch::Then
                 : options.ifBranch == "else" ? OnnxImportOptions::IfBranch::Else
                                              : OnnxImportOptions::IfBranch::Larger;
    return o;
}

// Parses "NAME=VALUE" with a positive integer VALUE.
Result<std::pair<std::string, int64_t>> parseNamedInt(const std::string &text, const char *option)
{
    const auto eq = text.find('=');
    errno = 0;
    char *end = nullptr;
    const long long v = eq == std::string::npos ? 0 : std::strtoll(text.c_str() + eq + 1, &end, 10);
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size() || *end != '\0' || errno == ERANGE || v <= 0)
        return makeError(std::string(option) + " '" + text + "' must look like NAME=VALUE with a positive integer VALUE");
    return std::make_pair(text.substr(0, eq), static_cast<int64_t>(v));
}
} // namespace

const std::vector<std::string> &loadOptionNames()
{
    static const std::vector<std::string> names{"--input-shape", "--dim", "--if-branch", "--unroll-limit"};
    return names;
}

Status applyLoadOption(const std::string &flag, const std::string &value, LoadOptions *options)
{
    if (flag == "--input-shape") {
        auto s = parseInputShape(value);
        if (!s.ok())
            return s.error();
        options->inputShapes[s->first] = s->second;
    } else if (flag == "--dim") {
        auto d = parseNamedInt(value, "--dim");
        if (!d.ok())
            return d.error();
        options->dims[d->first] = d->second;
    } else if (flag == "--if-branch") {
        if (value != "then" && value != "else")
            return makeError("--if-branch must be then or else, got '" + value + "'");
        options->ifBranch = value;
    } else if (flag == "--unroll-limit") {
        errno = 0;
        char *end = nullptr;
        const long long v = std::strtoll(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || errno == ERANGE || v < 1 || v > 1000000)
            return makeError("--unroll-limit must be an integer in 1..1000000, got '" + value + "'");
        options->unrollLimit = v;
    } else {
        return makeError("not a model-loading option: " + flag);
    }
    return okStatus();
}

Result<std::vector<DynamicInput>> dynamicInputs(const std::string &spec, const LoadOptions &options)
{
    std::vector<DynamicInput> r;
    if (!endsWith(spec, ".onnx"))
        return r;
    std::ifstream f(spec, std::ios::binary);
    if (!f)
        return makeError(spec + ": cannot open the file");
    std::ostringstream ss;
    ss << f.rdbuf();
    auto d = onnxDynamicInputs(ss.str(), spec, onnxOptions(options));
    if (!d.ok())
        return d.error();
    for (const auto &x : d.value())
        r.push_back({x.name, x.dims, x.dimNames});
    return r;
}

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
        const OnnxImportOptions o = onnxOptions(options);
        auto imp = importOnnxFile(spec, o);
        if (!imp.ok())
            return imp.error();
        m.net = std::move(imp.value().net);
        m.warnings = imp.value().report.warnings;
        m.report = formatImportReport(imp.value().report);
        m.kind = "onnx";
        return m;
    }
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
