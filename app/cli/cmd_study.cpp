// cocco study plan|run|status|export|front|merge: design-space studies (docs/studies.md).
#include "cli.h"

#include "model/model_json.h"
#include "study/study_mpi.h"
#include "study/suite_front.h"

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>
#include <ostream>
#include <sstream>
#include <unistd.h>

namespace {

const char *kUsage =
    "  cocco study plan STUDY.json [--no-calibrate] [--jobs N]\n"
    "    Prints the number of runs and a time estimate (one timed run per model and algorithm).\n"
    "  cocco study run STUDY.json -o RESULTS.sqlite [--jobs N] [--shard I/N] [--extend] [--retry-failed] [--quiet]\n"
    "    Runs every run not yet in RESULTS.sqlite (resumes after an interruption). Under\n"
    "    `mpirun -n N` the runs are spread over the ranks, rank 0 writing the file.\n"
    "    --jobs N          runs at once (default 1; each run on one thread when N > 1)\n"
    "    --shard I/N       only the runs of slice I (0 <= I < N), e.g. one Slurm array task\n"
    "    --extend          accept a changed study file and add its new runs to the file\n"
    "    --retry-failed    run failed runs again\n"
    "    --quiet           no progress line (there is none when stderr is not a terminal)\n"
    "  cocco study status RESULTS.sqlite\n"
    "  cocco study export RESULTS.sqlite (--csv OUT.csv | --json OUT.json)\n"
    "  cocco study front RESULTS.sqlite [--axis PATH] [--metric M] [--csv OUT.csv]\n"
    "    Suite front over a capacity axis: weighted total of the model suite per capacity and the\n"
    "    capacity minimising it. M: cost (default), objective, ema_bytes, energy_pj, latency_cycles.\n"
    "  cocco study merge A.sqlite B.sqlite ... -o ALL.sqlite\n"
    "    Joins result files of the same study (shards); refuses files of different studies.\n";

std::atomic<bool> g_interrupted{false};
extern "C" void onInterrupt(int) { g_interrupted = true; }

std::string duration(double s)
{
    char buf[64];
    if (s < 120)
        std::snprintf(buf, sizeof buf, "%.1f s", s);
    else if (s < 7200)
        std::snprintf(buf, sizeof buf, "%.1f min", s / 60);
    else
        std::snprintf(buf, sizeof buf, "%.1f h", s / 3600);
    return buf;
}

bool parseJobs(const cli::Args &a, int *jobs, std::string *error)
{
    long long v = 1;
    if (a.hasValue("--jobs") && !cli::parseInt(a.value("--jobs"), 1, 1024, &v, error)) {
        *error = "--jobs: " + *error;
        return false;
    }
    *jobs = static_cast<int>(v);
    return true;
}

int fail(const std::string &msg, std::ostream &err)
{
    err << "cocco study: " << msg << "\n";
    return cli::kExitFailure;
}

// Suite fronts are read from the stored study (hardware resolved), so they need no other file.
cocco::Result<cocco::Study> storedStudyOf(const cocco::ResultsDb &db)
{
    auto st = db.storedStudy();
    if (!st.ok())
        return st.error();
    return cocco::studyFromJson(st->canonicalText, db.path() + " (stored study)", ".");
}

int cmdPlan(const cli::Args &a, std::ostream &out, std::ostream &err)
{
    if (a.positional.size() != 1)
        return cli::usageError("study", "plan: expected one STUDY.json", err);
    int jobs = 1;
    std::string error;
    if (!parseJobs(a, &jobs, &error))
        return cli::usageError("study", error, err);
    auto s = cocco::loadStudyFile(a.positional[0]);
    if (!s.ok())
        return fail(s.message(), err);
    const cocco::StudyPlan plan = cocco::planStudy(*s, !a.has("--no-calibrate"));
    int64_t points = 1;
    for (const auto &ax : s->axes)
        points *= static_cast<int64_t>(ax.values.size());
    out << "study        " << (s->name.empty() ? a.positional[0] : s->name) << "\n";
    std::string once;
    for (const auto &a : s->search.algorithms)
        if (cocco::studySeedCount(*s, a) < s->search.seeds.size())
            once += (once.empty() ? "" : ", ") + a;
    out << "runs         " << plan.runs << " = " << s->models.size() << " models x " << points << " hardware points x "
        << s->search.algorithms.size() << " algorithms x " << s->search.alphas.size() << " alphas x "
        << s->search.seeds.size() << " seeds" << (once.empty() ? "" : " (deterministic, one seed: " + once + ")") << "\n";
    for (const auto &ax : s->axes) {
        out << "axis         " << ax.path << ":";
        for (const auto &v : ax.values)
            out << " " << cocco::axisValueText(v);
        out << "\n";
    }
    bool allMeasured = true;
    for (const auto &e : plan.entries) {
        char line[256];
        if (e.secondsPerRun >= 0)
            std::snprintf(line, sizeof line, "  %-16s %-8s %5d layers  %6lld runs  %9.1f ms/run", e.model.c_str(),
                          e.algorithm.c_str(), e.layers, static_cast<long long>(e.runs), e.secondsPerRun * 1000);
        else
            std::snprintf(line, sizeof line, "  %-16s %-8s %5d layers  %6lld runs", e.model.c_str(), e.algorithm.c_str(),
                          e.layers, static_cast<long long>(e.runs));
        out << line << (e.note.empty() ? "" : "  (" + e.note + ")") << "\n";
        allMeasured = allMeasured && e.secondsPerRun >= 0;
    }
    if (!a.has("--no-calibrate")) {
        out << "estimate     " << duration(plan.estimatedSeconds) << " on one job";
        if (jobs > 1)
            out << ", about " << duration(plan.estimatedSeconds / jobs) << " at --jobs " << jobs;
        out << (allMeasured ? "" : " (not counting the runs that could not be timed)") << "\n";
    }
    return cli::kExitOk;
}

bool parseShard(const std::string &text, int *index, int *count)
{
    const auto slash = text.find('/');
    if (slash == std::string::npos)
        return false;
    long long i = 0, n = 0;
    std::string e;
    if (!cli::parseInt(text.substr(0, slash), 0, 1000000, &i, &e) || !cli::parseInt(text.substr(slash + 1), 1, 1000000, &n, &e)
        || i >= n)
        return false;
    *index = static_cast<int>(i);
    *count = static_cast<int>(n);
    return true;
}

class StudyProgressLine {
public:
    StudyProgressLine(std::ostream &err, bool enabled) : m_err(err), m_enabled(enabled) {}
    void update(const cocco::StudyProgress &p)
    {
        if (!m_enabled || (p.seconds - m_last < 0.2 && p.done < p.total))
            return;
        m_last = p.seconds;
        char line[200];
        std::snprintf(line, sizeof line, "\r%lld/%lld runs  %.2f runs/s  ETA %s  %lld failed   ",
                      static_cast<long long>(p.done), static_cast<long long>(p.total), p.rate,
                      p.rate > 0 ? duration(p.etaSeconds).c_str() : "?", static_cast<long long>(p.failed));
        m_err << line << std::flush;
        m_shown = true;
    }
    void finish()
    {
        if (m_shown)
            m_err << "\n";
    }

private:
    std::ostream &m_err;
    bool m_enabled;
    bool m_shown = false;
    double m_last = -1;
};

void printSummary(const cocco::StudyRunSummary &sum, const std::string &path, const std::string &how, std::ostream &out)
{
    char line[300];
    std::snprintf(line, sizeof line,
                  "study        %lld runs, %lld already done, %lld run now (%lld failed)%s\n"
                  "time         %.2f s wall, %.2f s in runs (%s)\n",
                  static_cast<long long>(sum.total), static_cast<long long>(sum.alreadyDone),
                  static_cast<long long>(sum.ran), static_cast<long long>(sum.failed),
                  sum.cancelled ? ", interrupted" : "", sum.seconds, sum.runSeconds, how.c_str());
    out << line << "results      " << path << "\n";
}

int cmdRun(const cli::Args &a, std::ostream &out, std::ostream &err)
{
    if (a.positional.size() != 1)
        return cli::usageError("study", "run: expected one STUDY.json", err);
    if (!a.hasValue("-o"))
        return cli::usageError("study", "run: -o RESULTS.sqlite is required", err);
    cocco::StudyRunOptions opt;
    std::string error;
    if (!parseJobs(a, &opt.jobs, &error))
        return cli::usageError("study", error, err);
    if (a.hasValue("--shard") && !parseShard(a.value("--shard"), &opt.shardIndex, &opt.shardCount))
        return cli::usageError("study", "--shard: expected I/N with 0 <= I < N, got '" + a.value("--shard") + "'", err);
    opt.retryFailed = a.has("--retry-failed");
    const int worldSize = cocco::studyMpiWorldSize();
    const bool root = cocco::studyMpiWorldRank() == 0;
    std::ostringstream silent; // ranks other than 0 stay silent
    std::ostream &rootErr = root ? err : silent;
    auto text = cocco::readTextFile(a.positional[0]);
    if (!text.ok())
        return fail(text.message(), rootErr);
    const auto slash = a.positional[0].find_last_of('/');
    auto s = cocco::studyFromJson(*text, a.positional[0], slash == std::string::npos ? "." : a.positional[0].substr(0, slash));
    if (!s.ok())
        return fail(s.message(), rootErr);
    StudyProgressLine progress(err, root && !a.has("--quiet") && &err == &std::cerr && isatty(STDERR_FILENO));
    opt.onProgress = [&](const cocco::StudyProgress &p) { progress.update(p); };
    const std::string dbPath = a.value("-o");
    if (worldSize > 1) {
#ifdef COCCO_HAVE_MPI
        auto r = cocco::runStudyMpi(*s, *text, dbPath, a.has("--extend"), opt);
        progress.finish();
        if (!r.ok())
            return fail(r.message(), rootErr);
        if (r->root)
            printSummary(r->summary, dbPath, std::to_string(r->ranks) + " MPI ranks", out);
        return cli::kExitOk;
#else
        return fail("launched by mpirun with " + std::to_string(worldSize) + " ranks, but this build has no MPI (COCCO_MPI=OFF)",
                    rootErr);
#endif
    }
    auto db = cocco::ResultsDb::open(dbPath, true);
    if (!db.ok())
        return fail(db.message(), err);
    cocco::Status st = db.value()->attachStudy(*s, *text, a.has("--extend"));
    if (!st.ok())
        return fail(st.message(), err);
    std::signal(SIGINT, onInterrupt);
    opt.cancel = &g_interrupted;
    auto sum = cocco::runStudy(*s, *db.value(), opt);
    std::signal(SIGINT, SIG_DFL);
    progress.finish();
    if (!sum.ok())
        return fail(sum.message(), err);
    printSummary(sum.value(), dbPath, std::to_string(opt.jobs) + (opt.jobs == 1 ? " job" : " jobs"), out);
    return sum->cancelled ? cli::kExitFailure : cli::kExitOk;
}

int cmdStatus(const cli::Args &a, std::ostream &out, std::ostream &err)
{
    if (a.positional.size() != 1)
        return cli::usageError("study", "status: expected one RESULTS.sqlite", err);
    auto db = cocco::ResultsDb::open(a.positional[0], false);
    if (!db.ok())
        return fail(db.message(), err);
    auto stored = db.value()->storedStudy();
    auto s = storedStudyOf(*db.value());
    auto rows = db.value()->rows();
    if (!stored.ok() || !s.ok() || !rows.ok())
        return fail(!stored.ok() ? stored.message() : !s.ok() ? s.message() : rows.message(), err);
    std::set<std::string> keys;
    for (const auto &r : cocco::studyRuns(*s))
        keys.insert(r.key);
    int64_t ok = 0, failed = 0, inStudy = 0;
    double seconds = 0;
    std::map<std::string, std::pair<int64_t, int64_t>> perAlgo;
    std::vector<std::string> failures;
    for (const auto &r : *rows) {
        inStudy += keys.count(r.key);
        seconds += r.seconds;
        auto &pa = perAlgo[r.algorithm];
        if (r.status == "ok") {
            ++ok;
            ++pa.first;
        } else {
            ++failed;
            ++pa.second;
            if (failures.size() < 5)
                failures.push_back(r.key + ": " + r.message);
        }
    }
    const int64_t total = static_cast<int64_t>(keys.size());
    out << "study        " << (stored->name.empty() ? std::string("(unnamed)") : stored->name) << ", written by cocco "
        << stored->programVersion << "\n";
    out << "runs         " << inStudy << "/" << total << " done (" << ok << " ok, " << failed << " failed), "
        << (total - inStudy) << " to go";
    if (static_cast<int64_t>(rows->size()) > inStudy)
        out << ", " << (static_cast<int64_t>(rows->size()) - inStudy) << " rows of an earlier version of the study";
    out << "\n";
    char line[128];
    std::snprintf(line, sizeof line, "time         %.2f s in runs\n", seconds);
    out << line;
    for (const auto &kv : perAlgo)
        out << "  " << kv.first << ": " << kv.second.first << " ok, " << kv.second.second << " failed\n";
    for (const auto &f : failures)
        out << "failed       " << f << "\n";
    return cli::kExitOk;
}

int cmdExport(const cli::Args &a, std::ostream &out, std::ostream &err)
{
    if (a.positional.size() != 1)
        return cli::usageError("study", "export: expected one RESULTS.sqlite", err);
    if (a.hasValue("--csv") == a.hasValue("--json"))
        return cli::usageError("study", "export: give one of --csv OUT.csv or --json OUT.json", err);
    auto db = cocco::ResultsDb::open(a.positional[0], false);
    if (!db.ok())
        return fail(db.message(), err);
    const bool csv = a.hasValue("--csv");
    const std::string path = csv ? a.value("--csv") : a.value("--json");
    cocco::Status st = csv ? cocco::exportCsv(*db.value(), path) : cocco::exportJson(*db.value(), path);
    if (!st.ok())
        return fail(st.message(), err);
    out << "wrote        " << path << "\n";
    return cli::kExitOk;
}

std::string fmt(double v)
{
    if (std::isnan(v))
        return "-";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

int cmdFront(const cli::Args &a, std::ostream &out, std::ostream &err)
{
    if (a.positional.size() != 1)
        return cli::usageError("study", "front: expected one RESULTS.sqlite", err);
    auto db = cocco::ResultsDb::open(a.positional[0], false);
    if (!db.ok())
        return fail(db.message(), err);
    auto s = storedStudyOf(*db.value());
    if (!s.ok())
        return fail(s.message(), err);
    auto rows = db.value()->rows();
    if (!rows.ok())
        return fail(rows.message(), err);
    auto set = cocco::suiteFronts(*s, *rows, a.value("--axis"), a.value("--metric", "cost"));
    if (!set.ok())
        return fail(set.message(), err);
    std::ostringstream csv;
    csv << "group," << set->axis;
    for (const auto &m : set->models)
        csv << "," << m;
    csv << ",buffer_bytes,suite_" << set->metric << ",complete,best\n";
    for (const auto &f : set->fronts) {
        out << f.group << "\n  " << set->axis;
        for (size_t m = 0; m < set->models.size(); ++m)
            out << "  " << set->models[m] << "(x" << fmt(set->weights[m]) << ")";
        out << "  suite " << set->metric
            << (set->metric == "cost" ? "   (per model: energy_pj of its best run; suite = largest buffer + alpha * weighted energy)" : "")
            << "\n";
        for (size_t i = 0; i < f.points.size(); ++i) {
            const auto &p = f.points[i];
            out << "  " << cocco::axisValueText(p.capacity);
            csv << f.group << "," << cocco::axisValueText(p.capacity);
            for (double v : p.perModel) {
                out << "  " << fmt(v);
                csv << "," << (std::isnan(v) ? std::string() : fmt(v));
            }
            out << "  " << (p.complete ? fmt(p.total) : std::string("incomplete"))
                << (static_cast<int>(i) == f.best ? "  <- best" : "") << "\n";
            csv << "," << p.bufferBytes << "," << (p.complete ? fmt(p.total) : std::string()) << "," << (p.complete ? 1 : 0)
                << "," << (static_cast<int>(i) == f.best ? 1 : 0) << "\n";
        }
        if (f.best >= 0)
            out << "  best " << set->axis << " = " << cocco::axisValueText(f.points[static_cast<size_t>(f.best)].capacity)
                << " (suite " << set->metric << " " << fmt(f.points[static_cast<size_t>(f.best)].total) << ")\n";
    }
    if (a.hasValue("--csv")) {
        cocco::Status st = cocco::writeFileAtomic(a.value("--csv"), csv.str());
        if (!st.ok())
            return fail(st.message(), err);
        out << "wrote        " << a.value("--csv") << "\n";
    }
    return cli::kExitOk;
}

int cmdMerge(const cli::Args &a, std::ostream &out, std::ostream &err)
{
    if (a.positional.empty() || !a.hasValue("-o"))
        return cli::usageError("study", "merge: expected A.sqlite B.sqlite ... -o ALL.sqlite", err);
    if (access(a.value("-o").c_str(), F_OK) == 0)
        return fail(a.value("-o") + ": already exists; merge writes a new file", err);
    cocco::Status st = cocco::mergeResults(a.positional, a.value("-o"));
    if (!st.ok())
        return fail(st.message(), err);
    auto db = cocco::ResultsDb::open(a.value("-o"), false);
    auto n = db.ok() ? db.value()->rowCount() : cocco::Result<int64_t>(db.error());
    out << "wrote        " << a.value("-o") << " (" << (n.ok() ? std::to_string(n.value()) : std::string("?"))
        << " runs from " << a.positional.size() << " files)\n";
    return cli::kExitOk;
}

int runStudyCommand(const std::vector<std::string> &words, std::ostream &out, std::ostream &err)
{
    if (words.empty())
        return cli::usageError("study", "expected a subcommand: plan, run, status, export, front or merge", err);
    const std::string sub = words[0];
    const std::vector<std::string> rest(words.begin() + 1, words.end());
    cli::Args a;
    std::string error;
    if (!cli::parseArgs(rest, {"-o", "--jobs", "--shard", "--csv", "--json", "--axis", "--metric"},
                        {"--extend", "--retry-failed", "--quiet", "--no-calibrate"}, &a, &error))
        return cli::usageError("study", error, err);
    if (sub == "plan")
        return cmdPlan(a, out, err);
    if (sub == "run")
        return cmdRun(a, out, err);
    if (sub == "status")
        return cmdStatus(a, out, err);
    if (sub == "export")
        return cmdExport(a, out, err);
    if (sub == "front")
        return cmdFront(a, out, err);
    if (sub == "merge")
        return cmdMerge(a, out, err);
    return cli::usageError("study", "unknown subcommand '" + sub + "'", err);
}

const bool registered = cli::registerCommand(
    {"study", "design-space studies: many models x hardware points into a results database (plan, run, ...)", kUsage,
     runStudyCommand});

} // namespace
