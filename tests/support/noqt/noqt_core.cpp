// The QtCore subset of the Qt-free test shim (noqt_core.h).
#include "noqt_core.h"

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <system_error>

#include <unistd.h>

namespace fs = std::filesystem;

QList<QByteArray> QByteArray::split(char sep) const
{
    QList<QByteArray> out;
    size_t from = 0;
    for (;;) {
        const size_t at = m_b.find(sep, from);
        out.push_back(fromStdString(m_b.substr(from, at == std::string::npos ? std::string::npos : at - from)));
        if (at == std::string::npos)
            return out;
        from = at + 1;
    }
}

QString QString::fromLatin1(const char *s, qsizetype n)
{
    std::string out;
    const size_t len = n < 0 ? std::strlen(s ? s : "") : size_t(n);
    for (size_t i = 0; i < len; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out += char(c);
        } else {
            out += char(0xC0 | (c >> 6));
            out += char(0x80 | (c & 0x3F));
        }
    }
    return raw(std::move(out));
}

QString QString::integerU(unsigned long long n, int base)
{
    if (base < 2 || base > 36)
        base = 10;
    std::string digits;
    do {
        digits += "0123456789abcdefghijklmnopqrstuvwxyz"[n % unsigned(base)];
        n /= unsigned(base);
    } while (n != 0);
    return raw(std::string(digits.rbegin(), digits.rend()));
}

QString QString::integer(long long n, int base)
{
    if (n >= 0)
        return integerU(static_cast<unsigned long long>(n), base);
    return raw("-" + integerU(0ULL - static_cast<unsigned long long>(n), base).m_s);
}

namespace {
std::string formatDouble(double n, char format, int precision)
{
    if (format != 'f' && format != 'F' && format != 'e' && format != 'E' && format != 'G')
        format = 'g';
    const char spec[] = {'%', '.', '*', format, '\0'};
    char buf[512];
    std::snprintf(buf, sizeof buf, spec, precision < 0 ? 6 : precision, n);
    return buf;
}

std::string pad(const std::string &s, int fieldWidth, char fill)
{
    const size_t w = size_t(fieldWidth < 0 ? -fieldWidth : fieldWidth);
    if (s.size() >= w)
        return s;
    return fieldWidth < 0 ? s + std::string(w - s.size(), fill) : std::string(w - s.size(), fill) + s;
}
} // namespace

QString QString::number(double n, char format, int precision) { return raw(formatDouble(n, format, precision)); }

QString QString::substitute(const std::vector<QString> &args) const
{
    // The placeholders present, lowest first: the k-th lowest number takes args[k].
    struct Mark {
        size_t at, len;
        int number;
    };
    std::vector<Mark> marks;
    for (size_t i = 0; i + 1 < m_s.size(); ++i) {
        if (m_s[i] != '%' || m_s[i + 1] < '0' || m_s[i + 1] > '9')
            continue;
        int num = m_s[i + 1] - '0';
        size_t len = 2;
        if (i + 2 < m_s.size() && m_s[i + 2] >= '0' && m_s[i + 2] <= '9') {
            num = num * 10 + (m_s[i + 2] - '0');
            len = 3;
        }
        if (num >= 1)
            marks.push_back({i, len, num});
    }
    std::vector<int> numbers;
    for (const Mark &m : marks)
        numbers.push_back(m.number);
    std::sort(numbers.begin(), numbers.end());
    numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    if (numbers.empty()) {
        qWarning("QString::arg: Argument missing: %s, %s", m_s.c_str(), args.front().m_s.c_str());
        return *this;
    }
    std::string out;
    size_t from = 0;
    for (const Mark &m : marks) {
        const size_t k = size_t(std::lower_bound(numbers.begin(), numbers.end(), m.number) - numbers.begin());
        if (k >= args.size())
            continue;
        out += m_s.substr(from, m.at - from) + args[k].m_s;
        from = m.at + m.len;
    }
    return raw(out + m_s.substr(from));
}

QString QString::arg(const QString &a, int fieldWidth, char fill) const
{
    return substitute({raw(pad(a.m_s, fieldWidth, fill))});
}

QString QString::arg(double a, int fieldWidth, char format, int precision, char fill) const
{
    return arg(raw(formatDouble(a, format, precision)), fieldWidth, fill);
}

