#include "study_runner.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <thread>

namespace cocco {

namespace {

double nowSeconds()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

} // namespace

StudyRowWriter::StudyRowWriter(ResultsDb &db, StudyRunSummary &sum, const StudyRunOptions &opt)
    : m_db(db), m_sum(sum), m_opt(opt), m_t0(nowSeconds())
{
}

Status StudyRowWriter::store(const RunRecord &r)
{
    if (r.status == "cancelled")
        return okStatus();
    const double w0 = nowSeconds();
    Status st = m_db.insert(r);
    m_sum.writeSeconds += nowSeconds() - w0;
    if (!st.ok())
        return st;
    ++m_sum.ran;
    if (r.status != "ok")
        ++m_sum.failed;
    m_sum.runSeconds += r.seconds;
    m_sum.runCpuSeconds += r.cpuSeconds;
    if (m_opt.onProgress) {
        StudyProgress p;
        p.total = m_sum.total;
        p.done = m_sum.alreadyDone + m_sum.ran;
        p.failed = m_sum.failed;
        p.ranNow = m_sum.ran;
        p.seconds = nowSeconds() - m_t0;
        p.rate = p.seconds > 0 ? static_cast<double>(p.ranNow) / p.seconds : 0;
        p.etaSeconds = p.rate > 0 ? static_cast<double>(p.total - p.done) / p.rate : 0;
        m_opt.onProgress(p);
    }
    return okStatus();
}

void StudyRowWriter::finish() { m_sum.seconds = nowSeconds() - m_t0; }

Result<std::vector<StudyRun>> pendingStudyRuns(const Study &s, const ResultsDb &db, StudyModelCache &models,
                                               const StudyRunOptions &opt, int64_t *total, int64_t *done)
{
    auto keys = db.doneKeys();
    if (!keys.ok())
        return keys.error();
    std::vector<StudyRun> pending;
    *total = 0;
    *done = 0;
    for (auto &r : studyRuns(s)) {
        if (opt.shardCount > 1 && runKeyHash(r.key) % static_cast<uint64_t>(opt.shardCount) != static_cast<uint64_t>(opt.shardIndex))
            continue;
        ++*total;
        if (keys->count(r.key))
            ++*done;
        else
            pending.push_back(std::move(r));
    }
    std::vector<double> layerCount(s.models.size(), 0);
    for (size_t m = 0; m < s.models.size(); ++m) {
        auto net = models.get(static_cast<int>(m));
        layerCount[m] = net.ok() ? static_cast<double>(net.value()->layers().size()) : 0;
    }
    std::vector<std::pair<double, size_t>> order;
    for (size_t i = 0; i < pending.size(); ++i)
        order.emplace_back(-studyRunWeight(s, pending[i], static_cast<int>(layerCount[static_cast<size_t>(pending[i].model)])), i);
    std::stable_sort(order.begin(), order.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    std::vector<StudyRun> sorted;
    sorted.reserve(pending.size());
    for (const auto &o : order)
        sorted.push_back(std::move(pending[o.second]));
    return sorted;
}

Result<StudyRunSummary> runStudy(const Study &s, ResultsDb &db, const StudyRunOptions &opt)
{
    if (opt.shardCount < 1 || opt.shardIndex < 0 || opt.shardIndex >= opt.shardCount)
        return makeError("shard " + std::to_string(opt.shardIndex) + "/" + std::to_string(opt.shardCount)
                         + ": expected I/N with 0 <= I < N");
    if (opt.retryFailed) {
        Status st = db.deleteFailed();
        if (!st.ok())
            return st.error();
    }
    StudyModelCache models(s);
    StudyRunSummary sum;
    auto pending = pendingStudyRuns(s, db, models, opt, &sum.total, &sum.alreadyDone);
    if (!pending.ok())
        return pending.error();
    const std::vector<StudyRun> &runs = pending.value();
    const int jobs = std::max(1, std::min<int>(opt.jobs, static_cast<int>(std::max<size_t>(1, runs.size()))));
    const int threadsPerRun = opt.jobs > 1 ? 1 : s.search.threads;

    // Workers compute; this thread is the only one that touches the database.
    std::mutex mu;
    std::condition_variable cv;
    std::deque<RunRecord> ready;
    size_t next = 0;
    int running = jobs;
    std::atomic<bool> stop{false};
    auto cancelled = [&] { return stop.load() || (opt.cancel && opt.cancel->load()); };
    std::atomic<bool> stopInFlight{false}; // set on cancel or a write error: searches stop early
    std::vector<std::thread> workers;
    for (int w = 0; w < jobs; ++w)
        workers.emplace_back([&] {
            while (true) {
                size_t i;
                {
                    std::lock_guard<std::mutex> lk(mu);
                    if (next >= runs.size() || cancelled())
                        break;
                    i = next++;
                }
                RunRecord rec = executeStudyRun(s, runs[i], models, threadsPerRun, &stopInFlight);
                std::lock_guard<std::mutex> lk(mu);
                ready.push_back(std::move(rec));
                cv.notify_one();
            }
            std::lock_guard<std::mutex> lk(mu);
            --running;
            cv.notify_one();
        });

    StudyRowWriter writer(db, sum, opt);
    Status writeError = okStatus();
    while (true) {
        RunRecord rec;
        {
            std::unique_lock<std::mutex> lk(mu);
            cv.wait_for(lk, std::chrono::milliseconds(50), [&] { return !ready.empty() || running == 0; });
            if (opt.cancel && opt.cancel->load())
                stopInFlight = true;
            if (ready.empty()) {
                if (running == 0)
                    break;
                continue;
            }
            rec = std::move(ready.front());
            ready.pop_front();
        }
        if (!writeError.ok())
            continue;
        writeError = writer.store(rec);
        if (!writeError.ok()) {
            stop = true;
            stopInFlight = true;
        }
    }
    for (auto &t : workers)
        t.join();
    if (!writeError.ok())
        return writeError.error();
    sum.cancelled = opt.cancel && opt.cancel->load();
    writer.finish();
    return sum;
}

StudyPlan planStudy(const Study &s, bool calibrate, double calibrationLimitSeconds)
{
    StudyPlan plan;
    plan.runs = studyRunCount(s);
    int64_t points = 1;
    for (const auto &ax : s.axes)
        points *= static_cast<int64_t>(ax.values.size());
    StudyModelCache models(s);
    Study probe = s;
    probe.search.timeLimitSeconds = s.search.timeLimitSeconds > 0 ? std::min(s.search.timeLimitSeconds, calibrationLimitSeconds)
                                                                 : calibrationLimitSeconds;
    const std::vector<int> firstPoint(s.axes.size(), 0);
    for (size_t m = 0; m < s.models.size(); ++m)
        for (const Algorithm &a : s.search.algorithms) {
            StudyPlanEntry e;
            e.model = s.models[m].label;
            e.algorithm = algorithmName(a);
            e.runs = points * static_cast<int64_t>(s.search.alphas.size() * studySeedCount(s, a));
            auto net = models.get(static_cast<int>(m));
            if (!net.ok()) {
                e.note = net.message();
            } else {
                e.layers = static_cast<int>(net.value()->layers().size());
                if (calibrate) {
                    StudyRun r{0, static_cast<int>(m), firstPoint, a, s.search.alphas[0], s.search.seeds[0], "plan"};
                    const RunRecord rec = executeStudyRun(probe, r, models, s.search.threads);
                    if (rec.status != "ok")
                        e.note = "calibration run failed: " + rec.message;
                    else {
                        e.secondsPerRun = rec.seconds;
                        if (rec.stopReason == "time-limit")
                            e.note = "calibration stopped at its time limit: at least this long";
                    }
                }
            }
            if (e.secondsPerRun > 0)
                plan.estimatedSeconds += e.secondsPerRun * static_cast<double>(e.runs);
            plan.entries.push_back(e);
        }
    return plan;
}

} // namespace cocco
