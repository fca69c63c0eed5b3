// Options shared by `cocco search`, `cocco compare` and `cocco sweep` (docs/search.md).
#pragma once

#include "cli.h"

#include "cost/cost_model.h"
#include "io/model_loader.h"
#include "search/search.h"

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace cli {

struct SearchSetup {
    std::shared_ptr<const cocco::Network> net;
    std::string modelSource;
    cocco::HardwareConfig hw;
    cocco::SearchConfig cfg;
    Args args;
};

// Value and flag options every search command accepts.
std::set<std::string> searchValueOptions();
std::set<std::string> searchFlagOptions();
extern const char *kSearchOptionsUsage;

// Parses the common options, loads the model and hardware. Returns kExitOk on success, else the
// exit code (usage errors print the command's usage).
int prepareSearch(const std::string &command, const std::vector<std::string> &words, const std::set<std::string> &extraValues,
                  const std::set<std::string> &extraFlags, std::ostream &err, SearchSetup *out);

// The one progress path of the CLI's searches, on stderr (nothing with --quiet, nothing in the
// first half second). On a terminal: one live line rewritten with `\r` at most ~5 times a second.
// Anywhere else (a pipe, CI, a log file) there is no `\r` at all: a plain line each time the run
// passes another 10 % of its budget, or a minute after the last line, whichever comes first.
class ProgressLine {
public:
    enum class Mode { Auto, Terminal, Log }; // Auto: Terminal when `err` is std::cerr on a tty
    ProgressLine(std::ostream &err, bool quiet, Mode mode = Mode::Auto);
    void update(const cocco::SearchProgress &p, const std::string &prefix);
    void finish();
    cocco::SearchControl control(const std::string &prefix);

private:
    std::ostream &m_err;
    bool m_quiet;
    bool m_terminal;
    bool m_shown = false;
    double m_last = -1;  // seconds of the last line
    int m_lastTenth = 0; // Log mode: tenths of the budget already reported
    std::string m_prefix;
};

// The end of a single-run command (search, run): on success writes `-o RESULT.json` (and its
// partition and hardware files), then prints the result JSON (--json) or a summary; returns the exit code.
int reportSearch(const std::string &command, const Args &args, const cocco::Network &net, const std::string &modelSource,
                 const cocco::HardwareConfig &hw, const cocco::SearchConfig &cfg,
                 const cocco::Result<cocco::SearchResult> &result, std::ostream &out, std::ostream &err);

// "A 1024 KiB + W 1152 KiB", "S 576 KiB"; with several cores "... per core x 4 cores".
std::string formatCapacities(const cocco::HardwareConfig &hw);

// The registered algorithms for a usage text: one line each, name and summary, indented.
std::string algorithmUsage();

} // namespace cli
