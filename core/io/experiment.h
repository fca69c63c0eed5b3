// Experiment files (versioned JSON, docs/experiment-format.md): the config (model, input shapes,
// hardware, search settings), the results (core's search result JSON per run) and a whole session
// (config + current partition + results). The workbench writes them, `cocco run CONFIG.json` and
// the workbench read them; running an exported config with its seed reproduces the run exactly,
// because every HardwareConfig and SearchConfig field is written. Every file records
// "programVersion". Errors name the file and the field (model/json_reader.h).
#pragma once

#include "cost/hardware.h"
#include "io/model_loader.h"
#include "search/search.h"

#include <map>
#include <string>
#include <vector>

namespace cocco {

constexpr int kExperimentConfigSchemaVersion = 1;
constexpr int kResultsSchemaVersion = 1;
constexpr int kSessionSchemaVersion = 1;

struct ExperimentConfig {
    std::string modelSpec;                                   // "zoo:resnet50", a .json or .onnx path
    std::map<std::string, std::vector<int64_t>> inputShapes; // ONNX input shape overrides
    HardwareConfig hardware;
    SearchConfig search;
};

// The one check of a config before it runs (CLI, scripted workbench run, GUI): a model is named,
// input shapes are positive, validateHardware and validateSearchConfig pass. Messages name the part
// ("hardware: ...", "search: ...").
Status validateExperimentConfig(const ExperimentConfig &c);

std::string experimentConfigToJson(const ExperimentConfig &c);
// Reads a config file, or the "config" member of a session or results file; validated.
Result<ExperimentConfig> experimentConfigFromJson(const std::string &text, const std::string &source);
// The file's config; a relative model path that exists beside the file is made to point there.
Result<ExperimentConfig> loadExperimentConfigFile(const std::string &path);
// The load options (input shapes) the config's model needs.
LoadOptions loadOptionsOf(const ExperimentConfig &c);

// Results: {"schemaVersion", "kind": "cocco-results", "programVersion", "config", "results": [...]}
// where each run is the search result JSON `cocco search -o` writes (search/result_json.h).
std::string resultsToJson(const Network &net, const std::vector<SearchResult> &results, const ExperimentConfig &config);
// Reads the results back against the loaded network (layer names must match).
Result<std::vector<SearchResult>> resultsFromJson(const Network &net, const std::string &text, const std::string &source);

struct Session {
    ExperimentConfig config;
    Partition partition;               // the partition shown when the session was saved
    std::vector<SearchResult> results; // every run / compare result
};

std::string sessionToJson(const Network &net, const Session &s);
// Read experimentConfigFromJson first (to load the model); this reads the rest against that model.
Result<Session> sessionFromJson(const Network &net, const std::string &text, const std::string &source);

// Fronts as CSV: one row per Pareto point of every result
// (result,algorithm,buffer_bytes,energy_pj,ema_bytes,bw_avg_gbps,bw_peak_gbps,latency_cycles,objective).
std::string frontsToCsv(const std::vector<SearchResult> &results);

} // namespace cocco
