#include "result_json.h"

#include "model/json_reader.h"
#include "model/model_json.h"
#include "model/version.h"

#include <nlohmann/json.hpp>

#include <climits>
#include <cmath>

namespace cocco {

using json = nlohmann::ordered_json;

namespace {

json costJson(const PartitionCost &c, const HardwareConfig &hw, double alpha)
{
    json j;
    j["valid"] = c.valid;
    if (!c.valid)
        j["reason"] = c.reason;
    j["ema_bytes"] = c.emaBytes;
    j["energy_pj"] = c.energyPj;
    j["latency_cycles"] = c.latencyCycles;
    j["buffer_bytes"] = c.bufferBytes;
    j["cores"] = hw.cores;
    j["per_core_buffer_bytes"] = hw.perCoreBufferBytes();
    j["noc_bytes"] = c.nocBytes;
    j["cost"] = objectiveValue(c, hw, Objective::Cost, alpha);
    j["bw_avg_gbps"] = c.bwAvgGBps;
    j["bw_peak_gbps"] = c.bwPeakGBps;
    j["subgraph_count"] = c.subgraphCount;
    j["spilling_count"] = c.spillingCount;
    return j;
}

json capacitiesJson(const HardwareConfig &hw)
{
    json j;
    j["mode"] = hw.mode == BufferMode::Shared ? "shared" : "separate";
    j["act_bytes"] = hw.actBufferBytes;
    j["weight_bytes"] = hw.weightBufferBytes;
    j["shared_bytes"] = hw.sharedBufferBytes;
    return j;
}

// Per-subgraph time and crossbar figures of the best design (method §8), in label order.
json subgraphCostsJson(const Network &net, const Design &best)
{
    const CostModel model(std::shared_ptr<const Network>(&net, [](const Network *) {}), best.hw);
    json a = json::array();
    for (const SubgraphCost &s : model.evaluate(best.partition).subgraphs)
        a.push_back({{"label", s.label},
                     {"compute_cycles", s.computeCycles},
                     {"dram_cycles", s.dramCycles},
                     {"noc_cycles", s.nocCycles},
                     {"latency_cycles", s.latencyCycles},
                     {"bound", latencyBoundName(s.bound)},
                     {"noc_bytes", s.nocBytes},
                     {"act_bytes_per_core", s.actBytes},
                     {"weight_bytes_per_core", s.weightBytes}});
    return a;
}

json subgraphNames(const Network &net, const Partition &p)
{
    json groups = json::array();
    for (const auto &g : subgraphsOf(p)) {
        json names = json::array();
        // Layers of one subgraph in topological order, as partition files list them.
        std::vector<int> sorted = g;
        std::sort(sorted.begin(), sorted.end(), [&](int a, int b) { return net.topoIndex(a) < net.topoIndex(b); });
        for (int u : sorted)
            names.push_back(net.layer(u).name);
        groups.push_back(std::move(names));
    }
    return groups;
}

// The partition reader's errors name the whole path ("result.json: partition: subgraphs[2]: ...").
Partition partitionFromNames(const Network &net, const JsonField &groups)
{
    return groups.readWith([&net](const std::string &text, const std::string &where) {
        return partitionFromJson(net, "{\"subgraphs\": " + text + "}", where);
    });
}

} // namespace

namespace {

json configJson(const SearchConfig &c)
{
    json j;
    j["algorithm"] = algorithmName(c.algorithm);
    j["objective"] = objectiveName(c.objective);
    j["co_explore"] = c.coExplore;
    j["alpha"] = c.alpha;
    j["seed"] = c.seed;
    j["sample_budget"] = c.sampleBudget;
    j["time_limit_seconds"] = c.timeLimitSeconds;
    j["threads"] = c.threads;
    j["population"] = c.population;
    j["tournament"] = c.tournament;
    j["elite"] = c.elite;
    j["crossover_rate"] = c.crossoverRate;
    j["mutation_rate"] = c.mutationRate;
    j["seed_with_heuristics"] = c.seedWithHeuristics;
    j["tighten_capacities"] = c.tightenCapacities;
    j["inner_budget"] = c.innerBudget;
    j["sa_initial_temperature"] = c.saInitialTemperature;
    j["sa_cooling"] = c.saCooling;
    j["exact_state_limit"] = c.exactStateLimit;
    j["convergence_samples"] = c.convergenceSamples;
    return j;
}

SearchConfig configFrom(const JsonField &j)
{
    SearchConfig c;
    for (auto it = j.expectObject().json().begin(); it != j.json().end(); ++it) {
        const std::string &k = it.key();
        const JsonField v = j.at(k.c_str());
        if (k == "algorithm") {
            if (!parseAlgorithm(v.string(), &c.algorithm))
                v.fail("unknown algorithm '" + v.string() + "'");
        } else if (k == "objective") {
            if (!parseObjective(v.string(), &c.objective))
                v.fail("unknown objective '" + v.string() + "'");
        } else if (k == "co_explore") {
            c.coExplore = v.boolean();
        } else if (k == "seed_with_heuristics") {
            c.seedWithHeuristics = v.boolean();
        } else if (k == "tighten_capacities") {
            c.tightenCapacities = v.boolean();
        } else if (k == "seed") {
            c.seed = v.unsignedInteger();
        } else if (k == "alpha") {
            c.alpha = v.number();
        } else if (k == "sample_budget") {
            c.sampleBudget = v.integer();
        } else if (k == "time_limit_seconds") {
            c.timeLimitSeconds = v.number();
        } else if (k == "threads") {
            c.threads = static_cast<int>(v.integer(INT_MIN, INT_MAX));
        } else if (k == "population") {
            c.population = static_cast<int>(v.integer(INT_MIN, INT_MAX));
        } else if (k == "tournament") {
            c.tournament = static_cast<int>(v.integer(INT_MIN, INT_MAX));
        } else if (k == "elite") {
            c.elite = static_cast<int>(v.integer(INT_MIN, INT_MAX));
        } else if (k == "crossover_rate") {
            c.crossoverRate = v.number();
        } else if (k == "mutation_rate") {
            c.mutationRate = v.number();
        } else if (k == "inner_budget") {
            c.innerBudget = v.integer();
        } else if (k == "sa_initial_temperature") {
            c.saInitialTemperature = v.number();
        } else if (k == "sa_cooling") {
            c.saCooling = v.number();
        } else if (k == "exact_state_limit") {
            c.exactStateLimit = v.integer();
        } else if (k == "convergence_samples") {
            c.convergenceSamples = v.integer();
        } else {
            v.fail("unknown key");
        }
    }
    Status ok = validateSearchConfig(c);
    if (!ok.ok())
        j.fail(ok.message());
    return c;
}

} // namespace

std::string searchConfigToJson(const SearchConfig &cfg) { return configJson(cfg).dump(2) + "\n"; }

Result<SearchConfig> searchConfigFromJson(const std::string &text, const std::string &source)
{
    return readJson(text, source, configFrom);
}

std::string searchResultToJson(const Network &net, const SearchResult &r, const std::string &modelSource)
{
    const double alpha = r.config.alpha;
    json j;
    j["schemaVersion"] = kSearchResultSchemaVersion;
    j["kind"] = "cocco-search-result";
    j["programVersion"] = versionString();
    j["model"] = net.name;
    j["model_source"] = modelSource;
    j["algorithm"] = algorithmName(r.config.algorithm);
    j["objective"] = objectiveName(r.config.objective);
    j["seed"] = r.config.seed;
    j["samples"] = r.samples;
    j["seconds"] = r.seconds;
    j["stop_reason"] = stopReasonName(r.stopReason);
    j["best_objective"] = r.best.objective;
    // A certified lower bound on the objective and the best design's gap to it (absent: unknown).
    if (std::isfinite(r.lowerBound))
        j["lower_bound"] = r.lowerBound;
    if (std::isfinite(r.gap))
        j["gap"] = r.gap;
    // The best design's totals at the top level (the keys `cocco evaluate --json` uses).
    const json totals = costJson(r.best.cost, r.best.hw, alpha);
    for (auto it = totals.begin(); it != totals.end(); ++it)
        j[it.key()] = it.value();
    j["capacities"] = capacitiesJson(r.best.hw);
    j["partition"] = subgraphNames(net, r.best.partition);
    j["subgraph_costs"] = subgraphCostsJson(net, r.best);
    j["hardware"] = json::parse(hardwareToJson(r.best.hw));
    j["config"] = configJson(r.config);
    json hist = json::array();
    for (const auto &h : r.history)
        hist.push_back(json::array({h.samples, h.best, h.seconds}));
    j["history_columns"] = json::array({"samples", "best", "seconds"});
    j["history"] = std::move(hist);
    json pareto = json::array();
    for (const auto &p : r.pareto) {
        json q;
        q["buffer_bytes"] = p.bufferBytes;
        q["energy_pj"] = p.energyPj;
        q["ema_bytes"] = p.emaBytes;
        q["bw_avg_gbps"] = p.bwAvgGBps;
        q["bw_peak_gbps"] = p.bwPeakGBps;
        q["latency_cycles"] = p.latencyCycles;
        q["objective"] = p.objective;
        q["capacities"] = capacitiesJson(p.design.hw);
        // Compact: one label per layer in network order (-1 for inputs).
        q["labels"] = p.design.partition.label;
        pareto.push_back(std::move(q));
    }
    j["pareto"] = std::move(pareto);
    j["warnings"] = r.warnings;
    return j.dump(2) + "\n";
}

Result<SearchResult> searchResultFromJson(const Network &net, const std::string &text, const std::string &source)
{
    return readJson(text, source, [&](const JsonField &j) {
        j.schemaVersion(kSearchResultSchemaVersion);
        SearchResult r;
        r.config = configFrom(j.at("config"));
        r.samples = j.at("samples").integer(0);
        r.seconds = j.at("seconds").number();
        const std::string stop = j.at("stop_reason").string();
        if (!parseStopReason(stop, &r.stopReason))
            j.at("stop_reason").fail("unknown stop reason '" + stop + "'");
        r.best.hw = j.at("hardware").readWith(hardwareFromJson);
        r.best.partition = partitionFromNames(net, j.at("partition"));
        // Totals are recomputed by whoever needs them (CostModel); the file's copy is for people.
        r.best.objective = j.at("best_objective").number();
        if (const auto lb = j.find("lower_bound"))
            r.lowerBound = lb->number();
        if (const auto gap = j.find("gap"))
            r.gap = gap->number();
        r.best.cost.emaBytes = j.at("ema_bytes").number();
        r.best.cost.energyPj = j.at("energy_pj").number();
        r.best.cost.latencyCycles = j.at("latency_cycles").number();
        r.best.cost.bufferBytes = j.at("buffer_bytes").integer(0);
        r.best.cost.bwAvgGBps = j.at("bw_avg_gbps").number();
        r.best.cost.bwPeakGBps = j.at("bw_peak_gbps").number();
        const JsonField hist = j.at("history");
        for (size_t i = 0; i < hist.size(); ++i) {
            const JsonField h = hist[i];
            if (h.size() != 3)
                h.fail("expected [samples, best, seconds]");
            r.history.push_back({h[0].integer(0), h[1].number(), h[2].number()});
        }
        const JsonField pareto = j.at("pareto");
        for (size_t i = 0; i < pareto.size(); ++i) {
            const JsonField q = pareto[i];
            ParetoPoint p;
            p.bufferBytes = q.at("buffer_bytes").integer(0);
            p.energyPj = q.at("energy_pj").number();
            p.emaBytes = q.at("ema_bytes").number();
            p.bwAvgGBps = q.at("bw_avg_gbps").number();
            p.bwPeakGBps = q.at("bw_peak_gbps").number();
            p.latencyCycles = q.at("latency_cycles").number();
            p.objective = q.at("objective").number();
            p.design.hw = r.best.hw;
            const JsonField cap = q.at("capacities");
            p.design.hw.actBufferBytes = cap.at("act_bytes").integer(1);
            p.design.hw.weightBufferBytes = cap.at("weight_bytes").integer(1);
            p.design.hw.sharedBufferBytes = cap.at("shared_bytes").integer(1);
            const JsonField labels = q.at("labels");
            if (labels.size() != net.size())
                labels.fail("expected " + std::to_string(net.size()) + " labels, got " + std::to_string(labels.size()));
            for (size_t k = 0; k < labels.size(); ++k)
                p.design.partition.label.push_back(static_cast<int>(labels[k].integer(-1, INT_MAX)));
            Status ok = checkPartition(net, p.design.partition, 0);
            if (!ok.ok())
                labels.fail(ok.message());
            p.design.objective = p.objective;
            p.design.cost.bufferBytes = p.bufferBytes;
            p.design.cost.energyPj = p.energyPj;
            p.design.cost.emaBytes = p.emaBytes;
            p.design.cost.bwAvgGBps = p.bwAvgGBps;
            p.design.cost.bwPeakGBps = p.bwPeakGBps;
            p.design.cost.latencyCycles = p.latencyCycles;
            r.pareto.push_back(std::move(p));
        }
        if (auto w = j.find("warnings"); w && w->json().is_array())
            for (size_t k = 0; k < w->size(); ++k)
                if ((*w)[k].json().is_string())
                    r.warnings.push_back((*w)[k].string());
        return r;
    });
}

namespace {
std::string stem(const std::string &path)
{
    const std::string ext = ".json";
    if (path.size() > ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0)
        return path.substr(0, path.size() - ext.size());
    return path;
}
} // namespace

std::string partitionPathFor(const std::string &resultPath) { return stem(resultPath) + ".partition.json"; }
std::string hardwarePathFor(const std::string &resultPath) { return stem(resultPath) + ".hw.json"; }

Status writeSearchResultFiles(const std::string &path, const Network &net, const SearchResult &r,
                              const std::string &modelSource)
{
    Status s = writeFileAtomic(path, searchResultToJson(net, r, modelSource));
    if (!s.ok())
        return s;
    s = writeFileAtomic(partitionPathFor(path), partitionToJson(net, r.best.partition));
    if (!s.ok())
        return s;
    return writeFileAtomic(hardwarePathFor(path), hardwareToJson(r.best.hw));
}

} // namespace cocco
