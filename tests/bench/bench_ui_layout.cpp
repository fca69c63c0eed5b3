// Graph layout time (Graphviz dot with the bounded settings of ui/graph_layout.cpp): a generated
// 1,000-node layered DAG (target <= 1 s) and the zoo's largest models. Prints figures; never fails
// on timing.
#include "support/random_dag.h"
#include "graph_layout.h"
#include "graph_view.h"
#include "workbench_state.h"

#include "io/model_loader.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include "model/network.h"
#include "zoo/zoo.h"

#include <algorithm>
#include <cstdio>
#include <random>

using namespace cocco;

namespace {
using testsupport::randomDag;

void run(const char *name, const Network &net, int maxRouted = ui::GraphLayoutInput().maxRoutedNodes)
{
    size_t edges = 0;
    for (const Layer &l : net.layers())
        edges += l.inputs.size();
    const std::vector<QSizeF> sizes(net.size(), QSizeF(90, 32));
    double best = 1e9, worst = 0;
    ui::GraphLayout g;
    for (int rep = 0; rep < 3; ++rep) {
        ui::GraphLayoutInput in = ui::layoutInputFor(net, sizes);
        in.maxRoutedNodes = maxRouted;
        g = ui::computeGraphLayout(in);
        best = std::min(best, g.seconds);
        worst = std::max(worst, g.seconds);
    }
    std::printf("%-22s %6zu nodes %6zu edges  %-8s layout %.3f s (worst of 3: %.3f s)  extent %.0f x %.0f pt%s\n",
                name, net.size(), edges, g.edgePaths.empty() ? "straight" : "routed", best, worst, g.bounds.width(),
                g.bounds.height(), g.ok() ? "" : "  FAILED");
}
} // namespace

// GUI-thread cost of the graph view reacting to the state: a new partition (recolour + outlines)
// and a hardware change (re-evaluation; outlines kept), on a laid-out view.
void viewReactions(const char *model)
{
    ui::WorkbenchState state;
    ui::GraphView view(&state);
    view.resize(900, 700);
    view.show();
    auto m = cocco::loadModel(std::string("zoo:") + model);
    if (!m.ok()) {
        std::printf("%-22s %s\n", model, m.message().c_str());
        return;
    }
    QEventLoop loop;
    QObject::connect(&view, &ui::GraphView::layoutFinished, &loop, &QEventLoop::quit);
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    QElapsedTimer t;
    t.start();
    state.setModel(std::move(m.value()));
    const double setModelMs = t.nsecsElapsed() / 1e6;
    if (view.isLayoutPending())
        loop.exec();
    const double layoutMs = t.nsecsElapsed() / 1e6;
    t.restart();
    state.setPartition(Partition::fixedLength(*state.network(), 6));
    const double partitionMs = t.nsecsElapsed() / 1e6;
    HardwareConfig hw = state.hardware();
    hw.actBufferBytes += 64 * kKiB;
    t.restart();
    state.setHardware(hw);
    const double hardwareMs = t.nsecsElapsed() / 1e6;
    t.restart();
    view.grab();
    const double paintMs = t.nsecsElapsed() / 1e6;
    std::printf("%-22s setModel %.1f ms (GUI thread), laid out after %.0f ms; new partition %.1f ms; hardware change "
                "%.1f ms; full repaint %.1f ms\n",
                model, setModelMs, layoutMs, partitionMs, hardwareMs, paintMs);
}

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    std::printf("Graphviz dot layout (nslimit=1, nslimit1=1, mclimit=0.1; edges routed as polylines up to %d nodes, "
                "straight beyond), best of 3 runs\n", ui::GraphLayoutInput().maxRoutedNodes);
    run("generated-1000", randomDag(1000, 1));
    run("generated-2000", randomDag(2000, 1));
    run("generated-500 straight", randomDag(500, 1), 0);
    run("generated-500 routed", randomDag(500, 1), 100000);
    run("generated-1000 routed", randomDag(1000, 1), 100000);
    for (const char *m : {"resnet152", "nasnet_a_large", "gpt1", "randwire_b", "googlenet"}) {
        auto net = buildZooModel(m);
        if (net.ok())
            run(m, net.value());
        else
            std::printf("%-22s %s\n", m, net.message().c_str());
    }
    std::printf("\nGraph view reactions (GUI thread; includes the state's cost re-evaluation)\n");
    for (const char *m : {"resnet50", "nasnet_a_large", "resnet152"})
        viewReactions(m);
    return 0;
}
