// cocco evaluate MODEL [--hw HW.json] (--partition P.json | --singletons | --whole | --fixed-length L)
//                [--batch N] [--json] [--tiles] [--write-partition OUT.json]
#include "cli.h"

#include "cost/cost_model.h"
#include "cost/tiling.h"
#include "io/model_loader.h"
#include "io/sample_paths.h"
#include "model/model_json.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <ostream>

namespace {

const char *kUsage =
    "  cocco evaluate MODEL [--hw HW.json] (--partition P.json | --singletons | --whole | --fixed-length L)\n"
    "                 [--batch N] [--json] [--tiles] [--write-partition OUT.json] [--input-shape NAME=1,3,224,224]...\n"
    "    Evaluates one partition of MODEL on one hardware configuration (default: the built-in\n"
    "    default, see docs/hardware-format.md; or a sample's name: --hw separate_s, see cocco samples)\n"
    "    and prints totals and a per-subgraph table.\n"
    "    --partition P.json    subgraphs from a partition file (docs/cost-model.md, 'Partition file')\n"
    "    --singletons          every layer alone\n"
    "    --whole               all layers in one subgraph (usually does not fit: shows why)\n"
    "    --fixed-length L      the topological order cut into runs of L layers; runs that are not\n"
    "                          valid or do not fit are split into consecutive pieces that do\n"
    "    --batch N             override the hardware's batch size\n"
    "    --json                machine-readable output (keys documented in docs/cost-model.md)\n"
    "    --tiles               also print each subgraph's tiling: per held tensor Δ, x and update\n"
    "                          count along H and W, halo rows, MAIN and SIDE bytes\n"
    "    --write-partition F   also write the evaluated partition as a partition file\n"
    "    A partition that breaks a rule or does not fit is still evaluated and reported with\n"
    "    valid = no and the reason; exit 1 only when a file cannot be read, 2 on bad arguments.\n";

std::string layerRange(const cocco::Network &net, const std::vector<int> &layers)
{
    // Layers in topological order: first .. last (count).
    int first = layers.front(), last = layers.front();
    for (int u : layers) {
        if (net.topoIndex(u) < net.topoIndex(first))
            first = u;
        if (net.topoIndex(u) > net.topoIndex(last))
            last = u;
    }
    std::string s = net.layer(first).name;
    if (layers.size() > 1)
        s += " .. " + net.layer(last).name;
    return s;
}

std::string fmt(const char *f, double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

nlohmann::ordered_json subgraphJson(const cocco::Network &net, const cocco::SubgraphCost &s, size_t index)
{
    nlohmann::ordered_json names = nlohmann::ordered_json::array();
    std::vector<int> ordered = s.layers;
    std::sort(ordered.begin(), ordered.end(), [&](int a, int b) { return net.topoIndex(a) < net.topoIndex(b); });
    for (int u : ordered)
        names.push_back(net.layer(u).name);
    return {{"index", index},
            {"label", s.label},
            {"layers", names},
            {"fits", s.fits},
            {"spilling", s.spilling},
            {"spill_chunks", s.spillChunks},
            {"reason", s.reason},
            {"ema_bytes", s.emaBytes},
            {"weight_ema_bytes", s.weightEmaBytes},
            {"input_bytes", s.inputBytes},
            {"output_bytes", s.outputBytes},
            {"act_bytes", s.actBytes},
            {"main_bytes", s.mainBytes},
            {"side_bytes", s.sideBytes},
            {"weight_bytes", s.weightBytes},
            {"macs", s.macs},
            {"elementary_ops", s.elementaryOps},
            {"energy_pj", s.energyPj},
            {"energy_dram_pj", s.energyDramPj},
            {"energy_sram_pj", s.energySramPj},
            {"energy_mac_pj", s.energyMacPj},
            {"compute_cycles", s.computeCycles},
            {"dram_cycles", s.dramCycles},
            {"latency_cycles", s.latencyCycles},
            {"bw_gbps", s.bwGBps}};
}

nlohmann::ordered_json tilesJson(const cocco::Network &net, const cocco::SubgraphTiling &t)
{
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const cocco::TileNode &n : t.nodes)
        a.push_back({{"tensor", net.layer(n.layer).name},
                     {"role", n.external ? "input" : n.output ? "output" : "inner"},
                     {"delta_h", n.h.delta},
                     {"x_h", n.h.x},
                     {"upd_h", n.h.upd},
                     {"delta_w", n.w.delta},
                     {"x_w", n.w.x},
                     {"upd_w", n.w.upd},
                     {"halo_rows", n.haloRows},
                     {"main_bytes", n.mainBytes},
                     {"side_bytes", n.sideBytes}});
    return a;
}

void printTiles(const cocco::Network &net, const cocco::SubgraphTiling &t, std::ostream &out)
{
    char line[512];
    std::snprintf(line, sizeof line, "%9s %-7s %6s %6s %4s %6s %6s %4s %5s %10s %10s  %s\n", "", "role", "dH", "xH",
                  "updH", "dW", "xW", "updW", "halo", "MAIN B", "SIDE B", "tensor");
    out << line;
    for (const cocco::TileNode &n : t.nodes) {
        std::snprintf(line, sizeof line, "%9s %-7s %6lld %6lld %4lld %6lld %6lld %4lld %5lld %10lld %10lld  %s\n", "",
                      n.external ? "input" : n.output ? "output" : "inner", static_cast<long long>(n.h.delta),
                      static_cast<long long>(n.h.x), static_cast<long long>(n.h.upd), static_cast<long long>(n.w.delta),
                      static_cast<long long>(n.w.x), static_cast<long long>(n.w.upd), static_cast<long long>(n.haloRows),
                      static_cast<long long>(n.mainBytes), static_cast<long long>(n.sideBytes),
                      net.layer(n.layer).name.c_str());
        out << line;
    }
}

int runEvaluate(const std::vector<std::string> &words, std::ostream &out, std::ostream &err)
{
    cli::Args args;
    std::string error;
    if (!cli::parseArgs(words, {"--hw", "--partition", "--fixed-length", "--batch", "--write-partition", "--input-shape"},
                        {"--singletons", "--whole", "--json", "--tiles"}, &args, &error))
        return cli::usageError("evaluate", error, err);
    if (args.positional.size() != 1)
        return cli::usageError("evaluate", "expected exactly one MODEL", err);
    const int modes = int(args.hasValue("--partition")) + int(args.has("--singletons")) + int(args.has("--whole"))
        + int(args.hasValue("--fixed-length"));
    if (modes != 1)
        return cli::usageError("evaluate", "give exactly one of --partition, --singletons, --whole, --fixed-length", err);
    long long length = 0, batch = 0;
    if (args.hasValue("--fixed-length") && !cli::parseInt(args.value("--fixed-length"), 1, 1000000, &length, &error))
        return cli::usageError("evaluate", "--fixed-length: " + error, err);
    if (args.hasValue("--batch") && !cli::parseInt(args.value("--batch"), 1, 1 << 20, &batch, &error))
        return cli::usageError("evaluate", "--batch: " + error, err);
    cocco::LoadOptions opts;
    for (const auto &kv : args.repeated)
        if (kv.first == "--input-shape") {
            auto s = cocco::parseInputShape(kv.second);
            if (!s.ok())
                return cli::usageError("evaluate", s.message(), err);
            opts.inputShapes[s->first] = s->second;
        }

    cocco::HardwareConfig hw;
    if (args.hasValue("--hw")) {
        auto h = cocco::loadHardwareFile(cocco::resolveHardwareArgument(args.value("--hw")));
        if (!h.ok()) {
            err << "cocco evaluate: " << h.message() << "\n";
            return cli::kExitFailure;
        }
        hw = *h;
    }
    if (batch > 0)
        hw.batch = static_cast<int>(batch);
    auto loaded = cocco::loadModel(args.positional[0], opts);
    if (!loaded.ok()) {
        err << "cocco evaluate: " << loaded.message() << "\n";
        return cli::kExitFailure;
    }
    auto net = std::make_shared<const cocco::Network>(std::move(loaded->net));
    cocco::Partition part;
    std::string modeName;
    if (args.hasValue("--partition")) {
        auto text = cocco::readTextFile(args.value("--partition"));
        if (!text.ok()) {
            err << "cocco evaluate: " << text.message() << "\n";
            return cli::kExitFailure;
        }
        auto p = cocco::partitionFromJson(*net, *text, args.value("--partition"));
        if (!p.ok()) {
            err << "cocco evaluate: " << p.message() << "\n";
            return cli::kExitFailure;
        }
        part = *p;
        modeName = "file " + args.value("--partition");
    } else if (args.has("--singletons")) {
        part = cocco::Partition::singletons(*net);
        modeName = "singletons";
    } else if (args.has("--whole")) {
        part = cocco::Partition::whole(*net);
        modeName = "whole";
    } else {
        part = cocco::Partition::fixedLength(*net, static_cast<int>(length));
        int splits = 0;
        part = cocco::splitToFit(cocco::CostModel(net, hw), part, hw, &splits);
        modeName = "fixed-length " + std::to_string(length);
        if (splits > 0)
            modeName += " (" + std::to_string(splits) + " runs split to fit)";
    }
    if (args.hasValue("--write-partition")) {
        cocco::Status st = cocco::writeFileAtomic(args.value("--write-partition"), cocco::partitionToJson(*net, part));
        if (!st.ok()) {
            err << "cocco evaluate: " << st.message() << "\n";
            return cli::kExitFailure;
        }
    }

    const cocco::CostModel model(net, hw);
    const cocco::PartitionCost pc = model.evaluate(part);

    const cocco::TilingOptions topt = cocco::TilingOptions::from(hw);
    if (args.has("--json")) {
        nlohmann::ordered_json j;
        j["model"] = net->name;
        j["source"] = loaded->source;
        j["partition"] = modeName;
        j["hardware"] = nlohmann::ordered_json::parse(cocco::hardwareToJson(hw));
        j["valid"] = pc.valid;
        j["reason"] = pc.reason;
        j["ema_bytes"] = pc.emaBytes;
        j["energy_pj"] = pc.energyPj;
        j["energy_dram_pj"] = pc.energyDramPj;
        j["energy_sram_pj"] = pc.energySramPj;
        j["energy_mac_pj"] = pc.energyMacPj;
        j["compute_cycles"] = pc.computeCycles;
        j["dram_cycles"] = pc.dramCycles;
        j["latency_cycles"] = pc.latencyCycles;
        j["latency_ms"] = pc.latencyMs;
        j["buffer_bytes"] = pc.bufferBytes;
        j["bw_avg_gbps"] = pc.bwAvgGBps;
        j["bw_peak_gbps"] = pc.bwPeakGBps;
        j["peak_act_bytes"] = pc.peakActBytes;
        j["peak_weight_bytes"] = pc.peakWeightBytes;
        j["subgraph_count"] = pc.subgraphCount;
        j["spilling_count"] = pc.spillingCount;
        j["subgraphs"] = nlohmann::ordered_json::array();
        for (size_t i = 0; i < pc.subgraphs.size(); ++i)
        {
            j["subgraphs"].push_back(subgraphJson(*net, pc.subgraphs[i], i));
            if (args.has("--tiles"))
                j["subgraphs"].back()["tiles"] = tilesJson(*net, cocco::deriveTiling(*net, pc.subgraphs[i].layers, topt));
        }
        out << j.dump(2) << "\n";
        return cli::kExitOk;
    }

    const bool separate = hw.mode == cocco::BufferMode::Separate;
    out << "model        " << net->name << " (" << loaded->source << "), " << net->computeOrder().size() << " layers\n"
        << "hardware     "
        << (separate ? "separate A " + cocco::formatBytes(double(hw.actBufferBytes)) + " + W "
                           + cocco::formatBytes(double(hw.weightBufferBytes))
                     : "shared " + cocco::formatBytes(double(hw.sharedBufferBytes)))
        << ", " << hw.macsPerCycle() << " MACs/cycle, " << fmt("%g", hw.clockGHz) << " GHz, "
        << fmt("%g", hw.dramGBps) << " GB/s, batch " << hw.batch << "\n"
        << "partition    " << modeName << ": " << pc.subgraphCount << " subgraphs";
    if (pc.spillingCount > 0)
        out << ", " << pc.spillingCount << " spilling";
    out << "\n"
        << "valid        " << (pc.valid ? std::string("yes") : "NO: " + pc.reason) << "\n"
        << "EMA          " << fmt("%.0f", pc.emaBytes) << " bytes (" << cocco::formatBytes(pc.emaBytes) << ")\n"
        << "energy       " << fmt("%.4g", pc.energyPj / 1e6) << " uJ (DRAM " << fmt("%.4g", pc.energyDramPj / 1e6)
        << ", SRAM " << fmt("%.4g", pc.energySramPj / 1e6) << ", MAC " << fmt("%.4g", pc.energyMacPj / 1e6) << ")\n"
        << "latency      " << fmt("%.0f", pc.latencyCycles) << " cycles (" << fmt("%.4f", pc.latencyMs)
        << " ms); compute " << fmt("%.0f", pc.computeCycles) << ", DRAM " << fmt("%.0f", pc.dramCycles) << "\n"
        << "bandwidth    avg " << fmt("%.3f", pc.bwAvgGBps) << " GB/s, peak " << fmt("%.3f", pc.bwPeakGBps) << " GB/s\n"
        << "buffer       " << pc.bufferBytes << " bytes (" << cocco::formatBytes(double(pc.bufferBytes))
        << "); peak activations " << cocco::formatBytes(double(pc.peakActBytes)) << ", peak weights "
        << cocco::formatBytes(double(pc.peakWeightBytes)) << "\n\n";
    char line[512];
    std::snprintf(line, sizeof line, "%4s %4s %12s %12s %12s %8s %12s  %s\n", "#", "n", "EMA B", "act B", "weight B",
                  "status", "latency", "layers");
    out << line;
    for (size_t i = 0; i < pc.subgraphs.size(); ++i) {
        const cocco::SubgraphCost &s = pc.subgraphs[i];
        const char *status = s.fits ? "fits" : s.spilling ? "spill" : "NO FIT";
        std::snprintf(line, sizeof line, "%4zu %4zu %12.0f %12lld %12lld %8s %12.0f  %s\n", i, s.layers.size(),
                      s.emaBytes, static_cast<long long>(s.actBytes), static_cast<long long>(s.weightBytes), status,
                      s.latencyCycles, layerRange(*net, s.layers).c_str());
        out << line;
        if (args.has("--tiles"))
            printTiles(*net, cocco::deriveTiling(*net, s.layers, topt), out);
    }
    return cli::kExitOk;
}

const bool registered = cli::registerCommand(
    {"evaluate", "cost of one partition on one hardware config (EMA, energy, latency, bandwidth)", kUsage, runEvaluate});

} // namespace
