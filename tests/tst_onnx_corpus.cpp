// Issue 13: every .onnx file of Debian's libonnx-testdata (node, pytorch-converted,
// pytorch-operator, simple: 1,072 files) is imported. Each either loads or fails with a message that
// names a node, an input, a tensor or an initializer; never a crash, a hang or an exception. A file
// that loads with every node mapped must give its graph outputs the dims of ONNX's reference
// outputs (test_data_set_0/output_K.pb). The
// files are imported in child processes (one per chunk) so that a crash or a hang is reported with
// the file's name instead of taking the test down. Counts by reason are printed (docs/onnx-import.md).
#include "onnx/onnx_import.h"

#include <onnx/onnx_pb.h>

#include <QtTest>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <map>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace cocco;

namespace {
const std::string kCorpus = "/usr/share/libonnx-testdata/data";
constexpr int kChunk = 128;
constexpr unsigned kSecondsPerFile = 20;

std::vector<std::string> corpusFiles()
{
    std::vector<std::string> files;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(kCorpus, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
        if (it->path().extension() == ".onnx")
            files.push_back(it->path().string());
    std::sort(files.begin(), files.end());
    return files;
}

std::string oneLine(std::string s)
{
    std::replace(s.begin(), s.end(), '\n', ' ');
    std::replace(s.begin(), s.end(), '\t', ' ');
    return s;
}

std::string dimsText(const std::vector<int64_t> &d)
{
    std::string s = "[";
    for (size_t i = 0; i < d.size(); ++i)
        s += (i ? "," : "") + std::to_string(d[i]);
    return s + "]";
}

// Checks the imported graph outputs against ONNX's reference outputs next to the model
// (test_data_set_0/output_K.pb): "" when they agree or there is nothing to compare.
std::string outputMismatch(const std::string &model, const ImportReport &rep)
{
    const std::string dir = model.substr(0, model.find_last_of('/')) + "/test_data_set_0/";
    for (int k = 0;; ++k) {
        std::ifstream f(dir + "output_" + std::to_string(k) + ".pb", std::ios::binary);
        if (!f)
            return {};
        std::ostringstream ss;
        ss << f.rdbuf();
        onnx::TensorProto t;
        if (!t.ParseFromString(ss.str()))
            continue; // a sequence / optional output
        const std::vector<int64_t> dims(t.dims().begin(), t.dims().end());
        for (const auto &o : rep.outputs)
            if (o.tensor == t.name() && o.dims != dims)
                return "output '" + o.tensor + "' has dims " + dimsText(o.dims) + ", expected " + dimsText(dims);
    }
}

// Child: imports files[from..) and writes "S i" before and "R i OK|UNK|ERR text" after each.
[[noreturn]] void importChunk(const std::vector<std::string> &files, size_t from, size_t to, int fd)
{
    FILE *out = fdopen(fd, "w");
    for (size_t i = from; i < to; ++i) {
        std::fprintf(out, "S\t%zu\n", i);
        std::fflush(out);
        alarm(kSecondsPerFile);
        std::string status, text;
        try {
            auto r = importOnnxFile(files[i]);
            const std::string mismatch = r.ok() ? outputMismatch(files[i], r->report) : std::string();
            if (!mismatch.empty() && r->report.unknown == 0) {
                status = "DIMS";
                text = mismatch;
            } else if (r.ok() && r->report.unknown == 0) {
                status = "OK";
            } else if (r.ok()) {
                status = "UNK";
                for (const auto &w : r->report.warnings)
                    if (w.rfind("unknown op ", 0) == 0)
                        text += w.substr(11, w.find(' ', 11) - 11) + " ";
            } else {
                status = "ERR";
                text = r.message();
            }
        } catch (...) {
            status = "EXC";
        }
        std::fprintf(out, "R\t%zu\t%s\t%s\n", i, status.c_str(), oneLine(text).c_str());
        std::fflush(out);
    }
    std::fclose(out);
    _exit(0);
}

struct Outcome {
    std::string status; // OK, UNK, ERR, EXC, CRASH
    std::string text;
};

// Runs the chunks; a child that dies is restarted after the file it died on.
std::vector<Outcome> importAll(const std::vector<std::string> &files)
{
    std::vector<Outcome> res(files.size());
    size_t next = 0;
    while (next < files.size()) {
        const size_t to = std::min(files.size(), next + kChunk);
        int fds[2];
        if (pipe(fds) != 0)
            qFatal("pipe failed");
        const pid_t pid = fork();
        if (pid == 0) {
            close(fds[0]);
            importChunk(files, next, to, fds[1]);
        }
        close(fds[1]);
        FILE *in = fdopen(fds[0], "r");
        char *line = nullptr;
        size_t cap = 0;
        long started = -1;
        size_t done = next;
        while (getline(&line, &cap, in) > 0) {
            std::string l(line);
            if (!l.empty() && l.back() == '\n')
                l.pop_back();
            const auto t1 = l.find('\t');
            const auto t2 = l.find('\t', t1 + 1);
            const size_t idx = std::stoul(l.substr(t1 + 1, t2 - t1 - 1));
            if (l[0] == 'S') {
                started = static_cast<long>(idx);
                continue;
            }
            const auto t3 = l.find('\t', t2 + 1);
            res[idx] = {l.substr(t2 + 1, t3 - t2 - 1), l.substr(t3 + 1)};
            started = -1;
            done = idx + 1;
        }
        free(line);
        fclose(in);
        int st = 0;
        waitpid(pid, &st, 0);
        if (started >= 0) {
            const bool hang = WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM;
            res[static_cast<size_t>(started)] = {
                "CRASH", hang ? "hangs (more than " + std::to_string(kSecondsPerFile) + " s)"
                              : "killed by signal " + std::to_string(WIFSIGNALED(st) ? WTERMSIG(st) : 0)};
            done = static_cast<size_t>(started) + 1;
        }
        // Restart after the file a child died on; files a child never reached are reported.
        for (size_t i = done; started < 0 && i < to; ++i)
            res[i] = {"CRASH", "child ended without importing it (status " + std::to_string(st) + ")"};
        next = started >= 0 ? done : to;
    }
    return res;
}

// Reason of a rejection: the message with the file, names and numbers taken out.
std::string reasonOf(const std::string &msg)
{
    const auto colon = msg.find(".onnx: ");
    std::string m = colon == std::string::npos ? msg : msg.substr(colon + 7);
    std::string r;
    bool quoted = false;
    for (size_t i = 0; i < m.size(); ++i) {
        const char c = m[i];
        if (c == '\'') {
            quoted = !quoted;
            if (quoted)
                r += "'_'";
            continue;
        }
        if (quoted)
            continue;
        if (std::isdigit(static_cast<unsigned char>(c))) {
            if (r.empty() || r.back() != '#')
                r += '#';
            continue;
        }
        r += c;
    }
    return r.substr(0, std::min(r.find(';'), r.find(" (")));
}

// A rejection is clear when it names what it is about.
bool namesSomething(const std::string &msg)
{
    for (const char *k : {"node '", "input '", "tensor '", "initializer '", "output '", "of node", "graph has no",
                          "nothing to compute"})
        if (msg.find(k) != std::string::npos)
            return true;
    return false;
}
} // namespace

class TestOnnxCorpus : public QObject {
    Q_OBJECT
private slots:
    void everyFileLoadsOrSaysWhy()
    {
        const auto files = corpusFiles();
        if (files.empty())
            QSKIP("libonnx-testdata is not installed (tools/bootstrap.sh installs it)");
        QVERIFY2(files.size() >= 1000, qPrintable(QString::number(files.size())));
        const auto res = importAll(files);
        std::map<std::string, int> byStatus, byReason, unknownOps;
        QStringList bad;
        for (size_t i = 0; i < files.size(); ++i) {
            const Outcome &o = res[i];
            ++byStatus[o.status];
            const std::string rel = files[i].substr(kCorpus.size() + 1);
            if (o.status == "ERR") {
                ++byReason[reasonOf(o.text)];
                if (!namesSomething(o.text))
                    bad << QString::fromStdString(rel + ": unclear message: " + o.text);
                if (o.text.rfind(files[i], 0) != 0)
                    bad << QString::fromStdString(rel + ": the message does not name the file: " + o.text);
            } else if (o.status == "UNK") {
                size_t p = 0;
                while (p < o.text.size()) {
                    const auto sp = o.text.find(' ', p);
                    const std::string op = o.text.substr(p, sp - p);
                    if (!op.empty())
                        ++unknownOps[op];
                    p = sp == std::string::npos ? o.text.size() : sp + 1;
                }
            } else if (o.status != "OK") {
                bad << QString::fromStdString(rel + ": " + o.status + " " + o.text);
            }
        }
        std::string summary = "corpus: " + std::to_string(files.size()) + " files";
        for (const auto &s : byStatus)
            summary += ", " + s.first + " " + std::to_string(s.second);
        qInfo("%s", summary.c_str());
        for (const auto &r : byReason)
            qInfo("  rejected %3d: %s", r.second, r.first.c_str());
        std::string ops;
        for (const auto &u : unknownOps)
            ops += " " + u.first + " " + std::to_string(u.second);
        qInfo("  files loaded with generic layers, by unknown op:%s", ops.c_str());
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join('\n')));
        QCOMPARE(byStatus["CRASH"] + byStatus["EXC"], 0);
    }
};

QTEST_GUILESS_MAIN(TestOnnxCorpus)
#include "tst_onnx_corpus.moc"
