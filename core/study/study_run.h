// Executing one run of a study: a pure function of the run (its key) - the same row at any job,
// thread or rank count, apart from the measured seconds.
#pragma once

#include "study.h"

#include <atomic>
#include <memory>
#include <mutex>

namespace cocco {

// One row of the results database (docs/studies.md, table `runs`).
struct RunRecord {
    std::string key;
    int64_t index = 0;
    std::string model;                    // the model's label
    std::vector<nlohmann::json> axisValues; // one per axis, as in the study
    std::string algorithm;
    double alpha = 0;
    uint64_t seed = 0;
    std::string status;                   // "ok", "failed" (message says why) or "cancelled" (not stored)
    std::string message;
    std::string stopReason;
    double objective = 0, emaBytes = 0, energyPj = 0, latencyCycles = 0, bwAvgGBps = 0;
    int64_t bufferBytes = 0, samples = 0;
    double seconds = 0;                   // wall time of the run (the only timing-dependent column)
    double cpuSeconds = 0;                // CPU time of the run's thread (not stored; for overhead figures)
    std::string resultJson;               // the `cocco search -o` file, timings zeroed
};

// The scalar columns of a row as a JSON object (run_key ... seconds; no axes, no result).
nlohmann::ordered_json runRecordColumns(const RunRecord &r);
std::string runRecordToJson(const RunRecord &r);  // compact, for sending between ranks
Result<RunRecord> runRecordFromJson(const std::string &text);

// Loads each model of a study once per process, on first use; thread-safe.
class StudyModelCache {
public:
    explicit StudyModelCache(const Study &s) : m_study(s), m_slots(s.models.size()) {}
    // The network, or the load error (every run of that model fails with it).
    Result<std::shared_ptr<const Network>> get(int model);

private:
    struct Slot {
        std::once_flag once;
        std::shared_ptr<const Network> net;
        std::string error;
    };
    const Study &m_study;
    std::vector<Slot> m_slots;
};

// Runs the search of `r`. `threads` is the evaluation thread count inside the run (never changes
// the result). Model and hardware errors come back as a "failed" record, not as an error.
RunRecord executeStudyRun(const Study &s, const StudyRun &r, StudyModelCache &models, int threads,
                          const std::atomic<bool> *cancel = nullptr);

} // namespace cocco
