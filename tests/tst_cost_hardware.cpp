// Hardware configuration: JSON round trip, defaults, sample files, and clear errors for
// impossible values and unknown keys.
#include "cost/hardware.h"
#include "model/model_json.h"

#include <QtTest>
#include <cmath>

using namespace cocco;

class TestCostHardware : public QObject {
    Q_OBJECT
private slots:
    void defaults()
    {
        HardwareConfig hw;
        QVERIFY(validateHardware(hw).ok());
        QCOMPARE(hw.macsPerCycle(), int64_t(1024));
        QCOMPARE(hw.bufferBytes(), int64_t(2176) * kKiB);
        auto minimal = hardwareFromJson(R"({"schemaVersion": 1})", "min.json");
        QVERIFY2(minimal.ok(), minimal.ok() ? "" : minimal.message().c_str());
        QVERIFY(*minimal == hw);
    }

    void roundTrip()
    {
        HardwareConfig hw;
        hw.mode = BufferMode::Shared;
        hw.sharedBufferBytes = 2304 * kKiB;
        hw.clockGHz = 0.8;
        hw.dramGBps = 25.6;
        hw.energy.sramPjPerByte1MiB = 2.5;
        hw.batch = 8;
        hw.tileRows = 4;
        hw.tileCols = 16;
        hw.weightGrid = {72 * kKiB, 1152 * kKiB, 72 * kKiB};
        const std::string text = hardwareToJson(hw);
        auto back = hardwareFromJson(text, "rt.json");
        QVERIFY2(back.ok(), back.ok() ? "" : back.message().c_str());
        QVERIFY(*back == hw);
        QCOMPARE(hardwareToJson(*back), text);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expect");
        QTest::newRow("not json") << "{" << "hw.json: not valid JSON";
        QTest::newRow("no version") << "{}" << "hw.json: schemaVersion: missing";
        QTest::newRow("version") << R"({"schemaVersion": 2})" << "unsupported version 2";
        QTest::newRow("unknown top") << R"({"schemaVersion":1,"bandwidth":3})" << "hw.json: bandwidth: unknown key";
        QTest::newRow("unknown nested") << R"({"schemaVersion":1,"buffer":{"act_kb":3}})" << "buffer.act_kb: unknown key";
        QTest::newRow("zero bandwidth") << R"({"schemaVersion":1,"dram_gbps":0})" << "dram_gbps: must be a positive number";
        QTest::newRow("negative size") << R"({"schemaVersion":1,"buffer":{"act_bytes":-5}})"
                                       << "buffer.act_bytes: must be in [1, ";
        QTest::newRow("fractional size") << R"({"schemaVersion":1,"buffer":{"weight_bytes":1.5}})"
                                         << "buffer.weight_bytes: expected an integer";
        QTest::newRow("bad mode") << R"({"schemaVersion":1,"buffer":{"mode":"unified"}})"
                                  << "buffer.mode: expected \"separate\" or \"shared\"";
        QTest::newRow("empty grid") << R"({"schemaVersion":1,"grids":{"act":{"min_bytes":2048,"max_bytes":1024,"step_bytes":64}}})"
                                    << "grids.act: max_bytes is below min_bytes: the grid has no candidates";
        QTest::newRow("zero step") << R"({"schemaVersion":1,"grids":{"shared":{"step_bytes":0}}})"
                                   << "grids.shared.step_bytes: must be in [1, ";
        QTest::newRow("zero clock") << R"({"schemaVersion":1,"clock_ghz":-1})" << "clock_ghz: must be a positive number";
        QTest::newRow("negative energy") << R"({"schemaVersion":1,"energy":{"mac_pj":-0.1}})"
                                         << "energy.mac_pj: must be a non-negative number";
        QTest::newRow("zero batch") << R"({"schemaVersion":1,"batch":0})" << "batch: must be in [1, ";
        QTest::newRow("zero pe") << R"({"schemaVersion":1,"pe_array":{"rows":0}})" << "pe_array.rows: must be in [1, ";
        QTest::newRow("string number") << R"({"schemaVersion":1,"element_bytes":"1"})"
                                       << "element_bytes: expected an integer, got string";
        QTest::newRow("negative tile") << R"({"schemaVersion":1,"tile":{"rows":-1}})" << "tile.rows: must be in [0, ";
        QTest::newRow("not object") << "[1,2]" << "expected an object";
        // Multi-core fields (issue 12).
        QTest::newRow("zero cores") << R"({"schemaVersion":1,"cores":0})" << "hw.json: cores: must be 1..64, got 0";
        QTest::newRow("too many cores") << R"({"schemaVersion":1,"cores":65})" << "hw.json: cores: must be 1..64, got 65";
        QTest::newRow("fractional cores") << R"({"schemaVersion":1,"cores":2.5})" << "cores: expected an integer";
        QTest::newRow("zero noc bandwidth") << R"({"schemaVersion":1,"noc":{"gbps":0}})"
                                            << "hw.json: noc.gbps: must be a positive number";
        QTest::newRow("negative noc energy") << R"({"schemaVersion":1,"noc":{"pj_per_byte":-1}})"
                                             << "noc.pj_per_byte: must be a non-negative number";
        QTest::newRow("unknown noc key") << R"({"schemaVersion":1,"noc":{"latency":3}})" << "noc.latency: unknown key";
    }
    void errors()
    {
        QFETCH(QString, text);
        QFETCH(QString, expect);
        auto r = hardwareFromJson(text.toStdString(), "hw.json");
        QVERIFY(!r.ok());
        QVERIFY2(r.message().find(expect.toStdString()) != std::string::npos, r.message().c_str());
    }

