#include "study_mpi.h"

#include <mpi.h>

#include <chrono>
#include <deque>
#include <mutex>
#include <thread>

namespace cocco {

namespace {

constexpr int kTagResult = 1; // worker -> rank 0: a finished row (empty on the first request)
constexpr int kTagWork = 2;   // rank 0 -> worker: index into studyRuns(), or -1 = no more work
// Rank 0 polls for requests this often when nothing arrives; short enough to keep ranks busy,
// long enough not to take a core from the searches.
constexpr auto kPollInterval = std::chrono::microseconds(500);
// Runs a rank holds at once: one running, the next already in its mailbox, so a rank never
// waits for rank 0's poll between two short runs.
constexpr int kRunsInFlight = 2;

void sendWork(int rank, int64_t index)
{
    long long v = index;
    MPI_Send(&v, 1, MPI_LONG_LONG, rank, kTagWork, MPI_COMM_WORLD);
}

// Ranks other than 0: say hello (an empty message), then run what arrives and send each row
// back, until told to stop.
void workerLoop(const Study &s)
{
    const std::vector<StudyRun> runs = studyRuns(s);
    StudyModelCache models(s);
    std::string payload;
    MPI_Send(payload.data(), 0, MPI_CHAR, 0, kTagResult, MPI_COMM_WORLD);
    while (true) {
        long long index = -1;
        MPI_Recv(&index, 1, MPI_LONG_LONG, 0, kTagWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (index < 0 || index >= static_cast<long long>(runs.size()))
            break;
        payload = runRecordToJson(executeStudyRun(s, runs[static_cast<size_t>(index)], models, 1));
        MPI_Send(payload.data(), static_cast<int>(payload.size()), MPI_CHAR, 0, kTagResult, MPI_COMM_WORLD);
    }
}

// Rank 0: hands out the pending runs (a local thread takes from the same queue), writes rows.
Result<StudyRunSummary> rootLoop(const Study &s, const std::string &studyFileText, const std::string &dbPath,
                                 bool extend, const StudyRunOptions &opt, int ranks)
{
    Status failure = okStatus();
    std::unique_ptr<ResultsDb> db;
    std::vector<StudyRun> pending;
    StudyRunSummary sum;
    StudyModelCache models(s);
    auto opened = ResultsDb::open(dbPath, true);
    if (!opened.ok())
        failure = opened.error();
    else {
        db = std::move(opened).value();
        failure = db->attachStudy(s, studyFileText, extend);
        if (failure.ok() && opt.retryFailed)
            failure = db->deleteFailed();
        if (failure.ok()) {
            auto p = pendingStudyRuns(s, *db, models, opt, &sum.total, &sum.alreadyDone);
            if (p.ok())
                pending = std::move(p).value();
            else
                failure = p.error();
        }
    }
    // With a failure every rank is still answered (with "stop"), so the job ends cleanly.
    std::mutex mu;
    size_t next = 0;
    std::deque<RunRecord> local;
    bool localDone = !failure.ok();
    auto take = [&](int64_t *index) {
        std::lock_guard<std::mutex> lk(mu);
        if (!failure.ok() || next >= pending.size())
            return false;
        *index = pending[next++].index;
        return true;
    };
    const std::vector<StudyRun> all = studyRuns(s);
    std::thread localWorker;
    if (!localDone)
        localWorker = std::thread([&] {
            int64_t i;
            while (take(&i)) {
                RunRecord r = executeStudyRun(s, all[static_cast<size_t>(i)], models, 1);
                std::lock_guard<std::mutex> lk(mu);
                local.push_back(std::move(r));
            }
            std::lock_guard<std::mutex> lk(mu);
            localDone = true;
        });

    std::unique_ptr<StudyRowWriter> writer;
    if (db)
        writer = std::make_unique<StudyRowWriter>(*db, sum, opt);
    auto store = [&](const RunRecord &r) {
        if (!failure.ok())
            return;
        Status st = writer->store(r);
        if (!st.ok()) {
            std::lock_guard<std::mutex> lk(mu);
            failure = st;
        }
    };
    int activeWorkers = ranks - 1;
    std::vector<int> inFlight(static_cast<size_t>(std::max(ranks, 1)), 0); // runs sent, rows not back
    std::string buf;
    while (true) {
        bool busy = false;
        int flag = 0;
        MPI_Status status;
        MPI_Iprobe(MPI_ANY_SOURCE, kTagResult, MPI_COMM_WORLD, &flag, &status);
        if (flag) {
            busy = true;
            int count = 0;
            MPI_Get_count(&status, MPI_CHAR, &count);
            buf.assign(static_cast<size_t>(count), '\0');
            MPI_Recv(buf.data(), count, MPI_CHAR, status.MPI_SOURCE, kTagResult, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if (count > 0) {
                auto rec = runRecordFromJson(buf);
                if (rec.ok())
                    store(rec.value());
                else if (failure.ok()) {
                    std::lock_guard<std::mutex> lk(mu);
                    failure = makeError("rank " + std::to_string(status.MPI_SOURCE) + " sent a bad row: " + rec.message());
                }
            }
            // Each message (a hello or a row) tops the rank up to kRunsInFlight runs; a rank with
            // nothing in flight and nothing to take is told to stop.
            int &held = inFlight[static_cast<size_t>(status.MPI_SOURCE)];
            if (count > 0)
                --held;
            int64_t index = -1;
            while (held < kRunsInFlight && take(&index)) {
                sendWork(status.MPI_SOURCE, index);
                ++held;
            }
            if (held == 0) {
                sendWork(status.MPI_SOURCE, -1);
                --activeWorkers;
            }
        }
        std::deque<RunRecord> mine;
        bool localFinished;
        {
            std::lock_guard<std::mutex> lk(mu);
            mine.swap(local);
            localFinished = localDone;
        }
        for (const auto &r : mine)
            store(r);
        busy = busy || !mine.empty();
        if (activeWorkers == 0 && localFinished)
            break;
        if (!busy)
            std::this_thread::sleep_for(kPollInterval);
    }
    if (localWorker.joinable())
        localWorker.join();
    if (!failure.ok())
        return failure.error();
    writer->finish();
    return sum;
}

} // namespace

Result<StudyMpiOutcome> runStudyMpi(const Study &s, const std::string &studyFileText, const std::string &dbPath,
                                    bool extend, const StudyRunOptions &opt)
{
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    StudyMpiOutcome out;
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &out.ranks);
    out.root = rank == 0;
    Status result = okStatus();
    if (out.root) {
        auto sum = rootLoop(s, studyFileText, dbPath, extend, opt, out.ranks);
        if (sum.ok())
            out.summary = sum.value();
        else
            result = sum.error();
    } else {
        workerLoop(s);
    }
    MPI_Finalize();
    if (!result.ok())
        return result.error();
    return out;
}

} // namespace cocco
