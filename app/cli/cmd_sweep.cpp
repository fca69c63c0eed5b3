// cocco sweep MODEL [search options] [--algos LIST] [--points I,J,...] -o DIR [--json]
#include "search_cli.h"

#include "model/model_json.h"
#include "search/result_json.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <ostream>
#include <sstream>

namespace {

std::string usageText()
{
    return std::string("  cocco sweep MODEL [options] [--algos LIST] [--points I,J,...] -o DIR [--json]\n"
                       "    For every capacity candidate (separate: the i-th A with the i-th W; shared: each S) runs\n"
                       "    a partition-only search per algorithm and writes DIR/sweep.json and the fronts of memory\n"
                       "    vs energy and memory vs average bandwidth: DIR/front_<algo>_energy.csv and\n"
                       "    DIR/front_<algo>_bandwidth.csv.\n"
                       "    --algos LIST        comma-separated partition searches (default greedy,dp,ga)\n"
                       "    --points LIST       candidate indices to sweep, smallest capacity = 0 (default all)\n"
                       "    Defaults differ from `search`: --objective energy, --budget 5000 (per point).\n")
        + cli::kSearchOptionsUsage + "    -o DIR              output folder (created)\n"
                                      "    --json              print sweep.json to stdout as well\n";
}

nlohmann::ordered_json pointJson(const cocco::Network &net, const cocco::SweepPoint &p)
{
    const cocco::PartitionCost &c = p.best.cost;
    nlohmann::ordered_json j;
    j["algorithm"] = cocco::algorithmName(p.algorithm);
    j["act_bytes"] = p.best.hw.actBufferBytes;
    j["weight_bytes"] = p.best.hw.weightBufferBytes;
    j["shared_bytes"] = p.best.hw.sharedBufferBytes;
    j["buffer_bytes"] = c.bufferBytes;
    j["feasible"] = p.feasible;
    j["objective"] = p.best.objective;
    j["energy_pj"] = c.energyPj;
    j["ema_bytes"] = c.emaBytes;
    j["latency_cycles"] = c.latencyCycles;
    j["bw_avg_gbps"] = c.bwAvgGBps;
    j["bw_peak_gbps"] = c.bwPeakGBps;
    j["subgraph_count"] = c.subgraphCount;
    j["partition"] = nlohmann::ordered_json::parse(cocco::partitionToJson(net, p.best.partition))["subgraphs"];
    return j;
}

std::string csv(const std::vector<cocco::SweepPoint> &front, bool energy)
{
    std::string s = energy ? "buffer_bytes,act_bytes,weight_bytes,shared_bytes,energy_pj\n"
                           : "buffer_bytes,act_bytes,weight_bytes,shared_bytes,bw_avg_gbps\n";
    char line[256];
    for (const auto &p : front) {
        std::snprintf(line, sizeof line, "%lld,%lld,%lld,%lld,%.17g\n", static_cast<long long>(p.best.cost.bufferBytes),
                      static_cast<long long>(p.best.hw.actBufferBytes), static_cast<long long>(p.best.hw.weightBufferBytes),
                      static_cast<long long>(p.best.hw.sharedBufferBytes),
                      energy ? p.best.cost.energyPj : p.best.cost.bwAvgGBps);
        s += line;
    }
    return s;
}

int runSweepCommand(const std::vector<std::string> &words, std::ostream &out, std::ostream &err)
{
    cli::SearchSetup s;
    s.cfg.objective = cocco::Objective::Energy;
    s.cfg.sampleBudget = 5000;
    const int rc = cli::prepareSearch("sweep", words, {"--algos", "--points", "-o"}, {}, err, &s);
    if (rc != cli::kExitOk)
        return rc;
    if (!s.args.hasValue("-o"))
        return cli::usageError("sweep", "-o DIR is required", err);
    cocco::SweepConfig sc;
    sc.base = s.cfg;
    if (s.args.hasValue("--algos")) {
        sc.algorithms.clear();
        std::stringstream ss(s.args.value("--algos"));
        std::string item;
        while (std::getline(ss, item, ',')) {
            cocco::Algorithm a;
            if (!cocco::parseAlgorithm(item, &a))
                return cli::usageError("sweep", "unknown algorithm '" + item + "' in --algos", err);
            sc.algorithms.push_back(a);
        }
    }
    if (s.args.hasValue("--points")) {
        std::stringstream ss(s.args.value("--points"));
        std::string item, error;
        while (std::getline(ss, item, ',')) {
            long long v;
            if (!cli::parseInt(item, 0, 1000000, &v, &error))
                return cli::usageError("sweep", "--points: " + error, err);
            sc.capacityIndices.push_back(v);
        }
    }
    const std::string dir = s.args.value("-o");
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        err << "cocco sweep: cannot create " << dir << ": " << ec.message() << "\n";
        return cli::kExitFailure;
    }
    const cocco::CostModel model(s.net, s.hw);
    cli::ProgressLine progress(err, s.args.has("--quiet"));
    auto r = cocco::runSweep(model, sc, progress.control(""));
    progress.finish();
    if (!r.ok()) {
        // Bad algorithm choices are usage errors; anything else is a failed run.
        err << "cocco sweep: " << r.message() << "\n";
        return cli::kExitFailure;
    }
    nlohmann::ordered_json j;
    j["schemaVersion"] = 1;
    j["kind"] = "cocco-sweep";
    j["model"] = s.net->name;
    j["model_source"] = s.modelSource;
    j["objective"] = cocco::objectiveName(s.cfg.objective);
    j["buffer"] = s.hw.mode == cocco::BufferMode::Shared ? "shared" : "separate";
    j["budget_per_point"] = s.cfg.sampleBudget;
    j["seed"] = s.cfg.seed;
    j["seconds"] = r->seconds;
    j["algorithms"] = nlohmann::ordered_json::array();
    for (cocco::Algorithm a : sc.algorithms)
        j["algorithms"].push_back(cocco::algorithmName(a));
    j["points"] = nlohmann::ordered_json::array();
    for (const auto &p : r->points)
        j["points"].push_back(pointJson(*s.net, p));
    j["fronts"] = nlohmann::ordered_json::object();
    for (size_t i = 0; i < sc.algorithms.size(); ++i) {
        const std::string name = cocco::algorithmName(sc.algorithms[i]);
        nlohmann::ordered_json f;
        for (const char *kind : {"energy", "bandwidth"}) {
            const bool energy = std::string(kind) == "energy";
            const auto &front = energy ? r->energyFront[i] : r->bandwidthFront[i];
            nlohmann::ordered_json pts = nlohmann::ordered_json::array();
            for (const auto &p : front)
                pts.push_back({{"buffer_bytes", p.best.cost.bufferBytes},
                               {energy ? "energy_pj" : "bw_avg_gbps", energy ? p.best.cost.energyPj : p.best.cost.bwAvgGBps}});
            f[kind] = pts;
            const std::string path = dir + "/front_" + name + "_" + kind + ".csv";
            cocco::Status st = cocco::writeFileAtomic(path, csv(front, energy));
            if (!st.ok()) {
                err << "cocco sweep: " << st.message() << "\n";
                return cli::kExitFailure;
            }
        }
        j["fronts"][name] = f;
    }
    const std::string text = j.dump(2) + "\n";
    cocco::Status st = cocco::writeFileAtomic(dir + "/sweep.json", text);
    if (!st.ok()) {
        err << "cocco sweep: " << st.message() << "\n";
        return cli::kExitFailure;
    }
    if (s.args.has("--json")) {
        out << text;
        return cli::kExitOk;
    }
    out << "sweep " << s.net->name << ": " << r->points.size() << " searches in " << r->seconds << " s, wrote " << dir
        << "/sweep.json and front_<algo>_{energy,bandwidth}.csv\n";
    char line[256];
    for (size_t i = 0; i < sc.algorithms.size(); ++i) {
        std::snprintf(line, sizeof line, "%-8s energy front %zu points, bandwidth front %zu points\n",
                      cocco::algorithmName(sc.algorithms[i]), r->energyFront[i].size(), r->bandwidthFront[i].size());
        out << line;
    }
    return cli::kExitOk;
}

const std::string kUsage = usageText();
const bool registered = cli::registerCommand(
    {"sweep", "best partition per algorithm at every buffer capacity; memory/energy and memory/bandwidth fronts",
     kUsage, runSweepCommand});

} // namespace
