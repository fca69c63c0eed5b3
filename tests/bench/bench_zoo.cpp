// Builds every zoo model repeatedly and prints the mean build and JSON export times, so that the
// "well under 100 ms per model" budget others rely on (they build zoo models in loops) is visible.
#include "model/model_json.h"
#include "zoo/zoo.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

int main()
{
    using Clock = std::chrono::steady_clock;
    constexpr int kRepeats = 50;
    std::printf("%-16s %8s %12s %12s %10s\n", "model", "layers", "build ms", "json ms", "json KiB");
    double worst = 0.0;
    for (const std::string &name : cocco::zooNames()) {
        size_t layers = 0, bytes = 0;
        const auto t0 = Clock::now();
        for (int i = 0; i < kRepeats; ++i) {
            auto net = cocco::buildZooModel(name);
            if (!net.ok()) {
                std::printf("%s: %s\n", name.c_str(), net.message().c_str());
                return 1;
            }
            layers = net->computeOrder().size();
        }
        const auto t1 = Clock::now();
        const cocco::Network net = cocco::buildZooModel(name).value();
        const auto t2 = Clock::now();
        for (int i = 0; i < kRepeats; ++i)
            bytes = cocco::networkToJson(net).size();
        const auto t3 = Clock::now();
        const double buildMs = std::chrono::duration<double, std::milli>(t1 - t0).count() / kRepeats;
        const double jsonMs = std::chrono::duration<double, std::milli>(t3 - t2).count() / kRepeats;
        worst = std::max(worst, buildMs);
        std::printf("%-16s %8zu %12.3f %12.3f %10.1f\n", name.c_str(), layers, buildMs, jsonMs, bytes / 1024.0);
    }
    std::printf("slowest build: %.3f ms (budget: well under 100 ms)\n", worst);
    return 0;
}
