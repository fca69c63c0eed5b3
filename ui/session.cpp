#include "session.h"

#include "search/result_json.h"

#include <QFile>
#include <QSaveFile>

#include <nlohmann/json.hpp>

#include <sstream>

namespace ui {

using nlohmann::json;

namespace {

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

// One run as core's search result JSON (the format `cocco search --out` writes), so GUI results
// and CLI results are the same files.
json resultJson(const cocco::Network &net, const cocco::SearchResult &r, const std::string &modelSource)
{
    return json::parse(cocco::searchResultToJson(net, r, modelSource));
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
                {"search", json::parse(cocco::searchConfigToJson(c.search))}};
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
        auto s = cocco::searchConfigFromJson(j["search"].dump(), source + " search");
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
        runs.push_back(resultJson(net, r, config.modelSpec));
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
        auto r = cocco::searchResultFromJson(net, rj.dump(), source + " results[" + std::to_string(i++) + "]");
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
        runs.push_back(resultJson(net, r, s.config.modelSpec));
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
