// Running a study on one machine (`--jobs N`) into a results database, and the plan (run count,
// time estimate). Every run is a pure function of its key, so the rows do not depend on the job
// count, the order runs are handed out in, or how often the study was interrupted and resumed.
#pragma once

#include "results_db.h"

#include <functional>

namespace cocco {

struct StudyProgress {
    int64_t done = 0;      // rows in the file for this study's runs (incl. earlier sessions)
    int64_t total = 0;     // runs of the study (of this shard)
    int64_t failed = 0;    // failed rows written in this session
    int64_t ranNow = 0;    // rows written in this session
    double seconds = 0;    // wall time of this session
    double rate = 0;       // rows per second in this session
    double etaSeconds = 0; // remaining / rate (0 while unknown)
};

struct StudyRunOptions {
    int jobs = 1;                 // runs at once; > 1 runs each search on one thread
    int shardIndex = 0;           // this slice of `--shard I/N`: runs with runKeyHash(key) % N == I
    int shardCount = 1;
    bool retryFailed = false;     // drop failed rows first so they run again
    std::function<void(const StudyProgress &)> onProgress; // on the writer thread, after each row
    const std::atomic<bool> *cancel = nullptr;             // runs in flight are dropped, nothing else is lost
};

struct StudyRunSummary {
    int64_t total = 0, alreadyDone = 0, ran = 0, failed = 0;
    bool cancelled = false;
    double seconds = 0;    // wall time
    double runSeconds = 0; // sum of the runs' own seconds
    double writeSeconds = 0; // time the writer spent storing rows (one transaction each)
    double runCpuSeconds = 0; // sum of the runs' own CPU time
};

// The runs of this shard that are not in the file yet, longest first (studyRunWeight), ties in
// study order. Also sets *total to the shard's run count and *done to the rows already present.
Result<std::vector<StudyRun>> pendingStudyRuns(const Study &s, const ResultsDb &db, StudyModelCache &models,
                                               const StudyRunOptions &opt, int64_t *total, int64_t *done);

Result<StudyRunSummary> runStudy(const Study &s, ResultsDb &db, const StudyRunOptions &opt);

// The one writer of a session (local and MPI runners): stores each row in its own transaction and
// keeps the summary and the progress figures.
class StudyRowWriter {
public:
    StudyRowWriter(ResultsDb &db, StudyRunSummary &sum, const StudyRunOptions &opt);
    // Cancelled records are dropped; a failed write is returned (the caller stops the session).
    Status store(const RunRecord &r);
    // Sets the summary's wall time and run seconds.
    void finish();

private:
    ResultsDb &m_db;
    StudyRunSummary &m_sum;
    const StudyRunOptions &m_opt;
    double m_t0;
};

struct StudyPlanEntry {
    std::string model, algorithm;
    int layers = 0;                 // 0 when the model does not load
    int64_t runs = 0;
    double secondsPerRun = -1;      // measured on the first hardware point; -1 = not measured
    std::string note;               // load error, failed or time-limited calibration
};
struct StudyPlan {
    int64_t runs = 0;
    std::vector<StudyPlanEntry> entries; // per model x algorithm
    double estimatedSeconds = 0;         // one job, sum of the entries
};
// Counts the runs and, when `calibrate`, times one run per model x algorithm (first point, alpha
// and seed; at most `calibrationLimitSeconds` each) to estimate the total.
StudyPlan planStudy(const Study &s, bool calibrate, double calibrationLimitSeconds = 10);

} // namespace cocco
