// The part of Qt Test the core tests use, without Qt: QCOMPARE (fuzzy for float and double, as
// Qt), QVERIFY, QVERIFY2, QFAIL, QSKIP, QFETCH, data tables (addColumn, newRow, addRow,
// currentDataTag), init/cleanup hooks and QTEST_*_MAIN. The runner prints Qt Test's plain text
// log (PASS/FAIL!/SKIP lines, Actual/Expected, Loc, Totals) and exits with the number of failures;
// test functions (and func:tag) named on the command line run alone, -functions lists them.
//
// The test functions are the private slots of the test class, as with moc: a CMake script
// (moc.cmake) reads them from tst_<unit>.cpp at build time and writes the tst_<unit>.moc that the
// source includes. Used only when the tests build without Qt (tests/CMakeLists.txt).
#pragma once

#include "noqt_core.h"

#include <any>
#include <cstdio>
#include <cstring>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeindex>
#include <typeinfo>
#include <utility>

namespace QTest {
namespace Internal {

using Method = void (*)(QObject *);
struct TestFunction {
    const char *name;
    Method run;
    Method data; // the name_data() slot, or null
};
// What moc.cmake writes for a test class: its name, hooks and test functions in declaration order.
struct TestTable {
    const char *className = "";
    Method initTestCase = nullptr, cleanupTestCase = nullptr, init = nullptr, cleanup = nullptr;
    std::vector<TestFunction> functions;
    void add(const char *name, Method run, Method data) { functions.push_back({name, run, data}); }
};

int exec(QObject *object, void (*tests)(TestTable &), int argc, char **argv);

std::string typeName(const std::type_info &t);
void addColumn(const char *name, const std::type_info &type);
const std::any &fetch(const char *name, const std::type_info &type);

template <typename T, typename = void>
struct Streamable : std::false_type {};
template <typename T>
struct Streamable<T, std::void_t<decltype(std::declval<std::ostream &>() << std::declval<const T &>())>> : std::true_type {};
template <typename T, typename = void>
struct Range : std::false_type {};
template <typename T>
struct Range<T, std::void_t<decltype(std::begin(std::declval<const T &>())), decltype(std::end(std::declval<const T &>()))>>
    : std::true_type {};

std::string quoted(std::string_view s);
std::string formatFloating(double d);

bool verify(bool ok, const char *statement, const char *description, const char *file, int line);
bool compareFailed(const char *what, const std::optional<std::string> &actualValue,
                   const std::optional<std::string> &expectedValue, const char *actual, const char *expected,
                   const char *file, int line);
void skip(const char *message, const char *file, int line);
void fail(const char *message, const char *file, int line);
bool compareDoubles(double a, double e, const char *actual, const char *expected, const char *file, int line);
bool compareFloats(float a, float e, const char *actual, const char *expected, const char *file, int line);
bool compareStrings(const char *a, const char *e, const char *actual, const char *expected, const char *file, int line);
} // namespace Internal

// The value as Qt Test prints it in a failure (strings quoted), or nothing for a type that has no
// printed form (then Qt prints no Actual/Expected lines either).
template <typename T>
std::optional<std::string> toString(const T &v)
{
    using D = std::decay_t<T>;
    if constexpr (std::is_same_v<D, bool>) {
        return std::string(v ? "true" : "false");
    } else if constexpr (std::is_same_v<D, char>) {
        return std::string(1, v);
    } else if constexpr (std::is_enum_v<D>) {
        return std::to_string(static_cast<long long>(v));
    } else if constexpr (std::is_floating_point_v<D>) {
        return Internal::formatFloating(double(v));
    } else if constexpr (std::is_integral_v<D>) {
        return std::to_string(v);
    } else if constexpr (std::is_same_v<D, QString> || std::is_same_v<D, QByteArray>) {
        return Internal::quoted(v.toStdString());
    } else if constexpr (std::is_same_v<D, std::string> || std::is_same_v<D, std::string_view>) {
        return Internal::quoted(v);
    } else if constexpr (std::is_same_v<D, const char *> || std::is_same_v<D, char *>) {
        return v ? Internal::quoted(v) : std::string("(null)");
    } else if constexpr (std::is_same_v<D, std::nullptr_t>) {
        return std::string("nullptr");
    } else if constexpr (std::is_pointer_v<D>) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%p", static_cast<const volatile void *>(v));
        return std::string(buf);
    } else if constexpr (Internal::Streamable<D>::value) {
        std::ostringstream s;
        s << v;
        return s.str();
    } else if constexpr (Internal::Range<D>::value) {
        std::string out = "{";
        size_t n = 0;
        for (const auto &e : v) {
            if (n == 32) {
                out += ", ...";
                break;
            }
            const auto s = toString(e);
            if (!s)
                return std::nullopt;
            out += (n++ ? ", " : "") + *s;
        }
        return out + "}";
    } else {
        return std::nullopt;
    }
}

