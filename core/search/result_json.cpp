#include "result_json.h"

#include "model/model_json.h"
#include "model/version.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace cocco {

using json = nlohmann::ordered_json;

namespace {

struct FieldError {
    std::string msg;
};

[[noreturn]] void fail(const std::string &where, const std::string &what) { throw FieldError{where + ": " + what}; }

const json &need(const json &obj, const char *key, const std::string &where)
{
    if (!obj.is_object())
        fail(where, "expected an object");
    auto it = obj.find(key);
    if (it == obj.end())
        fail(where.empty() ? key : where + "." + key, "missing");
    return *it;
}

double numberOf(const json &v, const std::string &where)
{
    if (!v.is_number())
        fail(where, "expected a number, got " + std::string(v.type_name()));
    return v.get<double>();
}

int64_t intOf(const json &v, const std::string &where)
{
    if (!v.is_number_integer())
        fail(where, "expected an integer, got " + std::string(v.type_name()));
    return v.get<int64_t>();
}

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

Partition partitionFromNames(const Network &net, const json &groups, const std::string &where)
{
    const std::string text = json{{"subgraphs", groups}}.dump();
    auto p = partitionFromJson(net, text, where);
    if (!p.ok())
        throw FieldError{p.message()};
    return p.value();
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

SearchConfig configFrom(const json &j, const std::string &where)
{
    SearchConfig c;
    if (!j.is_object())
        fail(where, "expected an object");
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string &k = it.key();
        const json &v = it.value();
        const std::string w = where.empty() ? k : where + "." + k;
        if (k == "algorithm") {
            if (!v.is_string() || !parseAlgorithm(v.get<std::string>(), &c.algorithm))
                fail(w, "unknown algorithm");
        } else if (k == "objective") {
            if (!v.is_string() || !parseObjective(v.get<std::string>(), &c.objective))
                fail(w, "unknown objective");
        } else if (k == "co_explore" || k == "seed_with_heuristics" || k == "tighten_capacities") {
            if (!v.is_boolean())
                fail(w, "expected true or false");
            (k == "co_explore" ? c.coExplore : k == "tighten_capacities" ? c.tightenCapacities : c.seedWithHeuristics) = v.get<bool>();
        } else if (k == "seed") {
            if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<int64_t>() >= 0))
                fail(w, "expected a non-negative integer");
            c.seed = v.get<uint64_t>();
        } else if (k == "alpha") {
            c.alpha = numberOf(v, w);
        } else if (k == "sample_budget") {
            c.sampleBudget = intOf(v, w);
        } else if (k == "time_limit_seconds") {
            c.timeLimitSeconds = numberOf(v, w);
        } else if (k == "threads") {
            c.threads = static_cast<int>(intOf(v, w));
        } else if (k == "population") {
            c.population = static_cast<int>(intOf(v, w));
        } else if (k == "tournament") {
            c.tournament = static_cast<int>(intOf(v, w));
        } else if (k == "elite") {
            c.elite = static_cast<int>(intOf(v, w));
        } else if (k == "crossover_rate") {
            c.crossoverRate = numberOf(v, w);
        } else if (k == "mutation_rate") {
            c.mutationRate = numberOf(v, w);
        } else if (k == "inner_budget") {
            c.innerBudget = intOf(v, w);
        } else if (k == "sa_initial_temperature") {
            c.saInitialTemperature = numberOf(v, w);
        } else if (k == "sa_cooling") {
            c.saCooling = numberOf(v, w);
        } else if (k == "exact_state_limit") {
            c.exactStateLimit = intOf(v, w);
        } else if (k == "convergence_samples") {
            c.convergenceSamples = intOf(v, w);
        } else {
            fail(w, "unknown key");
        }
    }
    Status ok = validateSearchConfig(c);
    if (!ok.ok())
        fail(where, ok.message());
    return c;
}

} // namespace

std::string searchConfigToJson(const SearchConfig &cfg) { return configJson(cfg).dump(2) + "\n"; }

