#include "study_run.h"

#include "io/model_loader.h"
#include "search/result_json.h"

#include <chrono>
#include <ctime>

namespace cocco {

using nlohmann::json;

nlohmann::ordered_json runRecordColumns(const RunRecord &r)
{
    nlohmann::ordered_json j;
    j["run_key"] = r.key;
    j["run_index"] = r.index;
    j["model"] = r.model;
    j["algorithm"] = r.algorithm;
    j["alpha"] = r.alpha;
    j["seed"] = r.seed;
    j["status"] = r.status;
    j["message"] = r.message;
    j["stop_reason"] = r.stopReason;
    j["objective"] = r.objective;
    j["ema_bytes"] = r.emaBytes;
    j["energy_pj"] = r.energyPj;
    j["latency_cycles"] = r.latencyCycles;
    j["buffer_bytes"] = r.bufferBytes;
    j["bw_avg_gbps"] = r.bwAvgGBps;
    j["samples"] = r.samples;
    j["seconds"] = r.seconds;
    return j;
}

std::string runRecordToJson(const RunRecord &r)
{
    nlohmann::ordered_json j = runRecordColumns(r);
    j["axes"] = r.axisValues;
    j["result"] = r.resultJson;
    j["cpu_seconds"] = r.cpuSeconds;
    return j.dump();
}

Result<RunRecord> runRecordFromJson(const std::string &text)
{
    try {
        const json j = json::parse(text);
        RunRecord r;
        r.key = j.at("run_key").get<std::string>();
        r.index = j.at("run_index").get<int64_t>();
        r.model = j.at("model").get<std::string>();
        for (const auto &v : j.at("axes"))
            r.axisValues.push_back(v);
        r.algorithm = j.at("algorithm").get<std::string>();
        r.alpha = j.at("alpha").get<double>();
        r.seed = j.at("seed").get<uint64_t>();
        r.status = j.at("status").get<std::string>();
        r.message = j.at("message").get<std::string>();
        r.stopReason = j.at("stop_reason").get<std::string>();
        r.objective = j.at("objective").get<double>();
        r.emaBytes = j.at("ema_bytes").get<double>();
        r.energyPj = j.at("energy_pj").get<double>();
        r.latencyCycles = j.at("latency_cycles").get<double>();
        r.bwAvgGBps = j.at("bw_avg_gbps").get<double>();
        r.bufferBytes = j.at("buffer_bytes").get<int64_t>();
        r.samples = j.at("samples").get<int64_t>();
        r.seconds = j.at("seconds").get<double>();
        r.resultJson = j.at("result").get<std::string>();
        r.cpuSeconds = j.value("cpu_seconds", 0.0);
        return r;
    } catch (const json::exception &e) {
        return makeError(std::string("run record: ") + e.what());
    }
}

Result<std::shared_ptr<const Network>> StudyModelCache::get(int model)
{
    Slot &slot = m_slots.at(static_cast<size_t>(model));
    std::call_once(slot.once, [&] {
        const StudyModel &m = m_study.models[static_cast<size_t>(model)];
        LoadOptions o;
        o.inputShapes = m.inputShapes;
        auto loaded = loadModel(m.path, o);
        if (loaded.ok())
            slot.net = std::make_shared<const Network>(std::move(loaded.value().net));
        else
            slot.error = loaded.message();
    });
    if (!slot.net)
        return makeError(slot.error);
    return slot.net;
}

RunRecord executeStudyRun(const Study &s, const StudyRun &r, StudyModelCache &models, int threads,
                          const std::atomic<bool> *cancel)
{
    const auto t0 = std::chrono::steady_clock::now();
    auto threadCpu = [] {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
    };
    const double cpu0 = threadCpu();
    RunRecord rec;
    rec.key = r.key;
    rec.index = r.index;
    const StudyModel &m = s.models.at(static_cast<size_t>(r.model));
    rec.model = m.label;
    for (size_t a = 0; a < s.axes.size(); ++a)
        rec.axisValues.push_back(s.axes[a].values.at(static_cast<size_t>(r.axisValue.at(a))));
    rec.algorithm = algorithmName(r.algorithm);
    rec.alpha = r.alpha;
    rec.seed = r.seed;
    auto finish = [&](const std::string &status, const std::string &message) {
        rec.status = status;
        rec.message = message;
        rec.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        rec.cpuSeconds = threadCpu() - cpu0; // with threads > 1 only this thread's share
        return rec;
    };
    auto net = models.get(r.model);
    if (!net.ok())
        return finish("failed", "model " + m.label + ": " + net.message());
    auto hw = studyHardware(s, r.axisValue);
    if (!hw.ok())
        return finish("failed", hw.message());
    const CostModel cost(net.value(), hw.value());
    SearchControl ctl;
    ctl.cancel = cancel;
    auto res = runSearch(cost, studySearchConfig(s, r, threads), ctl);
    if (!res.ok())
        return finish("failed", res.message());
    SearchResult &sr = res.value();
    if (sr.stopReason == StopReason::Cancelled)
        return finish("cancelled", "cancelled");
    const PartitionCost &c = sr.best.cost;
    rec.stopReason = stopReasonName(sr.stopReason);
    rec.objective = sr.best.objective;
    rec.emaBytes = c.emaBytes;
    rec.energyPj = c.energyPj;
    rec.latencyCycles = c.latencyCycles;
    rec.bwAvgGBps = c.bwAvgGBps;
    rec.bufferBytes = c.bufferBytes;
    rec.samples = sr.samples;
    // The stored file is timing-free and records the study's thread setting, so a row is the same
    // whichever process, job or rank ran it; the wall time is the `seconds` column.
    sr.seconds = 0;
    for (auto &h : sr.history)
        h.seconds = 0;
    sr.config.threads = s.search.threads;
    rec.resultJson = searchResultToJson(*net.value(), sr, m.spec);
    return finish("ok", "");
}

} // namespace cocco