// The qCompare overloads of Qt Test 6: exact == for everything but floating point (fuzzy), C
// strings (by content) and pointers (by address).
template <typename T1, typename T2>
inline bool qCompare(const T1 &t1, const T2 &t2, const char *actual, const char *expected, const char *file, int line)
{
    if (t1 == t2)
        return true;
    return Internal::compareFailed("Compared values are not the same", toString(t1), toString(t2), actual, expected,
                                   file, line);
}
inline bool qCompare(double const &t1, double const &t2, const char *actual, const char *expected, const char *file, int line)
{
    return Internal::compareDoubles(t1, t2, actual, expected, file, line);
}
inline bool qCompare(float const &t1, float const &t2, const char *actual, const char *expected, const char *file, int line)
{
    return Internal::compareFloats(t1, t2, actual, expected, file, line);
}
inline bool qCompare(double const &t1, float const &t2, const char *actual, const char *expected, const char *file, int line)
{
    return Internal::compareDoubles(t1, double(t2), actual, expected, file, line);
}
inline bool qCompare(float const &t1, double const &t2, const char *actual, const char *expected, const char *file, int line)
{
    return Internal::compareDoubles(double(t1), t2, actual, expected, file, line);
}
template <typename T>
inline bool qCompare(const T *t1, const T *t2, const char *actual, const char *expected, const char *file, int line)
{
    if (t1 == t2)
        return true;
    return Internal::compareFailed("Compared pointers are not the same", toString(t1), toString(t2), actual, expected,
                                   file, line);
}
template <typename T>
inline bool qCompare(T *t1, T *t2, const char *actual, const char *expected, const char *file, int line)
{
    return qCompare(static_cast<const T *>(t1), static_cast<const T *>(t2), actual, expected, file, line);
}
inline bool qCompare(const char *t1, const char *t2, const char *actual, const char *expected, const char *file, int line)
{
    return Internal::compareStrings(t1, t2, actual, expected, file, line);
}
inline bool qCompare(char *t1, char *t2, const char *actual, const char *expected, const char *file, int line)
{
    return Internal::compareStrings(t1, t2, actual, expected, file, line);
}
inline bool qCompare(char *t1, const char *t2, const char *actual, const char *expected, const char *file, int line)
{
    return Internal::compareStrings(t1, t2, actual, expected, file, line);
}
inline bool qCompare(const char *t1, char *t2, const char *actual, const char *expected, const char *file, int line)
{
    return Internal::compareStrings(t1, t2, actual, expected, file, line);
}

// A row of the current data table; values must have the column's exact type (a string literal
// counts as QString), as Qt checks.
class QTestData {
public:
    QTestData &append(std::any v);
};
template <typename T>
QTestData &operator<<(QTestData &d, const T &value)
{
    return d.append(std::any(value));
}
inline QTestData &operator<<(QTestData &d, const char *value) { return d.append(std::any(QString(value))); }

template <typename T>
void addColumn(const char *name, T * = nullptr)
{
    Internal::addColumn(name, typeid(T));
}
QTestData &newRow(const char *dataTag);
QTestData &addRow(const char *format, ...) NOQT_PRINTF(1, 2);
const char *currentDataTag();
const char *currentTestFunction();
bool currentTestFailed();

template <typename T>
int qExec(T *object, int argc = 0, char **argv = nullptr)
{
    return Internal::exec(object, &T::qt_noqt_tests, argc, argv);
}
} // namespace QTest

#define QVERIFY(statement) \
    do { \
        if (!::QTest::Internal::verify(static_cast<bool>(statement), #statement, "", __FILE__, __LINE__)) \
            return; \
    } while (false)

#define QVERIFY2(statement, description) \
    do { \
        if (!::QTest::Internal::verify(static_cast<bool>(statement), #statement, \
                                       static_cast<const char *>(description), __FILE__, __LINE__)) \
            return; \
    } while (false)

#define QCOMPARE(actual, expected) \
    do { \
        if (!::QTest::qCompare(actual, expected, #actual, #expected, __FILE__, __LINE__)) \
            return; \
    } while (false)

#define QFAIL(message) \
    do { \
        ::QTest::Internal::fail(static_cast<const char *>(message), __FILE__, __LINE__); \
        return; \
    } while (false)

#define QSKIP(statement) \
    do { \
        ::QTest::Internal::skip(static_cast<const char *>(statement), __FILE__, __LINE__); \
        return; \
    } while (false)

#define QFETCH(Type, name) \
    Type name = std::any_cast<const Type &>(::QTest::Internal::fetch(#name, typeid(Type)))

#define QTEST_APPLESS_MAIN(TestObject) \
    int main(int argc, char **argv) \
    { \
        TestObject tc; \
        return ::QTest::qExec(&tc, argc, argv); \
    }
#define QTEST_GUILESS_MAIN(TestObject) QTEST_APPLESS_MAIN(TestObject)
#define QTEST_MAIN(TestObject) QTEST_APPLESS_MAIN(TestObject)
