// Design-space studies (docs/studies.md): a study file names models, a base hardware, axes over
// hardware fields and search settings; the study is the product of models x hardware points x
// algorithms x alphas x seeds, each element one run with a stable key.
#pragma once

#include "cost/hardware.h"
#include "search/search.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cocco {

constexpr int kStudySchemaVersion = 1;

struct StudyModel {
    std::string label;   // short name used in keys and tables (default: the zoo name / file stem)
    std::string spec;    // as written in the study: "zoo:NAME" or a path relative to the study file
    std::string path;    // spec resolved against the study file's folder (what is loaded)
    std::map<std::string, std::vector<int64_t>> inputShapes; // dynamic ONNX inputs
    double weight = 1.0; // share of this model in suite totals
};

// One axis: a hardware field addressed by its JSON path (as in docs/hardware-format.md) and the
// values it takes. Values are kept as JSON so strings ("shared") and numbers both work.
struct StudyAxis {
    std::string path;                       // e.g. "dram_gbps", "pe_array.rows", "buffer.mode"
    std::vector<nlohmann::json> values;     // in the study's order
    bool isCapacity() const;                // buffer.act_bytes / weight_bytes / shared_bytes
};

struct StudySettings {
    std::vector<Algorithm> algorithms{"greedy"}; // registered names (search/registry.h)
    Objective objective = Objective::Ema;
    std::vector<double> alphas{0.002};     // pJ -> byte weight of the cost objective
    std::vector<uint64_t> seeds{1};
    int64_t budget = 50000;                 // samples per run
    bool coExplore = false;
    double timeLimitSeconds = 0;            // per run; 0 = none (a limit makes results timing-dependent)
    int threads = 0;                        // evaluation threads inside a run with one job (0 = all)
};

struct Study {
    std::string file;                       // where it was read from ("" for text)
    std::string name;
    std::string canonicalText;              // the parsed file re-dumped compactly (identity of the study)
    std::vector<StudyModel> models;
    nlohmann::json baseHardware;            // full hardware object (hardwareToJson of the base)
    HardwareConfig base;
    std::vector<StudyAxis> axes;
    StudySettings search;
};

// One element of the product. Indices point into the study's lists.
struct StudyRun {
    int64_t index = 0;                      // position in the study's deterministic order
    int model = 0;
    std::vector<int> axisValue;             // index of the value per axis
    Algorithm algorithm = "greedy";
    double alpha = 0;
    uint64_t seed = 1;
    std::string key;                        // stable: the same run has the same key in an extended study
};

// Parses a study; `source` prefixes messages ("study.json: axes[1] (pe_array.rows): ..."), and
// relative model / hardware paths are resolved against `baseDir`.
Result<Study> studyFromJson(const std::string &text, const std::string &source, const std::string &baseDir);
Result<Study> loadStudyFile(const std::string &path);

int64_t studyRunCount(const Study &s);
// The seeds an algorithm runs with: all of them, or the first for a deterministic one.
size_t studySeedCount(const Study &s, const Algorithm &a);
// Every run, in order: models, then axes (first axis slowest), algorithms, alphas, seeds. An
// algorithm registered as deterministic (greedy, DP, exact) takes no seed: it runs once per point
// and alpha, with the first seed.
std::vector<StudyRun> studyRuns(const Study &s);

// The hardware of a run's point: the base hardware JSON with each axis field set, read back through
// the hardware reader (so its validation applies). Errors name the axis values.
Result<HardwareConfig> studyHardware(const Study &s, const std::vector<int> &axisValue);
// The search configuration of a run (threads as given).
SearchConfig studySearchConfig(const Study &s, const StudyRun &r, int threads);
// Column text of an axis value ("16", "shared", "0.5").
std::string axisValueText(const nlohmann::json &v);
// Relative cost of a run, for handing out long runs first (no timing: layers and budget).
double studyRunWeight(const Study &s, const StudyRun &r, int layers);

// Stable 64-bit FNV-1a of a run key: `--shard I/N` takes the runs with hash % N == I.
uint64_t runKeyHash(const std::string &key);

} // namespace cocco
