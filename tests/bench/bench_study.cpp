// Study overhead (issue 14): a 500-run study of greedy + DP on ResNet-50 over 4 axes into a fresh
// results database. Prints wall time against the sum of the runs' own seconds, rows per second and
// the database size per run.
//   bench_study [--jobs N] [--dir DIR]                    local runner (default --jobs 2)
//   mpirun -n N bench_study --mpi [--dir DIR]             the same study over MPI ranks
#include "study/study_mpi.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace cocco;

namespace {

const char *kStudy = R"({
  "schemaVersion": 1, "name": "bench: resnet50 greedy + dp over 4 axes",
  "models": ["zoo:resnet50"],
  "hardware": {"schemaVersion": 1, "buffer": {"mode": "shared"}},
  "axes": [{"path": "dram_gbps", "values": [4, 8, 16, 32, 64]},
           {"path": "pe_array.rows", "values": [2, 4, 8, 16, 32]},
           {"path": "buffer.shared_bytes", "values": [262144, 524288, 1048576, 2097152, 4194304]},
           {"path": "batch", "values": [1, 4]}],
  "search": {"algorithms": ["greedy", "dp"], "objective": "cost", "co_explore": false}
})";

double processCpu()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec)
        + 1e-6 * static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

long long fileSize(const std::string &p)
{
    struct stat st{};
    return stat(p.c_str(), &st) == 0 ? static_cast<long long>(st.st_size) : 0;
}

} // namespace

int main(int argc, char **argv)
{
    int jobs = 2;
    bool mpi = false;
    std::string dir = "/tmp";
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--jobs") && i + 1 < argc)
            jobs = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--mpi"))
            mpi = true;
        else if (!std::strcmp(argv[i], "--dir") && i + 1 < argc)
            dir = argv[++i];
    }
    auto s = studyFromJson(kStudy, "bench", ".");
    if (!s.ok()) {
        std::fprintf(stderr, "%s\n", s.message().c_str());
        return 1;
    }
    const bool root = studyMpiWorldRank() == 0;
    const std::string db = dir + "/bench_study_" + (mpi ? "mpi" : "jobs") + ".sqlite";
    if (root)
        for (const char *suffix : {"", "-wal", "-shm"})
            std::remove((db + suffix).c_str());
    StudyRunSummary sum;
    std::string how;
    double cpu0 = 0, cpu1 = 0;
    if (mpi) {
#ifdef COCCO_HAVE_MPI
        auto r = runStudyMpi(*s, kStudy, db, false, {});
        if (!r.ok()) {
            std::fprintf(stderr, "%s\n", r.message().c_str());
            return 1;
        }
        if (!r->root)
            return 0;
        sum = r->summary;
        how = std::to_string(r->ranks) + " MPI ranks";
        jobs = r->ranks;
#else
        std::fprintf(stderr, "built without MPI\n");
        return 1;
#endif
    } else {
        auto out = ResultsDb::open(db, true);
        if (!out.ok() || !out.value()->attachStudy(*s, kStudy, false).ok()) {
            std::fprintf(stderr, "cannot create %s\n", db.c_str());
            return 1;
        }
        StudyRunOptions opt;
        opt.jobs = jobs;
        cpu0 = processCpu();
        auto r = runStudy(*s, *out.value(), opt);
        cpu1 = processCpu();
        if (!r.ok()) {
            std::fprintf(stderr, "%s\n", r.message().c_str());
            return 1;
        }
        sum = r.value();
        how = "--jobs " + std::to_string(jobs);
    }
    const long long bytes = fileSize(db) + fileSize(db + "-wal");
    std::printf("study        %lld runs (%lld failed), %s\n", static_cast<long long>(sum.ran),
                static_cast<long long>(sum.failed), how.c_str());
    std::printf("wall         %.3f s; runs' own seconds %.3f s (%.2f ms per run)\n", sum.seconds, sum.runSeconds,
                1000 * sum.runSeconds / static_cast<double>(std::max<int64_t>(1, sum.ran)));
    std::printf("writer       %.3f s storing rows (%.3f ms per row)\n", sum.writeSeconds,
                1000 * sum.writeSeconds / static_cast<double>(std::max<int64_t>(1, sum.ran)));
    std::printf("overhead     wall x workers / sum of run seconds = %.3f (target <= 1.1)\n",
                sum.seconds * jobs / std::max(1e-9, sum.runSeconds));
    if (!mpi) {
        // CPU figures do not depend on how busy the machine is: the session's CPU time beyond the
        // runs' own is the study's cost (model loading, pending list, hand-over, writer).
        const double cpu = cpu1 - cpu0;
        std::printf("cpu          session %.3f s; runs' own %.3f s; session / runs = %.3f\n", cpu, sum.runCpuSeconds,
                    cpu / std::max(1e-9, sum.runCpuSeconds));
    }
    std::printf("throughput   %.1f runs/s\n", static_cast<double>(sum.ran) / std::max(1e-9, sum.seconds));
    std::printf("database     %lld bytes, %.0f bytes per run\n", bytes,
                static_cast<double>(bytes) / static_cast<double>(std::max<int64_t>(1, sum.ran)));
    return 0;
}