Result<SearchConfig> searchConfigFromJson(const std::string &text, const std::string &source)
{
    try {
        return configFrom(json::parse(text), "");
    } catch (const json::exception &e) {
        return makeError(source + ": " + e.what());
    } catch (const FieldError &e) {
        return makeError(source + ": " + e.msg);
    }
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
    try {
        const json j = json::parse(text);
        if (!j.is_object())
            fail("", "expected an object");
        const int64_t version = intOf(need(j, "schemaVersion", ""), "schemaVersion");
        if (version != kSearchResultSchemaVersion)
            fail("schemaVersion", "unsupported version " + std::to_string(version));
        SearchResult r;
        r.config = configFrom(need(j, "config", ""), "config");
        r.samples = intOf(need(j, "samples", ""), "samples");
        r.seconds = numberOf(need(j, "seconds", ""), "seconds");
        const json &stop = need(j, "stop_reason", "");
        if (!stop.is_string() || !parseStopReason(stop.get<std::string>(), &r.stopReason))
            fail("stop_reason", "unknown stop reason");
        auto hw = hardwareFromJson(need(j, "hardware", "").dump(), source + ": hardware");
        if (!hw.ok())
            throw FieldError{hw.message()};
        r.best.hw = hw.value();
        r.best.partition = partitionFromNames(net, need(j, "partition", ""), source + ": partition");
        // Totals are recomputed by whoever needs them (CostModel); the file's copy is for people.
        r.best.objective = numberOf(need(j, "best_objective", ""), "best_objective");
        if (j.contains("lower_bound"))
            r.lowerBound = numberOf(j["lower_bound"], "lower_bound");
        if (j.contains("gap"))
            r.gap = numberOf(j["gap"], "gap");
        r.best.cost.emaBytes = numberOf(need(j, "ema_bytes", ""), "ema_bytes");
        r.best.cost.energyPj = numberOf(need(j, "energy_pj", ""), "energy_pj");
        r.best.cost.latencyCycles = numberOf(need(j, "latency_cycles", ""), "latency_cycles");
        r.best.cost.bufferBytes = intOf(need(j, "buffer_bytes", ""), "buffer_bytes");
        r.best.cost.bwAvgGBps = numberOf(need(j, "bw_avg_gbps", ""), "bw_avg_gbps");
        r.best.cost.bwPeakGBps = numberOf(need(j, "bw_peak_gbps", ""), "bw_peak_gbps");
        const json &hist = need(j, "history", "");
        if (!hist.is_array())
            fail("history", "expected an array");
        for (size_t i = 0; i < hist.size(); ++i) {
            const std::string w = "history[" + std::to_string(i) + "]";
            if (!hist[i].is_array() || hist[i].size() != 3)
                fail(w, "expected [samples, best, seconds]");
            r.history.push_back({intOf(hist[i][0], w), numberOf(hist[i][1], w), numberOf(hist[i][2], w)});
        }
        const json &pareto = need(j, "pareto", "");
        if (!pareto.is_array())
            fail("pareto", "expected an array");
        for (size_t i = 0; i < pareto.size(); ++i) {
            const std::string w = "pareto[" + std::to_string(i) + "]";
            const json &q = pareto[i];
            ParetoPoint p;
            p.bufferBytes = intOf(need(q, "buffer_bytes", w), w + ".buffer_bytes");
            p.energyPj = numberOf(need(q, "energy_pj", w), w + ".energy_pj");
            p.emaBytes = numberOf(need(q, "ema_bytes", w), w + ".ema_bytes");
            p.bwAvgGBps = numberOf(need(q, "bw_avg_gbps", w), w + ".bw_avg_gbps");
            p.bwPeakGBps = numberOf(need(q, "bw_peak_gbps", w), w + ".bw_peak_gbps");
            p.latencyCycles = numberOf(need(q, "latency_cycles", w), w + ".latency_cycles");
            p.objective = numberOf(need(q, "objective", w), w + ".objective");
            p.design.hw = r.best.hw;
            const json &cap = need(q, "capacities", w);
            p.design.hw.actBufferBytes = intOf(need(cap, "act_bytes", w), w + ".capacities.act_bytes");
            p.design.hw.weightBufferBytes = intOf(need(cap, "weight_bytes", w), w + ".capacities.weight_bytes");
            p.design.hw.sharedBufferBytes = intOf(need(cap, "shared_bytes", w), w + ".capacities.shared_bytes");
            const json &labels = need(q, "labels", w);
            if (!labels.is_array() || labels.size() != net.size())
                fail(w + ".labels", "expected " + std::to_string(net.size()) + " labels");
            for (const json &l : labels)
                p.design.partition.label.push_back(static_cast<int>(intOf(l, w + ".labels")));
            Status ok = checkPartition(net, p.design.partition, 0);
            if (!ok.ok())
                fail(w + ".labels", ok.message());
            p.design.objective = p.objective;
            p.design.cost.bufferBytes = p.bufferBytes;
            p.design.cost.energyPj = p.energyPj;
            p.design.cost.emaBytes = p.emaBytes;
            p.design.cost.bwAvgGBps = p.bwAvgGBps;
            p.design.cost.bwPeakGBps = p.bwPeakGBps;
            p.design.cost.latencyCycles = p.latencyCycles;
            r.pareto.push_back(std::move(p));
        }
        if (j.contains("warnings") && j["warnings"].is_array())
            for (const json &w : j["warnings"])
                if (w.is_string())
                    r.warnings.push_back(w.get<std::string>());
        return r;
    } catch (const json::exception &e) {
        return makeError(source + ": " + e.what());
    } catch (const FieldError &e) {
        return makeError(source + ": " + e.msg);
    }
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
