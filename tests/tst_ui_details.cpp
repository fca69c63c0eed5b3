// The Subgraph details dock (issue 12): with several cores every footprint it shows is one core's,
// compared with one core's buffers, and says "per core"; at one core the texts are those of the
// single-core workbench (no "per core", the tiling's own bytes).
#include "support/ui_fixtures.h"

#include "layer_table_model.h"
#include "occupancy_geometry.h"
#include "subgraph_details.h"
#include "workbench_state.h"

#include "cost/cost_model.h"
#include "cost/layer_cost.h"
#include "cost/tiling.h"
#include "search/search.h"

#include <QTextDocument>
#include <QtTest>

using namespace ui;

namespace {

QString plainText(const SubgraphDetails &d)
{
    QTextDocument doc;
    doc.setHtml(d.html());
    return doc.toPlainText();
}

// A layer held by a multi-layer subgraph as its output tile, wide enough (256+ channels) that a
// core holds a smaller share of it than one core alone would: -1 if the partition has none.
int wideOutputLayer(const WorkbenchState &s)
{
    const auto &groups = s.subgraphs();
    for (const auto &g : groups) {
        if (g.size() < 2)
            continue;
        const cocco::SubgraphTiling t = cocco::deriveTiling(*s.network(), g, cocco::TilingOptions::from(s.hardware()));
        for (const cocco::TileNode &n : t.nodes)
            if (n.output && !n.external && s.network()->layer(n.layer).out.c >= 256
                && s.network()->layer(n.layer).params > 0)
                return n.layer;
    }
    return -1;
}

} // namespace

class TestUiDetails : public QObject {
    Q_OBJECT
private slots:
    void perCoreTexts_data()
    {
        QTest::addColumn<int>("cores");
        QTest::addColumn<bool>("shared");
        QTest::newRow("1 core, separate") << 1 << false;
        QTest::newRow("4 cores, separate") << 4 << false;
        QTest::newRow("1 core, shared") << 1 << true;
        QTest::newRow("4 cores, shared") << 4 << true;
    }

    void perCoreTexts()
    {
        QFETCH(int, cores);
        QFETCH(bool, shared);
        WorkbenchState state;
        testsupport::loadInto(state, "zoo:resnet50");
        cocco::HardwareConfig hw = state.hardware();
        hw.cores = cores;
        if (shared)
            hw.mode = cocco::BufferMode::Shared;
        state.setHardware(hw);
        state.setPartition(cocco::splitToFit(*state.costModel(), cocco::Partition::fixedLength(*state.network(), 4),
                                             state.hardware()));
        SubgraphDetails details(&state);
        const int layer = wideOutputLayer(state);
        QVERIFY(layer >= 0);
        state.selectLayer(layer);
        const int label = state.selectedSubgraph();
        QVERIFY(label >= 0);
        const cocco::SubgraphCost &c = state.cost().subgraphs.at(size_t(label));
        const QString text = plainText(details);
        testsupport::saveShot(&details, qPrintable(QStringLiteral("details_%1cores_%2").arg(cores).arg(shared ? "shared" : "separate")),
                              QSize(440, 560));

        // The subgraph's footprint: one core's bytes against one core's capacity.
        const QString perCore = cores > 1 ? QStringLiteral(" per core") : QString();
        const QString capacity = formatBytes(double(shared ? hw.sharedBufferBytes : hw.actBufferBytes));
        if (shared) {
            QVERIFY2(text.contains(QStringLiteral("%1 + %2%3 of %4").arg(formatBytes(double(c.actBytes)),
                                                                         formatBytes(double(c.weightBytes)), perCore, capacity)),
                     qPrintable(text));
        } else {
            QVERIFY2(text.contains(QStringLiteral("= %1%2 of %3").arg(formatBytes(double(c.actBytes)), perCore, capacity)),
                     qPrintable(text));
            QVERIFY2(text.contains(QStringLiteral("%1%2 of %3").arg(formatBytes(double(c.weightBytes)), perCore,
                                                                   formatBytes(double(hw.weightBufferBytes)))),
                     qPrintable(text));
        }

        // The clicked layer: its MAIN is the core's channel share of its output tile.
        const cocco::SubgraphTiling tiling = cocco::deriveTiling(*state.network(), state.subgraphs().at(size_t(label)),
                                                                 cocco::TilingOptions::from(hw));
        const cocco::TileNode *node = tiling.node(layer);
        QVERIFY(node);
        const OccupancyInput mine = coreNodeOccupancy(*state.network(), *node, hw);
        const int64_t wholeWeights = state.network()->layer(layer).params * hw.elementBytes;
        if (cores == 1) {
            QVERIFY2(!text.contains(QStringLiteral("per core")) && !text.contains(QStringLiteral("one core")), qPrintable(text));
            QCOMPARE(mine.mainBytes, node->mainBytes); // the single-core figures, unchanged
            QCOMPARE(mine.weightBytes, wholeWeights);
            QVERIFY(text.contains(QStringLiteral("Share of activation buffer")));
            QVERIFY(text.contains(QStringLiteral("MAIN / SIDE\n%1 / %2").arg(formatBytes(double(node->mainBytes)),
                                                                            formatBytes(double(node->sideBytes)))));
            QVERIFY(!text.contains(QStringLiteral("Cores")));
        } else {
            QVERIFY(mine.mainBytes < node->mainBytes);
            QVERIFY(mine.weightBytes < wholeWeights);
            QVERIFY2(text.contains(QStringLiteral("MAIN / SIDE per core\n%1 / %2").arg(formatBytes(double(mine.mainBytes)),
                                                                                      formatBytes(double(mine.sideBytes)))),
                     qPrintable(text));
            QVERIFY(text.contains(QStringLiteral("Weights per core\n%1").arg(formatBytes(double(mine.weightBytes)))));
            QVERIFY(text.contains(QStringLiteral("Share of one core's activation buffer")));
            QVERIFY(text.contains(QStringLiteral("%1, each with its own buffers").arg(cores)));
            QVERIFY(text.contains(QStringLiteral("bound by %1").arg(QString::fromLatin1(cocco::latencyBoundName(c.bound)))));
        }
    }
};

QTEST_MAIN(TestUiDetails)
#include "tst_ui_details.moc"
