// cocco info MODEL [--json] [--input-shape NAME=d0,d1,...]
#include "cli.h"

#include "io/model_loader.h"

#include <nlohmann/json.hpp>

#include <ostream>
#include <set>

namespace {

const char *kUsage = "  cocco info MODEL [--json] [--input-shape NAME=1,3,224,224]... [--dim NAME=VALUE]...\n"
                     "             [--if-branch then|else] [--unroll-limit N]\n"
                     "    MODEL is a .json model file, an .onnx file or zoo:NAME (see 'cocco zoo list').\n"
                     "    Prints layer count, parameters, weight bytes (1 byte per element), MACs, inputs and\n"
                     "    outputs; for ONNX files also the import report.\n";

std::string shapeText(const cocco::Shape &s)
{
    return std::to_string(s.n) + "x" + std::to_string(s.c) + "x" + std::to_string(s.h) + "x" + std::to_string(s.w);
}

int runInfo(const std::vector<std::string> &words, std::ostream &out, std::ostream &err)
{
    cli::Args args;
    std::string error;
    const auto &loadFlags = cocco::loadOptionNames();
    if (!cli::parseArgs(words, std::set<std::string>(loadFlags.begin(), loadFlags.end()), {"--json"}, &args, &error))
        return cli::usageError("info", error, err);
    if (args.positional.size() != 1)
        return cli::usageError("info", "expected exactly one MODEL", err);
    cocco::LoadOptions opts;
    for (const auto &kv : args.repeated)
        if (cocco::Status st = cocco::applyLoadOption(kv.first, kv.second, &opts); !st.ok())
            return cli::usageError("info", st.message(), err);
    auto loaded = cocco::loadModel(args.positional[0], opts);
    if (!loaded.ok()) {
        err << "cocco info: " << loaded.message() << "\n";
        return cli::kExitFailure;
    }
    const cocco::Network &net = loaded->net;
    const auto inputs = net.inputLayers();
    const auto outputs = net.outputLayers();
    const int64_t layers = static_cast<int64_t>(net.computeOrder().size());
    if (args.has("--json")) {
        nlohmann::json j;
        j["model"] = net.name;
        j["source"] = loaded->source;
        j["layers"] = layers;
        j["params"] = net.totalParams();
        j["weight_bytes"] = net.totalParams(); // 1 byte per element (INT8 default)
        j["macs"] = net.totalMacs();
        j["inputs"] = nlohmann::json::array();
        for (int u : inputs)
            j["inputs"].push_back({{"name", net.layer(u).name}, {"shape", {net.layer(u).out.n, net.layer(u).out.c, net.layer(u).out.h, net.layer(u).out.w}}});
        j["outputs"] = nlohmann::json::array();
        for (int u : outputs)
            j["outputs"].push_back({{"name", net.layer(u).name}, {"shape", {net.layer(u).out.n, net.layer(u).out.c, net.layer(u).out.h, net.layer(u).out.w}}});
        j["warnings"] = loaded->warnings;
        out << j.dump(2) << "\n";
        return cli::kExitOk;
    }
    out << "model         " << net.name << " (" << loaded->kind << ": " << loaded->source << ")\n"
        << "layers        " << layers << " (+" << inputs.size() << " inputs)\n"
        << "params        " << net.totalParams() << "\n"
        << "weight bytes  " << net.totalParams() << " (1 byte per element)\n"
        << "MACs          " << net.totalMacs() << "\n"
        << "depth         " << net.maxDepth() << "\n";
    for (int u : inputs)
        out << "input         " << net.layer(u).name << " " << shapeText(net.layer(u).out) << "\n";
    for (int u : outputs)
        out << "output        " << net.layer(u).name << " " << shapeText(net.layer(u).out) << "\n";
    if (!loaded->report.empty())
        out << "\n" << loaded->report;
    return cli::kExitOk;
}

const bool registered = cli::registerCommand({"info", "summary of a model (layers, params, MACs, inputs, outputs)", kUsage, runInfo});

} // namespace
