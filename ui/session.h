// Experiment files (versioned JSON, schemaVersion): the config (model reference, hardware, search
// settings), the results (partitions by layer name, metrics, fronts) and a whole session (config +
// current partition + results). Opening an exported config and running with the same seed
// reproduces the run exactly: every SearchConfig and HardwareConfig field is written.
// Pure serialisation (no widgets); files are written through QSaveFile.
#pragma once

#include "cost/cost_model.h"
#include "search/search.h"

#include <QString>

#include <map>
#include <string>
#include <vector>

namespace ui {

constexpr int kConfigSchemaVersion = 1;
constexpr int kResultsSchemaVersion = 1;
constexpr int kSessionSchemaVersion = 1;

struct ExperimentConfig {
    std::string modelSpec;                                 // "zoo:resnet50", a .json or .onnx path
    std::map<std::string, std::vector<int64_t>> inputShapes; // ONNX input shape overrides
    cocco::HardwareConfig hardware;
    cocco::SearchConfig search;
};

struct Session {
    ExperimentConfig config;
    cocco::Partition partition;               // the partition shown when the session was saved
    std::vector<cocco::SearchResult> results; // every run / compare result
};

std::string configToJson(const ExperimentConfig &c);
// Accepts a config file and also a session or results file (their "config" member).
cocco::Result<ExperimentConfig> configFromJson(const std::string &text, const std::string &source);

// Results: {"schemaVersion", "kind": "cocco-results", "config", "results": [...]} where each run is
// core's search result JSON (search/result_json.h, the file `cocco search` writes): best partition
// (layer names), hardware, metrics, history and Pareto archive.
std::string resultsToJson(const cocco::Network &net, const std::vector<cocco::SearchResult> &results,
                          const ExperimentConfig &config);
// Reads the results back against the loaded network (layer names must match).
cocco::Result<std::vector<cocco::SearchResult>> resultsFromJson(const cocco::Network &net, const std::string &text,
                                                                const std::string &source);

std::string sessionToJson(const cocco::Network &net, const Session &s);
// The config part is read first (configFromJson) so the caller can load the model; this reads the
// rest against that model.
cocco::Result<Session> sessionFromJson(const cocco::Network &net, const std::string &text, const std::string &source);

// Fronts as CSV: one row per Pareto point of every result
// (result,algorithm,buffer_bytes,energy_pj,ema_bytes,bw_avg_gbps,bw_peak_gbps,latency_cycles,objective).
std::string frontsToCsv(const std::vector<cocco::SearchResult> &results);

// Atomic text write (QSaveFile); false with *error naming the file.
bool writeTextFile(const QString &path, const std::string &text, QString *error);
bool readTextFile(const QString &path, std::string *text, QString *error);

} // namespace ui
