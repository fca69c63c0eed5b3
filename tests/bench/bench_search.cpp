// Search speed and quality figures (prints, never fails on timing):
//   bench_search speed        50k-sample co-exploration of ResNet-50 (separate + shared),
//                             400k-sample partition-only GA on RandWire-B
//   bench_search optimum      partition-only EMA GA (400k samples) against exact on the models
//                             where exact finishes
//   bench_search reach        samples the GA needs to come within 1.05x of its final cost
//                             (co-exploration, 50k, ResNet-50)
//   bench_search all          everything (default)
// Options: --threads T (default 0 = all cores), --seeds K (default 1).
#include "search/baselines/baselines.h"
#include "search/search.h"
#include "zoo/zoo.h"

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

using namespace cocco;

namespace {

int g_threads = 0;
int g_seeds = 1;
std::vector<std::string> g_models;

std::shared_ptr<const Network> zoo(const std::string &name)
{
    auto r = buildZooModel(name);
    if (!r.ok()) {
        std::fprintf(stderr, "%s\n", r.message().c_str());
        std::exit(1);
    }
    return std::make_shared<Network>(std::move(r).value());
}

double cpuNow() { return double(std::clock()) / CLOCKS_PER_SEC; }

double now()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

SearchResult run(const CostModel &m, SearchConfig cfg)
{
    cfg.threads = g_threads;
    auto r = runSearch(m, cfg);
    if (!r.ok()) {
        std::fprintf(stderr, "search failed: %s\n", r.message().c_str());
        std::exit(1);
    }
    return std::move(r).value();
}

int64_t samplesToReach(const SearchResult &r, double target)
{
    for (const auto &h : r.history)
        if (h.best <= target)
            return h.samples;
    return -1;
}

void speed(bool coOnly, bool partOnly)
{
    if (!partOnly)
    for (BufferMode mode : {BufferMode::Separate, BufferMode::Shared}) {
        HardwareConfig hw;
        hw.mode = mode;
        CostModel m(zoo("resnet50"), hw);
        SearchConfig cfg;
        cfg.objective = Objective::Cost;
        cfg.coExplore = true;
        cfg.sampleBudget = 50000;
        const double t0 = now(), c0 = cpuNow();
        SearchResult r = run(m, cfg);
        const double s = now() - t0, cpu = cpuNow() - c0;
        std::printf("speed resnet50 co-exploration %-8s 50k: %.2f s wall, %.2f s CPU (%.0f samples/s), cost %.0f, stop %s\n",
                    mode == BufferMode::Shared ? "shared" : "separate", s, cpu, r.samples / s, r.best.objective,
                    stopReasonName(r.stopReason));
    }
    if (coOnly)
        return;
    CostModel m(zoo("randwire_b"), HardwareConfig{});
    SearchConfig cfg;
    cfg.objective = Objective::Ema;
    cfg.sampleBudget = 400000;
    const double t0 = now(), c0 = cpuNow();
    SearchResult r = run(m, cfg);
    const double s = now() - t0, cpu = cpuNow() - c0;
    std::printf("speed randwire_b partition-only EMA 400k: %.2f s wall, %.2f s CPU (%.0f samples/s), EMA %.0f, samples %lld, stop %s\n", s,
                cpu, r.samples / s, r.best.objective, static_cast<long long>(r.samples), stopReasonName(r.stopReason));
    std::fflush(stdout);
}

void optimum()
{
    std::vector<std::string> names = g_models;
    if (names.empty())
        names = {"vgg16", "resnet18", "resnet50", "googlenet", "resnet152", "squeezenet1_0", "mobilenetv2"};
    for (const std::string &nm : names) {
        const char *name = nm.c_str();
        CostModel m(zoo(name), HardwareConfig{});
        const double t0 = now();
        auto ex = exactSearch(m, m.hardware(), Objective::Ema, 0.002, {}, 120, 2000000);
        const double te = now() - t0;
        if (!ex.ok()) {
            std::printf("optimum %-14s exact failed: %s\n", name, ex.message().c_str());
            continue;
        }
        for (int seed = 1; seed <= g_seeds; ++seed) {
            SearchConfig cfg;
            cfg.objective = Objective::Ema;
            cfg.sampleBudget = 400000;
            cfg.seed = static_cast<uint64_t>(seed);
            const double t1 = now();
            SearchResult r = run(m, cfg);
            const double tg = now() - t1;
            std::printf("optimum %-14s exact %.0f (%s, %.1f s)  ga %.0f  ratio %.6f  reached at %lld samples (%.1f s, %lld samples, %s)\n",
                        name, ex->objective, stopReasonName(ex->stop), te, r.best.objective,
                        r.best.objective / ex->objective,
                        static_cast<long long>(samplesToReach(r, ex->objective * (1 + 1e-12))), tg,
                        static_cast<long long>(r.samples), stopReasonName(r.stopReason));
            std::fflush(stdout);
        }
    }
}

void reach()
{
    for (BufferMode mode : {BufferMode::Separate, BufferMode::Shared}) {
        for (const char *name : {"resnet50", "googlenet", "randwire_a", "nasnet_a_large"}) {
            HardwareConfig hw;
            hw.mode = mode;
            CostModel m(zoo(name), hw);
            for (int seed = 1; seed <= g_seeds; ++seed) {
                SearchConfig cfg;
                cfg.objective = Objective::Cost;
                cfg.coExplore = true;
                cfg.sampleBudget = 50000;
                cfg.seed = static_cast<uint64_t>(seed);
                const double t0 = now();
                SearchResult r = run(m, cfg);
                std::printf("reach %-8s %-15s ga cost %.0f (A %lld W %lld S %lld KiB) within 1.05x at %lld samples, %.2f s\n",
                            mode == BufferMode::Shared ? "shared" : "separate", name, r.best.objective,
                            static_cast<long long>(r.best.hw.actBufferBytes / 1024),
                            static_cast<long long>(r.best.hw.weightBufferBytes / 1024),
                            static_cast<long long>(r.best.hw.sharedBufferBytes / 1024),
                            static_cast<long long>(samplesToReach(r, r.best.objective * 1.05)), now() - t0);
                std::fflush(stdout);
            }
        }
    }
}

} // namespace

int main(int argc, char **argv)
{
    std::string what = "all";
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
            g_threads = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--model") && i + 1 < argc)
            g_models.push_back(argv[++i]);
        else if (!std::strcmp(argv[i], "--seeds") && i + 1 < argc)
            g_seeds = std::atoi(argv[++i]);
        else
            what = argv[i];
    }
    if (what == "speed" || what == "all" || what == "speed-co" || what == "speed-rw")
        speed(what == "speed-co", what == "speed-rw");
    if (what == "optimum" || what == "all")
        optimum();
    if (what == "reach" || what == "all")
        reach();
    return 0;
}
