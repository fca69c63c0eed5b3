// The part of QtCore the core tests use, without Qt: strings (UTF-8 in a std::string, where Qt
// keeps UTF-16), byte arrays, lists, and the files and folders the tests make. Used only when the
// tests build without Qt (tests/CMakeLists.txt); with Qt the real headers are used. Each class has
// only the members some core test calls, with Qt's names and semantics; a test that needs more
// grows this file (or, if it is not a small thing, stays a Qt-only test).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <vector>

using qsizetype = std::ptrdiff_t;
using qint64 = long long; // Qt's qint64 is long long, not int64_t (long): data columns tell them apart
using quint64 = unsigned long long;
using qlonglong = long long;
using qulonglong = unsigned long long;
using qreal = double;

template <typename T>
class QList : public std::vector<T> {
public:
    using std::vector<T>::vector;
    QList() = default;
    QList(std::vector<T> v) : std::vector<T>(std::move(v)) {}

    qsizetype size() const { return qsizetype(std::vector<T>::size()); }
    qsizetype count() const { return size(); }
    qsizetype length() const { return size(); }
    bool isEmpty() const { return std::vector<T>::empty(); }
    const T &at(qsizetype i) const { return std::vector<T>::at(size_t(i)); }
    T &operator[](qsizetype i) { return std::vector<T>::operator[](size_t(i)); }
    const T &operator[](qsizetype i) const { return std::vector<T>::operator[](size_t(i)); }
    const T &first() const { return std::vector<T>::front(); }
    const T &last() const { return std::vector<T>::back(); }
    bool contains(const T &v) const { return std::find(this->begin(), this->end(), v) != this->end(); }
    void append(const T &v) { this->push_back(v); }
    QList &operator<<(const T &v)
    {
        this->push_back(v);
        return *this;
    }
};
template <typename T>
using QVector = QList<T>;

class QByteArray {
public:
    QByteArray() = default;
    QByteArray(const char *s) : m_b(s ? s : "") {}
    QByteArray(const char *s, qsizetype n) : m_b(n < 0 ? std::string(s ? s : "") : std::string(s, size_t(n))) {}

    static QByteArray fromStdString(const std::string &s) { return QByteArray(s.data(), qsizetype(s.size())); }
    std::string toStdString() const { return m_b; }
    const char *constData() const { return m_b.c_str(); }
    const char *data() const { return m_b.c_str(); }
    qsizetype size() const { return qsizetype(m_b.size()); }
    bool isEmpty() const { return m_b.empty(); }
    bool startsWith(const QByteArray &p) const { return m_b.compare(0, p.m_b.size(), p.m_b) == 0; }
    bool contains(const QByteArray &p) const { return m_b.find(p.m_b) != std::string::npos; }
    QList<QByteArray> split(char sep) const;

    friend bool operator==(const QByteArray &a, const QByteArray &b) { return a.m_b == b.m_b; }
    friend bool operator!=(const QByteArray &a, const QByteArray &b) { return a.m_b != b.m_b; }
    friend QByteArray operator+(const QByteArray &a, const QByteArray &b) { return fromStdString(a.m_b + b.m_b); }

private:
    std::string m_b;
};

struct QLatin1String {
    explicit QLatin1String(const char *s) : text(s ? s : "") {}
    const char *latin1() const { return text; }
    const char *text;
};

class QRegularExpression;

class QString {
public:
    QString() = default;
    QString(const char *utf8) : m_s(utf8 ? utf8 : "") {}
    QString(QLatin1String s) : QString(fromLatin1(s.latin1())) {}

    static QString fromStdString(const std::string &s) { return raw(s); }
    static QString fromUtf8(const char *s, qsizetype n = -1) { return raw(n < 0 ? std::string(s ? s : "") : std::string(s, size_t(n))); }
    static QString fromLocal8Bit(const char *s, qsizetype n = -1) { return fromUtf8(s, n); } // UTF-8 locales only
    static QString fromLatin1(const char *s, qsizetype n = -1);
    template <typename T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
    static QString number(T n, int base = 10)
    {
        return std::is_signed_v<T> ? integer(static_cast<long long>(n), base) : integerU(static_cast<unsigned long long>(n), base);
    }
    static QString number(double n, char format = 'g', int precision = 6);

