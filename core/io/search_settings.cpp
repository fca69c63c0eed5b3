#include "search_settings.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace cocco {

namespace {

constexpr uint64_t kMaxSamples = 1000000000000ULL; // 10^12 evaluated designs: days of work

std::string realText(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

} // namespace

const std::vector<SearchSettingInfo> &searchSettings()
{
    using S = SearchSetting;
    // {id, option, value name, description, integer, intMin, intMax, realMin, realMax}
    static const std::vector<SearchSettingInfo> all{
        {S::Budget, "--budget", "N", "sample budget (evaluated designs)", true, 1, kMaxSamples},
        {S::Seed, "--seed", "S", "random seed (0 .. 2^64-1); same seed, same result", true, 0,
         std::numeric_limits<uint64_t>::max()},
        {S::Threads, "--threads", "T", "evaluation threads (0 = all cores)", true, 0, 256},
        {S::TimeLimit, "--time-limit", "SEC", "stop after SEC seconds (0 = none)", false, 0, 0, 0, 1e7},
        {S::Alpha, "--alpha", "A", "pJ-to-byte weight of the cost objective", false, 0, 0, 0, 1e9},
        {S::Population, "--population", "N", "GA population (0 = automatic)", true, 0, 100000},
        {S::InnerBudget, "--inner-budget", "N", "samples per capacity of rs-ga / gs-ga", true, 1, kMaxSamples},
        {S::StateLimit, "--state-limit", "N", "exact, bnb, coopt: down-sets kept before giving up", true, 1, kMaxSamples},
    };
    return all;
}

const SearchSettingInfo &searchSettingInfo(SearchSetting s)
{
    for (const auto &info : searchSettings())
        if (info.id == s)
            return info;
    return searchSettings().front(); // unreachable: every enumerator has a row
}

Status applySearchSetting(SearchConfig *cfg, SearchSetting s, const std::string &text)
{
    const SearchSettingInfo &info = searchSettingInfo(s);
    errno = 0;
    char *end = nullptr;
    if (info.integer) {
        const std::string range = "[" + std::to_string(info.intMin) + ", " + std::to_string(info.intMax) + "]";
        // strtoull accepts "-1" (wrapping it): only digits are integers here.
        const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        const unsigned long long v = digits ? std::strtoull(text.c_str(), &end, 10) : 0;
        if (!digits || errno == ERANGE || v < info.intMin || v > info.intMax)
            return makeError(std::string(info.option) + ": expected an integer in " + range + ", got '" + text + "'");
        switch (s) {
        case SearchSetting::Budget: cfg->sampleBudget = static_cast<int64_t>(v); break;
        case SearchSetting::Seed: cfg->seed = v; break;
        case SearchSetting::Threads: cfg->threads = static_cast<int>(v); break;
        case SearchSetting::Population: cfg->population = static_cast<int>(v); break;
        case SearchSetting::InnerBudget: cfg->innerBudget = static_cast<int64_t>(v); break;
        case SearchSetting::StateLimit: cfg->exactStateLimit = static_cast<int64_t>(v); break;
        default: break;
        }
        return okStatus();
    }
    const double v = text.empty() ? 0 : std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v) || v < info.realMin || v > info.realMax)
        return makeError(std::string(info.option) + ": expected a number in [" + realText(info.realMin) + ", "
                         + realText(info.realMax) + "], got '" + text + "'");
    if (s == SearchSetting::TimeLimit)
        cfg->timeLimitSeconds = v;
    else
        cfg->alpha = v;
    return okStatus();
}

std::string searchSettingText(const SearchConfig &cfg, SearchSetting s)
{
    switch (s) {
    case SearchSetting::Budget: return std::to_string(cfg.sampleBudget);
    case SearchSetting::Seed: return std::to_string(cfg.seed);
    case SearchSetting::Threads: return std::to_string(cfg.threads);
    case SearchSetting::TimeLimit: return realText(cfg.timeLimitSeconds);
    case SearchSetting::Alpha: return realText(cfg.alpha);
    case SearchSetting::Population: return std::to_string(cfg.population);
    case SearchSetting::InnerBudget: return std::to_string(cfg.innerBudget);
    case SearchSetting::StateLimit: return std::to_string(cfg.exactStateLimit);
    }
    return {};
}

} // namespace cocco
