// The options the benchmark programs share: --time SEC (also --exact-time), --state-limit N,
// --objective NAME, --buffer separate|shared, --alpha A, --cores K, and model names as the other
// arguments. A program's own options go to `extra` first: it returns true when it consumed
// argv[i] (advancing i past a value).
#pragma once

#include "cost/hardware.h"
#include "search/search.h"
#include "zoo/zoo.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cocco {

struct BenchArgs {
    double timeLimit = 60;
    int64_t stateLimit = kExactStateLimit;
    Objective objective = Objective::Ema;
    double alpha = 0.002;
    HardwareConfig hw;
    std::vector<std::string> models;
};

// False (after a message on stderr) on an unknown objective or buffer mode.
inline bool parseBenchArgs(int argc, char **argv, BenchArgs &a, const std::function<bool(int &)> &extra = {})
{
    for (int i = 1; i < argc; ++i) {
        const char *arg = argv[i];
        const bool hasValue = i + 1 < argc;
        if (extra && extra(i))
            continue;
        if ((!std::strcmp(arg, "--time") || !std::strcmp(arg, "--exact-time")) && hasValue)
            a.timeLimit = std::atof(argv[++i]);
        else if (!std::strcmp(arg, "--state-limit") && hasValue)
            a.stateLimit = std::atoll(argv[++i]);
        else if (!std::strcmp(arg, "--alpha") && hasValue)
            a.alpha = std::atof(argv[++i]);
        else if (!std::strcmp(arg, "--cores") && hasValue)
            a.hw.cores = std::atoi(argv[++i]);
        else if (!std::strcmp(arg, "--buffer") && hasValue) {
            const char *mode = argv[++i];
            if (std::strcmp(mode, "separate") && std::strcmp(mode, "shared")) {
                std::fprintf(stderr, "unknown buffer mode '%s' (separate or shared)\n", mode);
                return false;
            }
            a.hw.mode = std::strcmp(mode, "shared") ? BufferMode::Separate : BufferMode::Shared;
        } else if (!std::strcmp(arg, "--objective") && hasValue) {
            if (!parseObjective(argv[++i], &a.objective)) {
                std::fprintf(stderr, "unknown objective '%s'\n", argv[i]);
                return false;
            }
        } else
            a.models.emplace_back(arg);
    }
    return true;
}

// The zoo model `name`; on an unknown name prints the error and exits with 1.
inline std::shared_ptr<const Network> benchZooModel(const std::string &name)
{
    auto net = buildZooModel(name);
    if (!net.ok()) {
        std::fprintf(stderr, "%s\n", net.message().c_str());
        std::exit(1);
    }
    return std::make_shared<const Network>(std::move(net).value());
}

} // namespace cocco