    std::string toStdString() const { return m_s; }
    QByteArray toUtf8() const { return QByteArray::fromStdString(m_s); }
    QByteArray toLocal8Bit() const { return toUtf8(); }
    bool isEmpty() const { return m_s.empty(); }
    qsizetype size() const { return qsizetype(m_s.size()); } // bytes of UTF-8, not UTF-16 units
    bool startsWith(const QString &p) const { return m_s.compare(0, p.m_s.size(), p.m_s) == 0; }
    bool endsWith(const QString &p) const
    {
        return m_s.size() >= p.m_s.size() && m_s.compare(m_s.size() - p.m_s.size(), p.m_s.size(), p.m_s) == 0;
    }
    bool contains(const QString &p) const { return m_s.find(p.m_s) != std::string::npos; }
    bool contains(const QRegularExpression &re) const;

    // arg(): the lowest-numbered %1..%99 is replaced everywhere (Qt's rule); a multi-argument arg()
    // fills the placeholders in one pass, so an argument that itself holds "%1" is left alone.
    QString arg(const QString &a, int fieldWidth = 0, char fill = ' ') const;
    QString arg(char c, int fieldWidth = 0, char fill = ' ') const { return arg(raw(std::string(1, c)), fieldWidth, fill); }
    template <typename T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, char>, int> = 0>
    QString arg(T a, int fieldWidth = 0, int base = 10, char fill = ' ') const
    {
        return arg(number(a, base), fieldWidth, fill);
    }
    QString arg(double a, int fieldWidth = 0, char format = 'g', int precision = -1, char fill = ' ') const;
    template <typename A, typename B, typename... Rest,
              std::enable_if_t<((std::is_convertible_v<const A &, QString> && std::is_convertible_v<const B &, QString>) &&
                                ... && std::is_convertible_v<const Rest &, QString>),
                               int> = 0>
    QString arg(const A &a, const B &b, const Rest &...rest) const
    {
        return substitute({QString(a), QString(b), QString(rest)...});
    }

    QString &operator+=(const QString &o)
    {
        m_s += o.m_s;
        return *this;
    }
    friend QString operator+(const QString &a, const QString &b) { return raw(a.m_s + b.m_s); }
    friend bool operator==(const QString &a, const QString &b) { return a.m_s == b.m_s; }
    friend bool operator!=(const QString &a, const QString &b) { return a.m_s != b.m_s; }
    friend bool operator<(const QString &a, const QString &b) { return a.m_s < b.m_s; }

private:
    static QString raw(std::string s)
    {
        QString q;
        q.m_s = std::move(s);
        return q;
    }
    static QString integer(long long n, int base);
    static QString integerU(unsigned long long n, int base);
    QString substitute(const std::vector<QString> &args) const;

    std::string m_s;
};

#define QStringLiteral(str) QString(str)
#define qPrintable(string) QString(string).toLocal8Bit().constData()
#define qUtf8Printable(string) QString(string).toUtf8().constData()

class QRegularExpression {
public:
    explicit QRegularExpression(const QString &pattern);
    QString pattern() const { return m_pattern; }
    bool isValid() const { return m_valid; }
    bool matches(const QString &s) const; // anywhere in s, as match(s).hasMatch() in Qt

private:
    QString m_pattern;
    bool m_valid = false;
};

class QStringList : public QList<QString> {
public:
    using QList<QString>::QList;
    QStringList() = default;
    QStringList(const QList<QString> &l) : QList<QString>(l) {}
    QString join(const QString &sep) const;
    QString join(char sep) const { return join(QString(std::string(1, sep).c_str())); }
    QStringList filter(const QString &sub) const;
    QStringList filter(const QRegularExpression &re) const;
    void sort() { std::sort(begin(), end()); }
};