bool QString::contains(const QRegularExpression &re) const { return re.matches(*this); }

QRegularExpression::QRegularExpression(const QString &pattern) : m_pattern(pattern)
{
    try {
        std::regex check(pattern.toStdString());
        m_valid = true;
    } catch (const std::regex_error &) {
        m_valid = false;
    }
}

bool QRegularExpression::matches(const QString &s) const
{
    if (!m_valid)
        return false;
    const std::string text = s.toStdString();
    return std::regex_search(text, std::regex(m_pattern.toStdString()));
}

QString QStringList::join(const QString &sep) const
{
    QString out;
    for (size_t i = 0; i < std::vector<QString>::size(); ++i) {
        if (i)
            out += sep;
        out += (*this)[qsizetype(i)];
    }
    return out;
}

namespace {
template <typename Keep>
QStringList keepIf(const QStringList &list, Keep keep)
{
    QStringList out;
    for (const QString &s : list)
        if (keep(s))
            out << s;
    return out;
}
} // namespace

QStringList QStringList::filter(const QString &sub) const
{
    return keepIf(*this, [&](const QString &s) { return s.contains(sub); });
}

QStringList QStringList::filter(const QRegularExpression &re) const
{
    return keepIf(*this, [&](const QString &s) { return re.matches(s); });
}

bool QFile::exists(const QString &name)
{
    std::error_code ec;
    return fs::exists(fs::path(name.toStdString()), ec);
}

bool QFile::open(int mode)
{
    if (mode & WriteOnly) {
        qWarning("QFile::open: the no-Qt test shim opens files for reading only");
        return false;
    }
    std::ifstream in(m_name.toStdString(), std::ios::binary);
    m_open = bool(in);
    return m_open;
}

QByteArray QFile::readAll()
{
    if (!m_open)
        return {};
    std::ifstream in(m_name.toStdString(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return QByteArray::fromStdString(bytes);
}

QString QDir::filePath(const QString &name) const
{
    if (name.startsWith("/"))
        return name;
    if (m_path.isEmpty() || m_path.endsWith("/"))
        return m_path + name;
    return m_path + "/" + name;
}

bool QDir::exists() const
{
    std::error_code ec;
    return fs::is_directory(fs::path(m_path.toStdString()), ec);
}

QStringList QDir::entryList(int filters, int sort) const
{
    QStringList out;
    std::error_code ec;
    for (fs::directory_iterator it(fs::path(m_path.toStdString()), ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.empty() || (name[0] == '.' && !(filters & Hidden)))
            continue;
        std::error_code sec;
        const bool dir = it->is_directory(sec), file = it->is_regular_file(sec);
        if ((dir && (filters & Dirs)) || (file && (filters & Files)))
            out << QString::fromStdString(name);
    }
    if (sort != Unsorted)
        std::sort(out.begin(), out.end());
    return out;
}

bool QDir::setCurrent(const QString &path) { return ::chdir(path.toStdString().c_str()) == 0; }

QString QDir::currentPath()
{
    std::error_code ec;
    return QString::fromStdString(fs::current_path(ec).string());
}

QString QDir::tempPath()
{
    const char *t = std::getenv("TMPDIR");
    std::string p = t && *t ? t : "/tmp";
    while (p.size() > 1 && p.back() == '/')
        p.pop_back();
    return QString::fromStdString(p);
}

QTemporaryDir::QTemporaryDir()
{
    // Qt's default template: <temp>/<application name>-XXXXXX.
    std::string templ = QDir::tempPath().toStdString() + "/" + program_invocation_short_name + "-XXXXXX";
    if (::mkdtemp(templ.data()))
        m_path = QString::fromStdString(templ);
}

QTemporaryDir::~QTemporaryDir()
{
    if (m_autoRemove)
        remove();
}

bool QTemporaryDir::remove()
{
    if (m_path.isEmpty())
        return false;
    std::error_code ec;
    fs::remove_all(fs::path(m_path.toStdString()), ec);
    m_path = QString();
    return !ec;
}

bool qEnvironmentVariableIsSet(const char *name)
{
    return std::getenv(name) != nullptr;
}

QByteArray qgetenv(const char *name)
{
    const char *v = std::getenv(name);
    return QByteArray(v ? v : "");
}
