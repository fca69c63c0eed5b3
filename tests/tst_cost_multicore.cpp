// Multi-core cost (method §8, issue 12): k = 1 reproduces the single-core numbers bit for bit on
// every zoo model (a table written by the single-core model before the multi-core change).
#include "support/random_partition.h"
#include "support/zoo_models.h"
#include "cost/cost_model.h"

#include <QtTest>

#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

using namespace cocco;

namespace {

const char *kReferencePath = COCCO_TEST_DATA "/cost/k1_reference.tsv";

// The hardware variants of the reference table: default separate, shared, batch 4.
HardwareConfig referenceHardware(int variant)
{
    HardwareConfig hw;
    if (variant == 1)
        hw.mode = BufferMode::Shared;
    if (variant == 2)
        hw.batch = 4;
    return hw;
}

// Deterministic partitions of a network: singletons, fixed length 4 and a random one, each split
// to fit the default hardware.
std::vector<Partition> referencePartitions(const CostModel &m)
{
    const Network &net = m.network();
    const HardwareConfig hw;
    std::mt19937_64 rng(20261201);
    return {Partition::singletons(net), splitToFit(m, Partition::fixedLength(net, 4), hw),
            splitToFit(m, testsupport::randomPartition(net, rng, 0.7, hw.maxSubgraphNodes), hw)};
}

// One row: model, partition, variant and the totals as hex floats (exact).
std::string referenceRow(const std::string &model, size_t part, int variant, const PartitionCost &c)
{
    char buf[512];
    std::snprintf(buf, sizeof buf, "%s\t%zu\t%d\t%d\t%d\t%a\t%a\t%a\t%a\t%a\t%a\t%a\t%lld\t%lld", model.c_str(), part,
                  variant, c.valid ? 1 : 0, c.spillingCount, c.emaBytes, c.energyPj, c.energyDramPj, c.energySramPj,
                  c.energyMacPj, c.computeCycles, c.latencyCycles, static_cast<long long>(c.peakActBytes),
                  static_cast<long long>(c.peakWeightBytes));
    return buf;
}

std::vector<std::string> rowsOf(const std::string &model)
{
    auto net = testsupport::zooModel(model);
    CostModel m(net, HardwareConfig{});
    std::vector<std::string> rows;
    const std::vector<Partition> parts = referencePartitions(m);
    for (size_t i = 0; i < parts.size(); ++i)
        for (int variant = 0; variant < 3; ++variant)
            rows.push_back(referenceRow(model, i, variant, m.totals(parts[i], referenceHardware(variant))));
    return rows;
}

} // namespace

class TestCostMulticore : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        // COCCO_WRITE_K1_REFERENCE=1 regenerates the table (only ever from the single-core model).
        if (qEnvironmentVariableIsSet("COCCO_WRITE_K1_REFERENCE")) {
            std::ofstream out(kReferencePath);
            for (const std::string &model : zooNames())
                for (const std::string &row : rowsOf(model))
                    out << row << "\n";
        }
    }

    void k1Identity_data()
    {
        QTest::addColumn<QString>("model");
        for (const std::string &n : zooNames())
            QTest::newRow(n.c_str()) << QString::fromStdString(n);
    }
    void k1Identity()
    {
        QFETCH(QString, model);
        std::ifstream in(kReferencePath);
        QVERIFY2(in, kReferencePath);
        std::vector<std::string> expected;
        const std::string prefix = model.toStdString() + "\t";
        for (std::string line; std::getline(in, line);)
            if (line.rfind(prefix, 0) == 0)
                expected.push_back(line);
        const std::vector<std::string> actual = rowsOf(model.toStdString());
        QCOMPARE(actual.size(), expected.size());
        for (size_t i = 0; i < actual.size(); ++i)
            QCOMPARE(QString::fromStdString(actual[i]), QString::fromStdString(expected[i]));
    }
};

QTEST_GUILESS_MAIN(TestCostMulticore)
#include "tst_cost_multicore.moc"
