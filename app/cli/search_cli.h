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

// A `\r` progress line on stderr at most ~5 times a second (nothing if quiet); finish() ends it.
class ProgressLine {
public:
    ProgressLine(std::ostream &err, bool quiet) : m_err(err), m_quiet(quiet) {}
    void update(const cocco::SearchProgress &p, const std::string &prefix);
    void finish();
    cocco::SearchControl control(const std::string &prefix);

private:
    std::ostream &m_err;
    bool m_quiet;
    bool m_shown = false;
    double m_last = -1;
};

std::string formatCapacities(const cocco::HardwareConfig &hw);

// The registered algorithms for a usage text: one line each, name and summary, indented.
std::string algorithmUsage();

} // namespace cli
