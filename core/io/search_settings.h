// One description of the search settings people type in (the CLI's options, the workbench's
// scripted-run options and the Search panel's fields): option name, range and how text becomes a
// value. Every front end reads and checks these settings through this table, so a range changes in
// one place; validateSearchConfig() still checks the whole config (e.g. elite < population).
#pragma once

#include "search/search.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cocco {

enum class SearchSetting { Budget, Seed, Threads, TimeLimit, Alpha, Population, InnerBudget, StateLimit };

struct SearchSettingInfo {
    SearchSetting id;
    const char *option;      // "--budget" (the CLI's and the workbench's option)
    const char *valueName;   // "N" in "--budget N"
    const char *description; // one line for --help
    bool integer;            // integers: [intMin, intMax]; reals: [realMin, realMax]
    uint64_t intMin = 0, intMax = 0;
    double realMin = 0, realMax = 0;
};

// Every setting, in the order --help lists them.
const std::vector<SearchSettingInfo> &searchSettings();
const SearchSettingInfo &searchSettingInfo(SearchSetting s);

// Parses decimal `text` into the setting's field of *cfg (a seed takes the full 64-bit range).
// Errors name the option: "--budget: expected an integer in [1, 1000000000000], got 'lots'".
Status applySearchSetting(SearchConfig *cfg, SearchSetting s, const std::string &text);
// The setting's current value as text that applySearchSetting reads back exactly.
std::string searchSettingText(const SearchConfig &cfg, SearchSetting s);

} // namespace cocco
