// Graph view: layout geometry (pure, no rendering) on zoo models and a generated graph, and the
// view's behaviour: nodes coloured by subgraph, find, click to select, tooltips, export.
#include "support/random_dag.h"
#include "graph_layout.h"
#include "graph_view.h"
#include "palette.h"
#include "workbench_state.h"

#include "io/model_loader.h"
#include "model/network.h"
#include "zoo/zoo.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace cocco;

namespace {
using testsupport::randomDag;

std::vector<QSizeF> uniformSizes(size_t n) { return std::vector<QSizeF>(n, QSizeF(90, 32)); }

void checkGeometry(const Network &net, const ui::GraphLayout &g)
{
    QVERIFY2(g.ok(), qPrintable(g.error));
    QCOMPARE(g.nodes.size(), net.size());
    // No two nodes overlap (dot keeps nodesep between them).
    std::vector<size_t> order(g.nodes.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return g.nodes[a].top() < g.nodes[b].top(); });
    for (size_t ia = 0; ia < order.size(); ++ia)
        for (size_t ib = ia + 1; ib < order.size(); ++ib) {
            const QRectF &a = g.nodes[order[ia]], &b = g.nodes[order[ib]];
            if (b.top() >= a.bottom())
                break; // sorted by top: nothing further down can overlap a
            QVERIFY2(!a.adjusted(0.5, 0.5, -0.5, -0.5).intersects(b),
                     qPrintable(QStringLiteral("nodes %1 and %2 overlap").arg(order[ia]).arg(order[ib])));
        }
    // Every producer is drawn above its consumer (top-down layering).
    for (int v = 0; v < int(net.size()); ++v)
        for (int u : net.preds(v))
            QVERIFY2(g.nodes[size_t(u)].bottom() <= g.nodes[size_t(v)].top(),
                     qPrintable(QStringLiteral("%1 is not above %2").arg(QString::fromStdString(net.layer(u).name),
                                                                        QString::fromStdString(net.layer(v).name))));
    for (const QRectF &r : g.nodes)
        QVERIFY(g.bounds.contains(r));
}
} // namespace

class TestGraph : public QObject {
    Q_OBJECT
private slots:
    void zooLayout_data()
    {
        QTest::addColumn<QString>("model");
        for (const char *m : {"resnet50", "googlenet", "vgg16", "transformer", "randwire_a", "nasnet_a_mobile"})
            QTest::newRow(m) << QString::fromLatin1(m);
    }
    void zooLayout()
    {
        QFETCH(QString, model);
        auto net = buildZooModel(model.toStdString());
        QVERIFY2(net.ok(), net.ok() ? "" : net.message().c_str());
        const ui::GraphLayout g = ui::computeGraphLayout(ui::layoutInputFor(net.value(), uniformSizes(net->size())));
        checkGeometry(net.value(), g);
        QCOMPARE(g.edges.size(), [&] {
            size_t e = 0;
            for (const Layer &l : net->layers())
                e += l.inputs.size();
            return e;
        }());
    }
    void generatedLayout_data()
    {
        QTest::addColumn<int>("nodes");
        QTest::newRow("1") << 1;
        QTest::newRow("2") << 2;
        QTest::newRow("300") << 300;
        QTest::newRow("1000") << 1000;
    }
    void generatedLayout()
    {
        QFETCH(int, nodes);
        const Network net = randomDag(nodes, 7);
        const ui::GraphLayout g = ui::computeGraphLayout(ui::layoutInputFor(net, uniformSizes(net.size())));
        checkGeometry(net, g);
    }
    void nodeSizesAreKept()
    {
        const Network net = randomDag(20, 3);
        std::vector<QSizeF> sizes;
        for (size_t i = 0; i < net.size(); ++i)
            sizes.emplace_back(60 + 5 * double(i), 30);
        const ui::GraphLayout g = ui::computeGraphLayout(ui::layoutInputFor(net, sizes));
        QVERIFY(g.ok());
        for (size_t i = 0; i < net.size(); ++i) {
            QVERIFY(qAbs(g.nodes[i].width() - sizes[i].width()) < 1e-6);
            QVERIFY(qAbs(g.nodes[i].height() - sizes[i].height()) < 1e-6);
        }
    }
    void emptyGraph()
    {
        const ui::GraphLayout g = ui::computeGraphLayout({});
        QVERIFY(g.ok());
        QVERIFY(g.nodes.empty());
    }

