#include "cli.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <ostream>

namespace cli {

std::string Args::value(const std::string &opt, const std::string &def) const
{
    auto it = values.find(opt);
    return it == values.end() ? def : it->second;
}

bool parseArgs(const std::vector<std::string> &words, const std::set<std::string> &valueOptions,
               const std::set<std::string> &flagOptions, Args *out, std::string *error)
{
    for (size_t i = 0; i < words.size(); ++i) {
        std::string w = words[i];
        if (w.size() > 1 && w[0] == '-' && !(w.size() > 1 && (std::isdigit(static_cast<unsigned char>(w[1])) || w[1] == '.'))) {
            std::string val;
            bool inlineVal = false;
            const auto eq = w.find('=');
            if (eq != std::string::npos) {
                val = w.substr(eq + 1);
                w = w.substr(0, eq);
                inlineVal = true;
            }
            if (valueOptions.count(w)) {
                if (!inlineVal) {
                    if (i + 1 >= words.size()) {
                        *error = "option " + w + " needs a value";
                        return false;
                    }
                    val = words[++i];
                }
                out->values[w] = val;
                out->repeated.emplace_back(w, val);
            } else if (flagOptions.count(w) && !inlineVal) {
                out->flags.insert(w);
            } else {
                *error = "unknown option " + w;
                return false;
            }
        } else {
            out->positional.push_back(w);
        }
    }
    return true;
}

bool parseInt(const std::string &s, long long minValue, long long maxValue, long long *out, std::string *error)
{
    errno = 0;
    char *end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || errno == ERANGE) {
        *error = "'" + s + "' is not an integer";
        return false;
    }
    if (v < minValue || v > maxValue) {
        *error = "'" + s + "' is out of range [" + std::to_string(minValue) + ", " + std::to_string(maxValue) + "]";
        return false;
    }
    *out = v;
    return true;
}

bool parseDouble(const std::string &s, double minValue, double maxValue, double *out, std::string *error)
{
    errno = 0;
    char *end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v)) {
        *error = "'" + s + "' is not a number";
        return false;
    }
    if (v < minValue || v > maxValue) {
        *error = "'" + s + "' is out of range [" + std::to_string(minValue) + ", " + std::to_string(maxValue) + "]";
        return false;
    }
    *out = v;
    return true;
}

namespace {
std::map<std::string, Command> &registry()
{
    static std::map<std::string, Command> r;
    return r;
}
} // namespace

bool registerCommand(Command c)
{
    const std::string name = c.name;
    return registry().emplace(name, std::move(c)).second;
}

const std::map<std::string, Command> &commands() { return registry(); }

int usageError(const std::string &command, const std::string &message, std::ostream &err)
{
    err << "cocco " << command << ": " << message << "\n";
    auto it = registry().find(command);
    if (it != registry().end())
        err << "usage:\n" << it->second.usage;
    return kExitUsage;
}

} // namespace cli