struct QIODevice {
    enum OpenModeFlag { NotOpen = 0, ReadOnly = 1, WriteOnly = 2, ReadWrite = 3, Text = 0x10 };
};

class QFile : public QIODevice {
public:
    explicit QFile(const QString &name) : m_name(name) {}
    static bool exists(const QString &name);
    bool exists() const { return exists(m_name); }
    QString fileName() const { return m_name; }
    bool open(int mode); // ReadOnly only: the tests read what the core wrote
    QByteArray readAll();
    void close() { m_open = false; }

private:
    QString m_name;
    bool m_open = false;
};

class QDir {
public:
    enum Filter { Dirs = 0x1, Files = 0x2, NoDotAndDotDot = 0x1000, Hidden = 0x100 };
    enum SortFlag { Name = 0x0, Unsorted = 0x3 };
    QDir(const QString &path = QString(".")) : m_path(path) {}
    QString path() const { return m_path; }
    QString filePath(const QString &name) const;
    bool exists() const;
    // Names of the entries that are Files and/or Dirs (hidden ones only with Hidden), in byte
    // order (Name; Qt's default Name sort is case-sensitive too) or as listed (Unsorted).
    QStringList entryList(int filters = Dirs | Files, int sort = Name) const;
    static bool setCurrent(const QString &path);
    static QString currentPath();
    static QString tempPath();

private:
    QString m_path;
};

// A new empty folder under QDir::tempPath(), removed with its contents by the destructor.
class QTemporaryDir {
public:
    QTemporaryDir();
    ~QTemporaryDir();
    QTemporaryDir(const QTemporaryDir &) = delete;
    QTemporaryDir &operator=(const QTemporaryDir &) = delete;
    bool isValid() const { return !m_path.isEmpty(); }
    QString path() const { return m_path; }
    QString filePath(const QString &name) const { return QDir(m_path).filePath(name); }
    void setAutoRemove(bool b) { m_autoRemove = b; }
    bool autoRemove() const { return m_autoRemove; }
    bool remove();

private:
    QString m_path;
    bool m_autoRemove = true;
};

bool qEnvironmentVariableIsSet(const char *name);
QByteArray qgetenv(const char *name);

// Qt's fuzzy comparisons: relative 1e-12 for double, 1e-5 for float; zero only compares to zero.
inline bool qFuzzyCompare(double a, double b)
{
    const double d = a - b, m = std::min(a < 0 ? -a : a, b < 0 ? -b : b);
    return (d < 0 ? -d : d) * 1000000000000. <= m;
}
inline bool qFuzzyCompare(float a, float b)
{
    const float d = a - b, m = std::min(a < 0 ? -a : a, b < 0 ? -b : b);
    return (d < 0 ? -d : d) * 100000.f <= m;
}
inline bool qFuzzyIsNull(double d) { return (d < 0 ? -d : d) <= 0.000000000001; }
inline bool qFuzzyIsNull(float f) { return (f < 0 ? -f : f) <= 0.00001f; }

// Messages, printf style, as Qt's qDebug("...") & co (the stream form is not there).
#if defined(__GNUC__)
#define NOQT_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define NOQT_PRINTF(a, b)
#endif
void qDebug(const char *format, ...) NOQT_PRINTF(1, 2);
void qInfo(const char *format, ...) NOQT_PRINTF(1, 2);
void qWarning(const char *format, ...) NOQT_PRINTF(1, 2);
void qCritical(const char *format, ...) NOQT_PRINTF(1, 2);
[[noreturn]] void qFatal(const char *format, ...) NOQT_PRINTF(1, 2);

#define Q_UNUSED(x) (void)(x)

// QObject with the moc keywords the test classes use. Q_OBJECT declares the function that the
// generated tst_<unit>.moc (tests/support/noqt/moc.cmake, from the class's private slots) defines.
namespace QTest::Internal {
struct TestTable;
}
class QObject {
public:
    virtual ~QObject() = default;
};
#define Q_OBJECT \
public: \
    static void qt_noqt_tests(::QTest::Internal::TestTable &table); \
\
private:
#define slots
#define Q_SLOTS
