#include "experiment.h"

#include "model/json_reader.h"
#include "model/model_json.h"
#include "model/version.h"
#include "search/result_json.h"

#include <nlohmann/json.hpp>

#include <climits>
#include <filesystem>
#include <sstream>

namespace cocco {

using nlohmann::json;

namespace {

json subgraphNames(const Network &net, const Partition &p)
{
    json subs = json::array();
    if (p.label.size() != net.size())
        return subs;
    for (const auto &g : subgraphsOf(p)) { // label order (rule 1 holds in it)
        json names = json::array();
        for (int u : g)
            names.push_back(net.layer(u).name);
        subs.push_back(std::move(names));
    }
    return subs;
}

// Either {"subgraphs": [[names]]} (readable) or {"labels": [...]} (compact, one per layer).
Partition partitionOf(const Network &net, const JsonField &j)
{
    if (auto labels = j.find("labels")) {
        Partition p;
        for (size_t i = 0; i < labels->size(); ++i)
            p.label.push_back(static_cast<int>((*labels)[i].integer(-1, INT_MAX)));
        if (p.label.size() != net.size())
            labels->fail("has " + std::to_string(p.label.size()) + " entries, the model has " + std::to_string(net.size())
                         + " layers");
        return p;
    }
    return j.readWith([&net](const std::string &text, const std::string &where) {
        return partitionFromJson(net, text, where);
    });
}

json configJson(const ExperimentConfig &c)
{
    json shapes = json::object();
    for (const auto &[name, dims] : c.inputShapes)
        shapes[name] = dims;
    return json{{"schemaVersion", kExperimentConfigSchemaVersion},
                {"kind", "cocco-config"},
                {"programVersion", versionString()},
                {"model", c.modelSpec},
                {"inputShapes", std::move(shapes)},
                {"hardware", json::parse(hardwareToJson(c.hardware))},
                {"search", json::parse(searchConfigToJson(c.search))}};
}

ExperimentConfig readConfig(const JsonField &root)
{
    // A session or results file carries its config as a member.
    const JsonField j = root.has("config") && root.json()["config"].is_object() ? root.at("config") : root;
    j.allowKeys({"schemaVersion", "kind", "programVersion", "model", "inputShapes", "hardware", "search"});
    j.schemaVersion(kExperimentConfigSchemaVersion);
    ExperimentConfig c;
    c.modelSpec = j.at("model").string();
    if (auto shapes = j.find("inputShapes")) {
        for (auto it = shapes->expectObject().json().begin(); it != shapes->json().end(); ++it) {
            const JsonField dims = shapes->at(it.key().c_str());
            std::vector<int64_t> &out = c.inputShapes[it.key()];
            for (size_t i = 0; i < dims.size(); ++i)
                out.push_back(dims[i].integer(1));
        }
    }
    if (auto hw = j.find("hardware"))
        c.hardware = hw->readWith(hardwareFromJson);
    if (auto s = j.find("search"))
        c.search = s->readWith(searchConfigFromJson);
    Status ok = validateExperimentConfig(c);
    if (!ok.ok())
        j.fail(ok.message());
    return c;
}

std::vector<SearchResult> readResults(const Network &net, const JsonField &root)
{
    std::vector<SearchResult> out;
    if (auto runs = root.find("results"))
        for (size_t i = 0; i < runs->size(); ++i)
            out.push_back((*runs)[i].readWith([&net](const std::string &text, const std::string &where) {
                return searchResultFromJson(net, text, where);
            }));
    return out;
}

json runsJson(const Network &net, const std::vector<SearchResult> &results, const std::string &modelSpec)
{
    json runs = json::array();
    for (const auto &r : results)
        runs.push_back(json::parse(searchResultToJson(net, r, modelSpec)));
    return runs;
}

} // namespace

Status validateExperimentConfig(const ExperimentConfig &c)
{
    if (c.modelSpec.empty())
        return makeError("model: must name a model (zoo:NAME, a .json or an .onnx file)");
    for (const auto &[name, dims] : c.inputShapes) {
        if (dims.empty())
            return makeError("inputShapes." + name + ": must list the input's dimensions");
        for (int64_t d : dims)
            if (d < 1)
                return makeError("inputShapes." + name + ": dimensions must be positive");
    }
    Status hw = validateHardware(c.hardware);
    if (!hw.ok())
        return makeError("hardware: " + hw.message());
    Status s = validateSearchConfig(c.search);
    if (!s.ok())
        return makeError("search: " + s.message());
    return okStatus();
}

std::string experimentConfigToJson(const ExperimentConfig &c) { return configJson(c).dump(2) + "\n"; }

Result<ExperimentConfig> experimentConfigFromJson(const std::string &text, const std::string &source)
{
    return readJson(text, source, readConfig);
}

Result<ExperimentConfig> loadExperimentConfigFile(const std::string &path)
{
    auto text = readTextFile(path);
    if (!text.ok())
        return text.error();
    auto c = experimentConfigFromJson(*text, path);
    if (!c.ok())
        return c;
    // A relative model path next to the config (a config shipped with its model) wins over the
    // current folder.
    const std::filesystem::path spec(c->modelSpec);
    if (c->modelSpec.rfind("zoo:", 0) != 0 && spec.is_relative()) {
        std::error_code ec;
        const std::filesystem::path beside = std::filesystem::path(path).parent_path() / spec;
        if (std::filesystem::is_regular_file(beside, ec))
            c.value().modelSpec = beside.lexically_normal().string();
    }
    return c;
}

LoadOptions loadOptionsOf(const ExperimentConfig &c)
{
    LoadOptions o;
    o.inputShapes = c.inputShapes;
    return o;
}

std::string resultsToJson(const Network &net, const std::vector<SearchResult> &results, const ExperimentConfig &config)
{
    json root{{"schemaVersion", kResultsSchemaVersion},
              {"kind", "cocco-results"},
              {"programVersion", versionString()},
              {"config", configJson(config)},
              {"results", runsJson(net, results, config.modelSpec)}};
    return root.dump(2) + "\n";
}

Result<std::vector<SearchResult>> resultsFromJson(const Network &net, const std::string &text, const std::string &source)
{
    return readJson(text, source, [&net](const JsonField &root) {
        root.schemaVersion(kResultsSchemaVersion);
        return readResults(net, root);
    });
}

std::string sessionToJson(const Network &net, const Session &s)
{
    json root{{"schemaVersion", kSessionSchemaVersion},
              {"kind", "cocco-session"},
              {"programVersion", versionString()},
              {"config", configJson(s.config)},
              {"partition", json{{"subgraphs", subgraphNames(net, s.partition)}}},
              {"results", runsJson(net, s.results, s.config.modelSpec)}};
    return root.dump(2) + "\n";
}

Result<Session> sessionFromJson(const Network &net, const std::string &text, const std::string &source)
{
    return readJson(text, source, [&net](const JsonField &root) {
        Session s;
        s.config = readConfig(root);
        root.schemaVersion(kSessionSchemaVersion);
        if (auto p = root.find("partition"))
            s.partition = partitionOf(net, *p);
        else
            s.partition = Partition::singletons(net);
        s.results = readResults(net, root);
        return s;
    });
}

std::string frontsToCsv(const std::vector<SearchResult> &results)
{
    std::ostringstream out;
    out.precision(17);
    out << "result,algorithm,buffer_bytes,energy_pj,ema_bytes,bw_avg_gbps,bw_peak_gbps,latency_cycles,objective\n";
    for (size_t i = 0; i < results.size(); ++i)
        for (const auto &p : results[i].pareto)
            out << i << ',' << algorithmName(results[i].config.algorithm) << ',' << p.bufferBytes << ',' << p.energyPj
                << ',' << p.emaBytes << ',' << p.bwAvgGBps << ',' << p.bwPeakGBps << ',' << p.latencyCycles << ','
                << p.objective << '\n';
    return out.str();
}

} // namespace cocco