    // The view: laid out off the GUI thread, coloured by subgraph, find / click / tooltip / export.
    void view()
    {
        ui::WorkbenchState state;
        ui::GraphView view(&state);
        view.resize(800, 600);
        view.show();
        QSignalSpy laidOut(&view, &ui::GraphView::layoutFinished);
        auto model = loadModel("zoo:resnet18");
        QVERIFY(model.ok());
        state.setModel(std::move(model.value()));
        QVERIFY(view.isLayoutPending() || laidOut.count() == 1);
        QVERIFY(laidOut.count() == 1 || laidOut.wait(20000));
        QVERIFY(!view.isLayoutPending());
        checkGeometry(*state.network(), view.graphLayout());

        // Find: exact name first, else substring; selects and centres.
        QVERIFY(view.findLayer(QStringLiteral("layer2.0.conv1")));
        const int id = state.network()->find("layer2.0.conv1");
        QCOMPARE(state.selectedLayer(), id);
        QCOMPARE(state.selectedSubgraph(), state.partition().label[size_t(id)]);
        QVERIFY(!view.findLayer(QStringLiteral("no-such-layer")));

        // Ctrl+F's find box: type a name, Enter selects that layer.
        view.showFindBar();
        auto *edit = view.findChild<QLineEdit *>();
        QVERIFY(edit && edit->isVisible());
        QTest::keyClicks(edit, QStringLiteral("layer4.1.conv2"));
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(state.selectedLayer(), state.network()->find("layer4.1.conv2"));

        // Click on another node selects it.
        const int other = state.network()->find("layer3.0.conv2");
        QVERIFY(other >= 0);
        view.centerOn(view.nodeRect(other).center());
        const QPoint p = view.mapFromScene(view.nodeRect(other).center());
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, p);
        QCOMPARE(state.selectedLayer(), other);
        // A click on empty space clears the selection.
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, QPoint(2, 2));
        QCOMPARE(state.selectedLayer(), -1);

        const QString tip = view.layerToolTip(other);
        QVERIFY(tip.contains(QStringLiteral("layer3.0.conv2")));
        QVERIFY(tip.contains(QStringLiteral("MAIN")));
        QVERIFY(tip.contains(QStringLiteral("subgraph")));

        // Repartitioning recolours nodes: render before and after must differ.
        const QImage before = view.grab().toImage();
        state.setPartition(Partition::fixedLength(*state.network(), 4));
        QCoreApplication::processEvents();
        const QImage after = view.grab().toImage();
        QVERIFY(before != after);

        QTemporaryDir dir;
        QString error;
        for (const char *fmt : {"png", "svg", "pdf"}) {
            const QString path = dir.filePath(QStringLiteral("graph.") + QLatin1String(fmt));
            QVERIFY2(view.exportGraph(path, &error), qPrintable(error));
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray head = f.read(8);
            if (QLatin1String(fmt) == QLatin1String("png"))
                QVERIFY(head.startsWith("\x89PNG"));
            else if (QLatin1String(fmt) == QLatin1String("pdf"))
                QVERIFY(head.startsWith("%PDF"));
            else
                QVERIFY(head.startsWith("<?xml"));
            QVERIFY(f.size() > 1000);
        }
    }

    // VGG-16's fc6 (98 MiB of weights) cannot fit a 1.1 MiB weight buffer: it spills, and the
    // view says so.
    void spillingIsMarked()
    {
        ui::WorkbenchState state;
        ui::GraphView view(&state);
        auto m = loadModel("zoo:vgg16");
        QVERIFY(m.ok());
        state.setModel(std::move(m.value()));
        const int fc6 = state.network()->find("fc6");
        QVERIFY(fc6 >= 0);
        const int label = state.partition().label[size_t(fc6)];
        QVERIFY(state.cost().subgraphs[size_t(label)].spilling);
        QVERIFY(view.layerToolTip(fc6).contains(QStringLiteral("spilling")));
        const int conv = state.network()->find("block1.conv1");
        QVERIFY(conv >= 0 && !view.layerToolTip(conv).contains(QStringLiteral("spilling")));
    }

    // A newer model while a layout is still running: only the newest result is shown.
    void staleLayoutDropped()
    {
        ui::WorkbenchState state;
        ui::GraphView view(&state);
        QSignalSpy laidOut(&view, &ui::GraphView::layoutFinished);
        auto big = loadModel("zoo:resnet152");
        auto small = loadModel("zoo:resnet18");
        QVERIFY(big.ok() && small.ok());
        state.setModel(std::move(big.value()));
        state.setModel(std::move(small.value()));
        // The small layout may finish before its continuation is attached; Qt then runs the
        // continuation at once, before wait() starts listening.
        QVERIFY(laidOut.count() > 0 || laidOut.wait(30000));
        QTest::qWait(200);
        QVERIFY(!view.isLayoutPending());
        QCOMPARE(view.graphLayout().nodes.size(), state.network()->size());
    }
};

QTEST_MAIN(TestGraph)
#include "tst_ui_graph.moc"
