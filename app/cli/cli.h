// The headless CLI: each command lives in its own cmd_<name>.cpp and registers itself here.
#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace cli {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1; // the command ran but failed (bad file, invalid model, ...)
constexpr int kExitUsage = 2;   // bad arguments

struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> values; // --opt VALUE (or --opt=VALUE)
    std::set<std::string> flags;               // --flag
    std::vector<std::pair<std::string, std::string>> repeated; // every --opt VALUE in order

    bool has(const std::string &flag) const { return flags.count(flag) > 0; }
    bool hasValue(const std::string &opt) const { return values.count(opt) > 0; }
    std::string value(const std::string &opt, const std::string &def = {}) const;
};

// Parses argv-style words. `valueOptions` take one value, `flagOptions` none; anything else
// starting with '-' is a usage error (returned in *error).
bool parseArgs(const std::vector<std::string> &words, const std::set<std::string> &valueOptions,
               const std::set<std::string> &flagOptions, Args *out, std::string *error);

// Strict number parsing for option values; false (with a message) on garbage or out of range.
bool parseInt(const std::string &s, long long minValue, long long maxValue, long long *out, std::string *error);
bool parseDouble(const std::string &s, double minValue, double maxValue, double *out, std::string *error);

struct Command {
    std::string name;    // e.g. "info" or "zoo"
    std::string summary; // one line for `cocco --help`
    std::string usage;   // full usage text
    // words = arguments after the command name
    std::function<int(const std::vector<std::string> &words, std::ostream &out, std::ostream &err)> run;
};

bool registerCommand(Command c);
const std::map<std::string, Command> &commands();

// Prints "cocco <name>: <message>" and the command's usage to err; returns kExitUsage.
int usageError(const std::string &command, const std::string &message, std::ostream &err);

} // namespace cli
