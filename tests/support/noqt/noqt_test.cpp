// The runner of the Qt-free Qt Test shim (noqt_test.h): runs the test functions of one test
// class with their data rows and prints Qt Test's plain text log.
#include "noqt_test.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdarg>
#include <cstdlib>
#include <cxxabi.h>
#include <exception>
#include <memory>
#include <mutex>

namespace QTest::Internal {
namespace {

struct Column {
    std::string name;
    std::type_index type;
    std::string typeName;
};
struct Row {
    std::string tag;
    std::vector<std::any> values;
};

// The state of the run; messages from other threads (qInfo in a worker) take the lock.
struct State {
    std::mutex lock;
    std::string className;
    std::string function; // the function being run ("" outside one)
    bool inData = false;  // inside a _data() function: addColumn/newRow fill the table
    std::vector<Column> columns;
    std::vector<Row> rows;
    const Row *row = nullptr; // the row being run
    bool failed = false, skipped = false;
    int passes = 0, failures = 0, skips = 0;
} g;

std::string where()
{
    std::string s = g.className + "::" + g.function + "(";
    if (g.row)
        s += g.row->tag;
    return s + ")";
}

void line(const char *kind, const std::string &text)
{
    std::lock_guard<std::mutex> hold(g.lock);
    std::printf("%-7s: %s%s%s\n", kind, where().c_str(), text.empty() ? "" : " ", text.c_str());
    std::fflush(stdout);
}

void location(const char *file, int line)
{
    std::printf("   Loc: [%s(%d)]\n", file, line);
    std::fflush(stdout);
}

void addFailure(const std::string &text, const char *file, int lineNo)
{
    line("FAIL!", text);
    if (file)
        location(file, lineNo);
    g.failed = true;
}

[[noreturn]] void fatal(const std::string &text)
{
    line("QFATAL", text);
    line("FAIL!", "Received a fatal error.");
    std::abort();
}

const Column *column(const char *name, size_t *index)
{
    for (size_t i = 0; i < g.columns.size(); ++i)
        if (g.columns[i].name == name) {
            *index = i;
            return &g.columns[i];
        }
    return nullptr;
}

// Runs a slot; an exception that escapes it is a failure of that function (Qt stops the run).
bool invoke(QObject *object, Method m)
{
    if (!m)
        return true;
    try {
        m(object);
    } catch (const std::exception &e) {
        addFailure(std::string("Caught unhandled exception: ") + e.what(), nullptr, 0);
    } catch (...) {
        addFailure("Caught unhandled exception", nullptr, 0);
    }
    return !g.failed && !g.skipped;
}

void finishRow()
{
    if (g.failed) {
        ++g.failures;
    } else if (g.skipped) {
        ++g.skips;
    } else {
        ++g.passes;
        line("PASS", "");
    }
}

// initTestCase/cleanupTestCase: Qt logs them as functions, defined or not.
bool runHook(QObject *object, const char *name, Method m)
{
    g.function = name;
    g.row = nullptr;
    g.failed = g.skipped = false;
    invoke(object, m);
    const bool skipped = g.skipped, ok = !g.failed;
    finishRow();
    g.function.clear();
    return ok && !skipped;
}

void runFunction(QObject *object, const TestTable &t, const TestFunction &f, const std::string &onlyTag)
{
    g.function = f.name;
    g.row = nullptr;
    g.columns.clear();
    g.rows.clear();
    g.failed = g.skipped = false;
    if (f.data) {
        g.inData = true;
        invoke(object, f.data);
        g.inData = false;
        if (g.failed || g.skipped) {
            finishRow();
            return;
        }
    }
    std::vector<const Row *> rows;
    for (const Row &r : g.rows)
        if (onlyTag.empty() || r.tag == onlyTag)
            rows.push_back(&r);
    if (!onlyTag.empty() && rows.empty()) {
        addFailure("Unknown testdata for function " + std::string(f.name) + "(): '" + onlyTag + "'", nullptr, 0);
        finishRow();
        return;
    }
    if (g.rows.empty())
        rows.push_back(nullptr); // no data function (or no rows): run once without data
    for (const Row *r : rows) {
        g.row = r;
        g.failed = g.skipped = false;
        if (invoke(object, t.init))
            invoke(object, f.run);
        const bool skipped = g.skipped;
        g.skipped = false;
        invoke(object, t.cleanup); // also after a failed or skipped function, as Qt
        g.skipped = skipped;
        finishRow();
    }
    g.row = nullptr;
    g.function.clear();
}

void message(const char *kind, const char *format, va_list args)
{
    char buf[4096];
    std::vsnprintf(buf, sizeof buf, format, args);
    if (g.function.empty()) {
        std::lock_guard<std::mutex> hold(g.lock);
        std::printf("%-7s: %s\n", kind, buf);
        std::fflush(stdout);
    } else {
        line(kind, buf);
    }
}

void usage(const char *program)
{
    std::printf("Usage: %s [options] [testfunction[:testdata]]...\n"
                "   By default, all test functions are run.\n\n"
                " options:\n"
                " -functions : Returns a list of current testfunctions\n"
                " -datatags  : Returns a list of current data tags\n"
                " -help      : This help\n",
                program);
}
} // namespace

std::string typeName(const std::type_info &t)
{
    int status = 0;
    std::unique_ptr<char, void (*)(void *)> d(abi::__cxa_demangle(t.name(), nullptr, nullptr, &status), std::free);
    return status == 0 && d ? std::string(d.get()) : std::string(t.name());
}

void addColumn(const char *name, const std::type_info &type)
{
    if (!g.inData)
        fatal(std::string("QTest::addColumn(\"") + name + "\") called outside a _data() function");
    if (!g.rows.empty())
        fatal(std::string("QTest::addColumn(\"") + name + "\") after the first row");
    g.columns.push_back({name, std::type_index(type), typeName(type)});
}

const std::any &fetch(const char *name, const std::type_info &type)
{
    size_t i = 0;
    const Column *c = column(name, &i);
    if (!c)
        fatal(std::string("QFETCH: Requested testdata '") + name + "' not available, check your _data function.");
    if (c->type != std::type_index(type))
        fatal(std::string("QFETCH: Requested type '") + typeName(type) + "' for '" + name + "' does not match available type '" +
              c->typeName + "'.");
    if (!g.row || i >= g.row->values.size())
        fatal(std::string("QFETCH: Test data requested, but no testdata available for '") + name + "'.");
    return g.row->values[i];
}

std::string quoted(std::string_view s)
{
    std::string out = "\"";
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (u < 0x20 || u == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", u);
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string formatFloating(double d)
{
    if (std::isnan(d))
        return "nan";
    if (std::isinf(d))
        return d < 0 ? "-inf" : "inf";
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, d); // the shortest text that reads back as d
    return std::string(buf, r.ptr);
}

bool verify(bool ok, const char *statement, const char *description, const char *file, int lineNo)
{
    if (ok)
        return true;
    addFailure(std::string("'") + statement + "' returned FALSE. (" + (description ? description : "") + ")", file, lineNo);
    return false;
}

bool compareFailed(const char *what, const std::optional<std::string> &actualValue,
                   const std::optional<std::string> &expectedValue, const char *actual, const char *expected,
                   const char *file, int lineNo)
{
    std::string text = what;
    if (actualValue && expectedValue) {
        // Qt aligns the colons: "Actual   (a)   : 1" / "Expected (bbb) : 2".
        const size_t w = std::max(std::strlen(actual), std::strlen(expected));
        text += "\n   Actual   (" + std::string(actual) + ")" + std::string(w - std::strlen(actual), ' ') + ": " + *actualValue;
        text += "\n   Expected (" + std::string(expected) + ")" + std::string(w - std::strlen(expected), ' ') + ": " +
                *expectedValue;
    }
    addFailure(text, file, lineNo);
    return false;
}

namespace {
// Qt's floatingCompare: infinities and NaN compare by class, an expected value that is fuzzily
// zero wants a fuzzily zero actual value, everything else qFuzzyCompare.
template <typename T>
bool floatingEqual(T a, T e)
{
    switch (std::fpclassify(e)) {
    case FP_INFINITE:
        return (e < 0) == (a < 0) && std::fpclassify(a) == FP_INFINITE;
    case FP_NAN:
        return std::fpclassify(a) == FP_NAN;
    default:
        if (!qFuzzyIsNull(e))
            return qFuzzyCompare(a, e);
        [[fallthrough]];
    case FP_SUBNORMAL:
    case FP_ZERO:
        return qFuzzyIsNull(a);
    }
}
} // namespace

bool compareDoubles(double a, double e, const char *actual, const char *expected, const char *file, int lineNo)
{
    if (floatingEqual(a, e))
        return true;
    return compareFailed("Compared doubles are not the same (fuzzy compare)", formatFloating(a), formatFloating(e), actual,
                         expected, file, lineNo);
}

bool compareFloats(float a, float e, const char *actual, const char *expected, const char *file, int lineNo)
{
    if (floatingEqual(a, e))
        return true;
    return compareFailed("Compared floats are not the same (fuzzy compare)", formatFloating(a), formatFloating(e), actual,
                         expected, file, lineNo);
}

bool compareStrings(const char *a, const char *e, const char *actual, const char *expected, const char *file, int lineNo)
{
    if ((a == nullptr) == (e == nullptr) && (a == nullptr || std::strcmp(a, e) == 0))
        return true;
    return compareFailed("Compared strings are not the same", toString(a), toString(e), actual, expected, file, lineNo);
}

void skip(const char *text, const char *file, int lineNo)
{
    line("SKIP", text ? text : "");
    location(file, lineNo);
    g.skipped = true;
}

void fail(const char *text, const char *file, int lineNo) { addFailure(text ? text : "", file, lineNo); }

int exec(QObject *object, void (*tests)(TestTable &), int argc, char **argv)
{
    TestTable t;
    tests(t);
    g.className = t.className;

    std::vector<std::pair<const TestFunction *, std::string>> chosen;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "-functions") {
            for (const TestFunction &f : t.functions)
                std::printf("%s()\n", f.name);
            return 0;
        }
        if (a == "-datatags") {
            for (const TestFunction &f : t.functions) {
                g.function = f.name;
                g.columns.clear();
                g.rows.clear();
                g.inData = true;
                invoke(object, f.data);
                g.inData = false;
                if (g.rows.empty())
                    std::printf("%s %s\n", t.className, f.name);
                for (const Row &r : g.rows)
                    std::printf("%s %s %s\n", t.className, f.name, r.tag.c_str());
            }
            return 0;
        }
        if (a == "-help" || a == "--help" || a == "-h") {
            usage(argv[0]);
            return 0;
        }
        if (!a.empty() && a[0] == '-') {
            std::printf("Unknown option: '%s'\n\n", a.c_str());
            usage(argv[0]);
            return 1;
        }
        const size_t colon = a.find(':');
        const std::string name = a.substr(0, colon), tag = colon == std::string::npos ? "" : a.substr(colon + 1);
        const std::string bare = name.size() > 2 && name.compare(name.size() - 2, 2, "()") == 0 ? name.substr(0, name.size() - 2) : name;
        const TestFunction *found = nullptr;
        for (const TestFunction &f : t.functions)
            if (bare == f.name)
                found = &f;
        if (!found) {
            std::printf("Unknown test function: '%s'. Available test functions:\n", bare.c_str());
            for (const TestFunction &f : t.functions)
                std::printf("%s()\n", f.name);
            return 1;
        }
        chosen.push_back({found, tag});
    }
    if (chosen.empty())
        for (const TestFunction &f : t.functions)
            chosen.push_back({&f, std::string()});