    void validateCatchesCodeBuiltConfigs()
    {
        HardwareConfig hw;
        hw.dramGBps = 0;
        QVERIFY(validateHardware(hw).message().find("dram_gbps") != std::string::npos);
        hw = HardwareConfig{};
        hw.actGrid.stepBytes = 0;
        QVERIFY(validateHardware(hw).message().find("grids.act.step_bytes") != std::string::npos);
        hw = HardwareConfig{};
        hw.weightBufferBytes = -1;
        QVERIFY(validateHardware(hw).message().find("buffer.weight_bytes") != std::string::npos);
        // Multi-core fields (issue 12).
        hw = HardwareConfig{};
        hw.cores = 0;
        QCOMPARE(QString::fromStdString(validateHardware(hw).message()), QStringLiteral("cores: must be 1..64, got 0"));
        hw.cores = 65;
        QVERIFY(!validateHardware(hw).ok());
        hw.cores = 64;
        QVERIFY(validateHardware(hw).ok());
        hw.nocGBps = 0;
        QVERIFY(validateHardware(hw).message().rfind("noc.gbps: must be a positive number", 0) == 0);
        hw.nocGBps = std::nan("");
        QVERIFY(validateHardware(hw).message().rfind("noc.gbps: must be a positive number", 0) == 0);
        hw = HardwareConfig{};
        hw.nocPjPerByte = -0.5;
        QVERIFY(validateHardware(hw).message().rfind("noc.pj_per_byte: must be a non-negative number", 0) == 0);
    }

    void multicoreRoundTrip()
    {
        HardwareConfig hw;
        hw.cores = 4;
        hw.nocGBps = 32.5;
        hw.nocPjPerByte = 1.25;
        auto back = hardwareFromJson(hardwareToJson(hw), "hw.json");
        QVERIFY2(back.ok(), back.ok() ? "" : back.message().c_str());
        QVERIFY(*back == hw);
        QCOMPARE(back->bufferBytes(), 4 * hw.perCoreBufferBytes());
        // Defaults when the fields are missing (files written before issue 12).
        auto old = hardwareFromJson(R"({"schemaVersion":1})", "old.json");
        QVERIFY(old.ok());
        QCOMPARE(old->cores, 1);
        QCOMPARE(old->nocGBps, 64.0);
        QCOMPARE(old->nocPjPerByte, 2.0);
    }

    void grids()
    {
        const HardwareConfig hw;
        const auto a = hw.actGrid.values();
        QCOMPARE(a.size(), size_t(31)); // 128..2048 KiB step 64
        QCOMPARE(a.front(), 128 * kKiB);
        QCOMPARE(a.back(), 2048 * kKiB);
        QCOMPARE(hw.weightGrid.values().size(), size_t(31));
        QCOMPARE(hw.sharedGrid.values().size(), size_t(47));
        QCOMPARE(hw.actGrid.snap(0), 128 * kKiB);
        QCOMPARE(hw.actGrid.snap(1e12), 2048 * kKiB);
        QCOMPARE(hw.actGrid.snap(double(160 * kKiB)), 128 * kKiB); // tie goes to the smaller
        QCOMPARE(hw.actGrid.snap(double(161 * kKiB)), 192 * kKiB);
        CapacityGrid odd{100, 350, 100}; // last candidate 300
        QCOMPARE(odd.values().back(), int64_t(300));
        QCOMPARE(odd.snap(1000), int64_t(300));
    }

    void sampleFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("separate");
        QTest::addColumn<qint64>("a");
        QTest::addColumn<qint64>("b");
        QTest::newRow("default") << "default.json" << true << qint64(1024) << qint64(1152);
        QTest::newRow("separate_s") << "separate_s.json" << true << qint64(512) << qint64(576);
        QTest::newRow("separate_m") << "separate_m.json" << true << qint64(1024) << qint64(1152);
        QTest::newRow("separate_l") << "separate_l.json" << true << qint64(2048) << qint64(2304);
        QTest::newRow("shared_s") << "shared_s.json" << false << qint64(576) << qint64(0);
        QTest::newRow("shared_m") << "shared_m.json" << false << qint64(1152) << qint64(0);
        QTest::newRow("shared_l") << "shared_l.json" << false << qint64(2304) << qint64(0);
    }
    void sampleFiles()
    {
        QFETCH(QString, file);
        QFETCH(bool, separate);
        QFETCH(qint64, a);
        QFETCH(qint64, b);
        auto hw = loadHardwareFile(std::string(COCCO_SOURCE_DIR) + "/samples/hw/" + file.toStdString());
        QVERIFY2(hw.ok(), hw.ok() ? "" : hw.message().c_str());
        if (separate) {
            QVERIFY(hw->mode == BufferMode::Separate);
            QCOMPARE(hw->actBufferBytes, a * kKiB);
            QCOMPARE(hw->weightBufferBytes, b * kKiB);
        } else {
            QVERIFY(hw->mode == BufferMode::Shared);
            QCOMPARE(hw->sharedBufferBytes, a * kKiB);
        }
        if (file == "default.json") {
            QVERIFY(*hw == HardwareConfig{});
            // The sample is exactly what hardwareToJson() writes for the defaults.
            auto text = readTextFile(std::string(COCCO_SOURCE_DIR) + "/samples/hw/default.json");
            QVERIFY(text.ok());
            QCOMPARE(QString::fromStdString(hardwareToJson(HardwareConfig{})), QString::fromStdString(*text));
        }
    }

    void missingFile()
    {
        auto hw = loadHardwareFile("/nonexistent/hw.json");
        QVERIFY(!hw.ok());
        QVERIFY(hw.message().find("/nonexistent/hw.json") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestCostHardware)
#include "tst_cost_hardware.moc"
