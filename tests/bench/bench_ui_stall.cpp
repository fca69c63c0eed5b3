// Event-loop stall during a background search: runs a real co-exploring GA on ResNet-50 through
// SearchPanel (offscreen, with the convergence, Pareto, occupancy views and the hardware panel
// listening, as in the workbench) while a 5 ms timer records the longest gap between its ticks.
// Then the same for a Compare of greedy, DP, SA and GA. Prints the worst stall (target < 50 ms).
//   bench_ui_stall [BUDGET] [MODEL]     (defaults: 1000000 samples, zoo:resnet50)
#include "convergence_view.h"
#include "hardware_panel.h"
#include "occupancy_view.h"
#include "pareto_view.h"
#include "search_panel.h"
#include "workbench_state.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace {

// CPU time of the calling (GUI) thread: tells our own work apart from the scheduler not running
// the GUI thread on a busy machine.
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

struct Stall {
    double worstGapMs = 0;
    double sumGapMs = 0;
    int ticks = 0;
    int progress = 0;
    double seconds = 0;
    double worstAtS = 0;  // when the worst gap ended, seconds from the start
    double worstGapCpuMs = 0; // GUI-thread CPU time inside the worst gap
    double worstCpuMs = 0;    // most GUI-thread CPU time inside any one gap (our own work)
    double finishedAtS = 0; // when runFinished arrived
};

Stall measure(ui::SearchPanel &panel, ui::WorkbenchState &state, bool compare)
{
    Stall s;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(5);
    QElapsedTimer clock, total;
    double cpuLast = threadCpuMs();
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const double gap = double(clock.nsecsElapsed()) / 1e6;
        clock.restart();
        const double cpuNow = threadCpuMs();
        const double cpu = cpuNow - cpuLast;
        cpuLast = cpuNow;
        s.worstCpuMs = std::max(s.worstCpuMs, cpu);
        if (gap > s.worstGapMs) {
            s.worstGapMs = gap;
            s.worstGapCpuMs = cpu;
            s.worstAtS = double(total.nsecsElapsed()) / 1e9;
        }
        s.sumGapMs += gap;
        ++s.ticks;
    });
    const auto conn = QObject::connect(&state, &ui::WorkbenchState::searchProgress, [&] { ++s.progress; });
    QEventLoop loop;
    QObject::connect(&panel, &ui::SearchPanel::runFinished, &loop, &QEventLoop::quit);
    total.start();
    clock.start();
    cpuLast = threadCpuMs();
    tick.start();
    if (compare)
        panel.compare();
    else
        panel.run();
    loop.exec();
    s.finishedAtS = double(total.nsecsElapsed()) / 1e9;
    // A few more ticks: the views rebuild on ~40 ms timers after the result lands.
    QEventLoop settle;
    QTimer::singleShot(200, &settle, &QEventLoop::quit);
    settle.exec();
    tick.stop();
    QObject::disconnect(conn);
    s.seconds = double(total.nsecsElapsed()) / 1e9;
    return s;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const long long budget = argc > 1 ? std::atoll(argv[1]) : 1000000;
    const char *model = argc > 2 ? argv[2] : "zoo:resnet50";

    ui::WorkbenchState state;
    auto loaded = cocco::loadModel(model);
    if (!loaded.ok()) {
        std::fprintf(stderr, "%s\n", loaded.message().c_str());
        return 1;
    }
    state.setModel(std::move(loaded).value());
    ui::HardwarePanel hwPanel(&state);
    ui::SearchPanel panel(&state);
    ui::ConvergenceView conv(&state);
    ui::ParetoView pareto(&state);
    ui::OccupancyView occ(&state);
    for (QWidget *w : std::initializer_list<QWidget *>{&hwPanel, &panel, &conv, &pareto, &occ}) {
        w->resize(900, 600);
        w->show();
    }
    cocco::SearchConfig cfg = state.searchConfig();
    cfg.algorithm = cocco::Algorithm("ga");
    cfg.objective = cocco::Objective::Cost;
    cfg.coExplore = true;
    cfg.sampleBudget = budget;
    cfg.seed = 1;
    state.setSearchConfig(cfg);

    // Let the first layouts and paints of the freshly shown widgets happen before measuring.
    {
        QEventLoop settle;
        QTimer::singleShot(500, &settle, &QEventLoop::quit);
        settle.exec();
    }
    std::printf("bench_ui_stall: %s, %zu layers, GA co-exploration, budget %lld samples, 5 ms probe timer\n", model,
                state.network()->size(), budget);
    const Stall run = measure(panel, state, false);
    const cocco::SearchResult &r = state.results().back();
    std::printf("run:     %lld samples in %.2f s (search %.2f s, stop %s), %d progress signals (%.1f/s), %d ticks, "
                "mean gap %.2f ms, WORST STALL %.1f ms (target < 50 ms)\n",
                static_cast<long long>(r.samples), run.seconds, r.seconds, cocco::stopReasonName(r.stopReason),
                run.progress, run.progress / std::max(1e-9, run.seconds), run.ticks,
                run.sumGapMs / std::max(1, run.ticks), run.worstGapMs);

    cfg.sampleBudget = std::max<long long>(1000, budget / 4);
    state.setSearchConfig(cfg);
    panel.setCompareAlgorithms({cocco::Algorithm("greedy"), cocco::Algorithm("dp"), cocco::Algorithm("sa"), cocco::Algorithm("ga")});
    std::printf("         worst gap ended at %.2f s (GUI thread busy %.1f ms of it); the run finished at %.2f s; "
                "most GUI-thread CPU in one gap: %.1f ms\n",
                run.worstAtS, run.worstGapCpuMs, run.finishedAtS, run.worstCpuMs);
    const Stall cmp = measure(panel, state, true);
    std::printf("compare: greedy, dp, sa, ga at %lld samples each in %.2f s, %d progress signals, %d ticks, "
                "mean gap %.2f ms, WORST STALL %.1f ms (target < 50 ms)\n",
                static_cast<long long>(cfg.sampleBudget), cmp.seconds, cmp.progress, cmp.ticks,
                cmp.sumGapMs / std::max(1, cmp.ticks), cmp.worstGapMs);
    std::printf("         worst gap ended at %.2f s (GUI thread busy %.1f ms of it); the compare finished at %.2f s; "
                "most GUI-thread CPU in one gap: %.1f ms\n",
                cmp.worstAtS, cmp.worstGapCpuMs, cmp.finishedAtS, cmp.worstCpuMs);
    std::printf("worst stall overall: %.1f ms wall; most GUI-thread work in one gap: %.1f ms (the rest of a long gap "
                "is the GUI thread waiting for a core)\n",
                std::max(run.worstGapMs, cmp.worstGapMs), std::max(run.worstCpuMs, cmp.worstCpuMs));
    return 0;
}