    const auto start = std::chrono::steady_clock::now();
    std::printf("********* Start testing of %s *********\n", t.className);
    std::printf("Config: Using the Qt-free test shim (tests/support/noqt), no Qt\n");
    if (runHook(object, "initTestCase", t.initTestCase))
        for (const auto &c : chosen)
            runFunction(object, t, *c.first, c.second);
    runHook(object, "cleanupTestCase", t.cleanupTestCase);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    std::printf("Totals: %d passed, %d failed, %d skipped, 0 blacklisted, %lldms\n", g.passes, g.failures, g.skips,
                static_cast<long long>(ms));
    std::printf("********* Finished testing of %s *********\n", t.className);
    std::fflush(stdout);
    return std::min(g.failures, 127);
}
} // namespace QTest::Internal

namespace QTest {

QTestData &QTestData::append(std::any v)
{
    auto &g = Internal::g;
    if (g.rows.empty())
        Internal::fatal("QTestData: data appended before QTest::newRow()");
    Internal::Row &r = g.rows.back();
    if (r.values.size() >= g.columns.size())
        Internal::fatal("QTestData: more data supplied than there are columns (row '" + r.tag + "')");
    const Internal::Column &c = g.columns[r.values.size()];
    if (std::type_index(v.type()) != c.type)
        Internal::fatal("expected data of type '" + c.typeName + "', got '" + Internal::typeName(v.type()) + "' for element " + std::to_string(r.values.size()) +
                        " of data with tag '" + r.tag + "'");
    r.values.push_back(std::move(v));
    return *this;
}

QTestData &newRow(const char *dataTag)
{
    static QTestData handle;
    auto &g = Internal::g;
    if (!g.inData)
        Internal::fatal("QTest::newRow() called outside a _data() function");
    if (g.columns.empty())
        Internal::fatal("QTest::newRow() called before QTest::addColumn()");
    for (const Internal::Row &r : g.rows)
        if (r.tag == dataTag)
            Internal::fatal("Duplicate data tag \"" + std::string(dataTag) + "\" - please rename.");
    g.rows.push_back({dataTag ? dataTag : "", {}});
    return handle;
}

QTestData &addRow(const char *format, ...)
{
    char buf[1024];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buf, sizeof buf, format, args);
    va_end(args);
    return newRow(buf);
}

const char *currentDataTag() { return Internal::g.row ? Internal::g.row->tag.c_str() : nullptr; }
const char *currentTestFunction() { return Internal::g.function.empty() ? nullptr : Internal::g.function.c_str(); }
bool currentTestFailed() { return Internal::g.failed; }

} // namespace QTest

#define NOQT_MESSAGE(kind) \
    va_list args; \
    va_start(args, format); \
    QTest::Internal::message(kind, format, args); \
    va_end(args)

void qDebug(const char *format, ...) { NOQT_MESSAGE("QDEBUG"); }
void qInfo(const char *format, ...) { NOQT_MESSAGE("QINFO"); }
void qWarning(const char *format, ...) { NOQT_MESSAGE("QWARN"); }
void qCritical(const char *format, ...) { NOQT_MESSAGE("QCRITICAL"); }
void qFatal(const char *format, ...)
{
    char buf[4096];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buf, sizeof buf, format, args);
    va_end(args);
    QTest::Internal::fatal(buf);
}
