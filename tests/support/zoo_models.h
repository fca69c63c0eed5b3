// Zoo networks as test fixtures, and data rows over them.
#pragma once

#include "model/network.h"
#include "zoo/zoo.h"

#include <QtTest>

#include <initializer_list>
#include <memory>
#include <string>

namespace testsupport {

// The zoo network `name`; a build failure ends the test run with its message.
inline std::shared_ptr<const cocco::Network> zooModel(const std::string &name)
{
    auto net = cocco::buildZooModel(name);
    if (!net.ok())
        qFatal("%s", net.message().c_str());
    return std::make_shared<const cocco::Network>(std::move(net).value());
}

// A "model" column with one row per zoo model name.
inline void modelRows(std::initializer_list<const char *> names)
{
    QTest::addColumn<QString>("model");
    for (const char *name : names)
        QTest::newRow(name) << QString(name);
}

} // namespace testsupport
