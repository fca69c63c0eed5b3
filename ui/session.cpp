#include "session.h"

#include <QFile>
#include <QSaveFile>

#include <nlohmann/json.hpp>

#include <sstream>

namespace ui {

using nlohmann::json;

namespace {

json searchConfigJson(const cocco::SearchConfig &c)
{
    return json{{"algorithm", cocco::algorithmName(c.algorithm)},
                {"objective", cocco::objectiveName(c.objective)},
                {"coExplore", c.coExplore},
                {"alpha", c.alpha},
                {"seed", c.seed},
                {"sampleBudget", c.sampleBudget},
                {"timeLimitSeconds", c.timeLimitSeconds},
                {"threads", c.threads},
                {"population", c.population},
                {"tournament", c.tournament},
                {"elite", c.elite},
                {"crossoverRate", c.crossoverRate},
                {"mutationRate", c.mutationRate},
                {"seedWithHeuristics", c.seedWithHeuristics},
                {"innerBudget", c.innerBudget},
                {"saInitialTemperature", c.saInitialTemperature},
                {"saCooling", c.saCooling},
                {"exactStateLimit", c.exactStateLimit},
                {"convergenceSamples", c.convergenceSamples}};
}

// Reads one optional field of the right type; a wrong type is an error naming the field.
template <class T>
bool readField(const json &j, const char *key, T *out, const std::string &where, std::string *err)
{
    auto it = j.find(key);
    if (it == j.end())
        return true;
    try {
        *out = it->get<T>();
    } catch (const std::exception &) {
        *err = where + ": field '" + key + "' has the wrong type";
        return false;
    }
    return true;
}

cocco::Result<cocco::SearchConfig> searchConfigFrom(const json &j, const std::string &where)
{
    cocco::SearchConfig c;
    if (!j.is_object())
        return cocco::makeError(where + ": 'search' must be an object");
    std::string err, s;
    if (j.contains("algorithm")) {
        if (!readField(j, "algorithm", &s, where, &err))
            return cocco::makeError(err);
        if (!cocco::parseAlgorithm(s, &c.algorithm))
            return cocco::makeError(where + ": unknown algorithm '" + s + "'");
    }
    if (j.contains("objective")) {
        if (!readField(j, "objective", &s, where, &err))
            return cocco::makeError(err);
        if (!cocco::parseObjective(s, &c.objective))
            return cocco::makeError(where + ": unknown objective '" + s + "'");
    }
    const bool ok = readField(j, "coExplore", &c.coExplore, where, &err) && readField(j, "alpha", &c.alpha, where, &err)
        && readField(j, "seed", &c.seed, where, &err) && readField(j, "sampleBudget", &c.sampleBudget, where, &err)
        && readField(j, "timeLimitSeconds", &c.timeLimitSeconds, where, &err)
        && readField(j, "threads", &c.threads, where, &err) && readField(j, "population", &c.population, where, &err)
        && readField(j, "tournament", &c.tournament, where, &err) && readField(j, "elite", &c.elite, where, &err)
        && readField(j, "crossoverRate", &c.crossoverRate, where, &err)
        && readField(j, "mutationRate", &c.mutationRate, where, &err)
        && readField(j, "seedWithHeuristics", &c.seedWithHeuristics, where, &err)
        && readField(j, "innerBudget", &c.innerBudget, where, &err)
        && readField(j, "saInitialTemperature", &c.saInitialTemperature, where, &err)
        && readField(j, "saCooling", &c.saCooling, where, &err)
        && readField(j, "exactStateLimit", &c.exactStateLimit, where, &err)
        && readField(j, "convergenceSamples", &c.convergenceSamples, where, &err);
    if (!ok)
        return cocco::makeError(err);
    return c;
}

json costJson(const cocco::PartitionCost &c)
{
    return json{{"valid", c.valid},
                {"reason", c.reason},
                {"emaBytes", c.emaBytes},
                {"energyPj", c.energyPj},
                {"energyDramPj", c.energyDramPj},
                {"energySramPj", c.energySramPj},
                {"energyMacPj", c.energyMacPj},
                {"computeCycles", c.computeCycles},
                {"dramCycles", c.dramCycles},
                {"latencyCycles", c.latencyCycles},
                {"latencyMs", c.latencyMs},
                {"bwAvgGBps", c.bwAvgGBps},
                {"bwPeakGBps", c.bwPeakGBps},
                {"bufferBytes", c.bufferBytes},
                {"peakActBytes", c.peakActBytes},
                {"peakWeightBytes", c.peakWeightBytes}};
}

cocco::PartitionCost costFrom(const json &j)
{
    cocco::PartitionCost c;
    c.valid = j.value("valid", true);
    c.reason = j.value("reason", std::string());
    c.emaBytes = j.value("emaBytes", 0.0);
    c.energyPj = j.value("energyPj", 0.0);
    c.energyDramPj = j.value("energyDramPj", 0.0);
    c.energySramPj = j.value("energySramPj", 0.0);
    c.energyMacPj = j.value("energyMacPj", 0.0);
    c.computeCycles = j.value("computeCycles", 0.0);
    c.dramCycles = j.value("dramCycles", 0.0);
    c.latencyCycles = j.value("latencyCycles", 0.0);
    c.latencyMs = j.value("latencyMs", 0.0);
    c.bwAvgGBps = j.value("bwAvgGBps", 0.0);
    c.bwPeakGBps = j.value("bwPeakGBps", 0.0);
    c.bufferBytes = j.value("bufferBytes", int64_t(0));
    c.peakActBytes = j.value("peakActBytes", int64_t(0));
    c.peakWeightBytes = j.value("peakWeightBytes", int64_t(0));
    return c;
}

json subgraphNames(const cocco::Network &net, const cocco::Partition &p)
{
    json subs = json::array();
    if (p.label.size() != net.size())
        return subs;
    for (const auto &g : cocco::subgraphsOf(p)) { // label order (rule 1 holds in it)
        json names = json::array();
        for (int u : g)
            names.push_back(net.layer(u).name);
        subs.push_back(std::move(names));
    }
    return subs;
}

cocco::Result<cocco::Partition> partitionFrom(const cocco::Network &net, const json &j, const std::string &where)
{
    // Either {"subgraphs": [[names]]} (readable) or {"labels": [...]} (compact, for archive points).
    if (j.contains("labels")) {
        cocco::Partition p;
        try {
            p.label = j.at("labels").get<std::vector<int>>();
        } catch (const std::exception &) {
            return cocco::makeError(where + ": 'labels' must be an array of integers");
        }
        if (p.label.size() != net.size())
            return cocco::makeError(where + ": 'labels' has " + std::to_string(p.label.size()) + " entries, the model has "
                                    + std::to_string(net.size()) + " layers");
        return p;
    }
    return cocco::partitionFromJson(net, json{{"subgraphs", j.value("subgraphs", json::array())}}.dump(), where);
}

json designJson(const cocco::Network &net, const cocco::Design &d, bool readable)
{
    json j{{"hardware", json::parse(cocco::hardwareToJson(d.hw))}, {"cost", costJson(d.cost)}, {"objective", d.objective}};
    if (readable)
        j["subgraphs"] = subgraphNames(net, d.partition);
    else
        j["labels"] = d.partition.label;
    return j;
}

cocco::Result<cocco::Design> designFrom(const cocco::Network &net, const json &j, const std::string &where)
{
    cocco::Design d;
    if (!j.is_object())
        return cocco::makeError(where + ": a design must be an object");
    auto hw = cocco::hardwareFromJson(j.value("hardware", json::object()).dump(), where + " hardware");
    if (!hw)
        return hw.error();
    d.hw = hw.value();
    auto p = partitionFrom(net, j, where);
    if (!p)
        return p.error();
    d.partition = p.value();
    d.cost = costFrom(j.value("cost", json::object()));
    d.objective = j.value("objective", std::numeric_limits<double>::infinity());
    return d;
}

json resultJson(const cocco::Network &net, const cocco::SearchResult &r)
{
    json history = json::array();
    for (const auto &h : r.history)
        history.push_back(json::array({h.samples, h.best, h.seconds}));
    json pareto = json::array();
    for (const auto &p : r.pareto)
        pareto.push_back(json{{"bufferBytes", p.bufferBytes},
                              {"energyPj", p.energyPj},
                              {"emaBytes", p.emaBytes},
                              {"bwAvgGBps", p.bwAvgGBps},
                              {"bwPeakGBps", p.bwPeakGBps},
                              {"latencyCycles", p.latencyCycles},
                              {"objective", p.objective},
                              {"design", designJson(net, p.design, false)}});
    return json{{"config", searchConfigJson(r.config)},
                {"best", designJson(net, r.best, true)},
                {"stopReason", cocco::stopReasonName(r.stopReason)},
                {"samples", r.samples},
                {"seconds", r.seconds},
                {"warnings", r.warnings},
                {"history", std::move(history)},
                {"pareto", std::move(pareto)}};
}

cocco::Result<cocco::SearchResult> resultFrom(const cocco::Network &net, const json &j, const std::string &where)
{
    cocco::SearchResult r;
    try {
        auto cfg = searchConfigFrom(j.value("config", json::object()), where + " config");
        if (!cfg)
            return cfg.error();
        r.config = cfg.value();
        auto best = designFrom(net, j.at("best"), where + " best");
        if (!best)
            return best.error();
        r.best = best.value();
        const std::string stop = j.value("stopReason", std::string("completed"));
        for (auto s : {cocco::StopReason::Budget, cocco::StopReason::TimeLimit, cocco::StopReason::Converged,
                       cocco::StopReason::Cancelled, cocco::StopReason::Optimal, cocco::StopReason::GaveUp,
                       cocco::StopReason::Completed})
            if (stop == cocco::stopReasonName(s))
                r.stopReason = s;
        r.samples = j.value("samples", int64_t(0));
        r.seconds = j.value("seconds", 0.0);
        r.warnings = j.value("warnings", std::vector<std::string>());
        for (const auto &h : j.value("history", json::array()))
            r.history.push_back({h.at(0).get<int64_t>(), h.at(1).get<double>(), h.at(2).get<double>()});
        int i = 0;
        for (const auto &pj : j.value("pareto", json::array())) {
            cocco::ParetoPoint p;
            p.bufferBytes = pj.value("bufferBytes", int64_t(0));
            p.energyPj = pj.value("energyPj", 0.0);
            p.emaBytes = pj.value("emaBytes", 0.0);
            p.bwAvgGBps = pj.value("bwAvgGBps", 0.0);
            p.bwPeakGBps = pj.value("bwPeakGBps", 0.0);
            p.latencyCycles = pj.value("latencyCycles", 0.0);
            p.objective = pj.value("objective", 0.0);
            auto d = designFrom(net, pj.value("design", json::object()), where + " pareto[" + std::to_string(i) + "]");
            if (!d)
                return d.error();
            p.design = d.value();
            r.pareto.push_back(std::move(p));
            ++i;
        }
    } catch (const std::exception &e) {
        return cocco::makeError(where + ": " + e.what());
    }
    return r;
}

cocco::Result<json> parseRoot(const std::string &text, const std::string &source)
{
    try {
        json root = json::parse(text);
        if (!root.is_object())
            return cocco::makeError(source + ": expected a JSON object");
        return root;
    } catch (const json::parse_error &e) {
        return cocco::makeError(source + ": " + e.what());
    }
}

json configJson(const ExperimentConfig &c)
{
    json shapes = json::object();
    for (const auto &[name, dims] : c.inputShapes)
        shapes[name] = dims;
    return json{{"schemaVersion", kConfigSchemaVersion},
                {"kind", "cocco-config"},
                {"model", c.modelSpec},
                {"inputShapes", std::move(shapes)},
                {"hardware", json::parse(cocco::hardwareToJson(c.hardware))},
                {"search", searchConfigJson(c.search)}};
}

} // namespace

std::string configToJson(const ExperimentConfig &c) { return configJson(c).dump(2) + "\n"; }

cocco::Result<ExperimentConfig> configFromJson(const std::string &text, const std::string &source)
{
    auto root = parseRoot(text, source);
    if (!root)
        return root.error();
    json j = root.value();
    if (j.contains("config") && j["config"].is_object())
        j = j["config"];
    const int version = j.value("schemaVersion", 0);
    if (version < 1 || version > kConfigSchemaVersion)
        return cocco::makeError(source + ": unsupported config schemaVersion " + std::to_string(version)
                                + " (this build reads 1.." + std::to_string(kConfigSchemaVersion) + ")");
    ExperimentConfig c;
    try {
        c.modelSpec = j.at("model").get<std::string>();
        const json shapes = j.value("inputShapes", json::object());
        for (const auto &[name, dims] : shapes.items())
            c.inputShapes[name] = dims.get<std::vector<int64_t>>();
    } catch (const std::exception &) {
        return cocco::makeError(source + ": 'model' (string) is required; 'inputShapes' maps names to integer arrays");
    }
    if (j.contains("hardware")) {
        auto hw = cocco::hardwareFromJson(j["hardware"].dump(), source + " hardware");
        if (!hw)
            return hw.error();
        c.hardware = hw.value();
    }
    if (j.contains("search")) {
        auto s = searchConfigFrom(j["search"], source + " search");
        if (!s)
            return s.error();
        c.search = s.value();
    }
    return c;
}

std::string resultsToJson(const cocco::Network &net, const std::vector<cocco::SearchResult> &results,
                          const ExperimentConfig &config)
{
    json runs = json::array();
    for (const auto &r : results)
        runs.push_back(resultJson(net, r));
    json root{{"schemaVersion", kResultsSchemaVersion},
              {"kind", "cocco-results"},
              {"config", configJson(config)},
              {"results", std::move(runs)}};
    return root.dump(2) + "\n";
}

cocco::Result<std::vector<cocco::SearchResult>> resultsFromJson(const cocco::Network &net, const std::string &text,
                                                                const std::string &source)
{
    auto root = parseRoot(text, source);
    if (!root)
        return root.error();
    const int version = root->value("schemaVersion", 0);
    if (version < 1 || version > kResultsSchemaVersion)
        return cocco::makeError(source + ": unsupported results schemaVersion " + std::to_string(version));
    std::vector<cocco::SearchResult> out;
    int i = 0;
    for (const auto &rj : root->value("results", json::array())) {
        auto r = resultFrom(net, rj, source + " results[" + std::to_string(i++) + "]");
        if (!r)
            return r.error();
        out.push_back(r.value());
    }
    return out;
}

std::string sessionToJson(const cocco::Network &net, const Session &s)
{
    json runs = json::array();
    for (const auto &r : s.results)
        runs.push_back(resultJson(net, r));
    json root{{"schemaVersion", kSessionSchemaVersion},
              {"kind", "cocco-session"},
              {"config", configJson(s.config)},
              {"partition", json{{"subgraphs", subgraphNames(net, s.partition)}}},
              {"results", std::move(runs)}};
    return root.dump(2) + "\n";
}

cocco::Result<Session> sessionFromJson(const cocco::Network &net, const std::string &text, const std::string &source)
{
    auto cfg = configFromJson(text, source);
    if (!cfg)
        return cfg.error();
    auto root = parseRoot(text, source);
    if (!root)
        return root.error();
    const int version = root->value("schemaVersion", 0);
    if (version < 1 || version > kSessionSchemaVersion)
        return cocco::makeError(source + ": unsupported session schemaVersion " + std::to_string(version));
    Session s;
    s.config = cfg.value();
    if (root->contains("partition")) {
        auto p = partitionFrom(net, (*root)["partition"], source + " partition");
        if (!p)
            return p.error();
        s.partition = p.value();
    } else {
        s.partition = cocco::Partition::singletons(net);
    }
    auto results = resultsFromJson(net, text, source);
    if (!results)
        return results.error();
    s.results = results.value();
    return s;
}

std::string frontsToCsv(const std::vector<cocco::SearchResult> &results)
{
    std::ostringstream out;
    out.precision(17);
    out << "result,algorithm,buffer_bytes,energy_pj,ema_bytes,bw_avg_gbps,bw_peak_gbps,latency_cycles,objective\n";
    for (size_t i = 0; i < results.size(); ++i)
        for (const auto &p : results[i].pareto)
            out << i << ',' << cocco::algorithmName(results[i].config.algorithm) << ',' << p.bufferBytes << ','
                << p.energyPj << ',' << p.emaBytes << ',' << p.bwAvgGBps << ',' << p.bwPeakGBps << ','
                << p.latencyCycles << ',' << p.objective << '\n';
    return out.str();
}

bool writeTextFile(const QString &path, const std::string &text, QString *error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, f.errorString());
        return false;
    }
    if (f.write(text.data(), qint64(text.size())) != qint64(text.size())) {
        *error = QStringLiteral("%1: %2").arg(path, f.errorString());
        f.cancelWriting();
        return false;
    }
    if (!f.commit()) {
        *error = QStringLiteral("%1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

bool readTextFile(const QString &path, std::string *text, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, f.errorString());
        return false;
    }
    const QByteArray data = f.readAll();
    text->assign(data.constData(), size_t(data.size()));
    return true;
}

} // namespace ui
