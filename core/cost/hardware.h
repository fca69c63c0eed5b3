// Hardware configuration (method §1, §4, §5). Versioned JSON, every field documented in
// docs/cost-model.md with its default and unit.
#pragma once

#include "model/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cocco {

constexpr int kHardwareSchemaVersion = 1;
constexpr int64_t kKiB = 1024;
constexpr int64_t kMiB = 1024 * 1024;
constexpr int kMaxCores = 64; // largest `cores` value (method §8)

enum class BufferMode { Separate, Shared };

// Candidate capacities: min, min+step, ..., <= max (bytes).
struct CapacityGrid {
    int64_t minBytes = 0;
    int64_t maxBytes = 0;
    int64_t stepBytes = 0;
    std::vector<int64_t> values() const;
    // Nearest candidate to `bytes` (ties to the smaller).
    int64_t snap(double bytes) const;
    bool operator==(const CapacityGrid &o) const
    {
        return minBytes == o.minBytes && maxBytes == o.maxBytes && stepBytes == o.stepBytes;
    }
};

struct EnergyConstants {
    double dramPjPerByte = 100.0;  // pJ per byte of EMA (12.5 pJ/bit)
    double sramPjPerByte1MiB = 3.0; // pJ per byte accessed in a 1 MiB SRAM; scales with sqrt(C / 1 MiB)
    double macPj = 0.1;             // pJ per INT8 MAC
    bool operator==(const EnergyConstants &o) const
    {
        return dramPjPerByte == o.dramPjPerByte && sramPjPerByte1MiB == o.sramPjPerByte1MiB && macPj == o.macPj;
    }
};

struct HardwareConfig {
    BufferMode mode = BufferMode::Separate;
    int64_t actBufferBytes = 1024 * kKiB;    // A: global / activation buffer (separate mode)
    int64_t weightBufferBytes = 1152 * kKiB; // W: weight buffer (separate mode)
    int64_t sharedBufferBytes = 1152 * kKiB; // S: one buffer for both (shared mode)
    int peRows = 4, peCols = 4;              // PE array
    int macRowsPerPe = 8, macColsPerPe = 8;  // MAC array inside one PE (input x output channels)
    double clockGHz = 1.0;                   // cycles per ns
    double dramGBps = 16.0;                  // DRAM bandwidth, GB/s (1e9 bytes/s)
    EnergyConstants energy;
    int elementBytes = 1;                    // bytes per tensor / weight element
    int channelAlign = 8;                    // on-chip channel padding (NWHC8c)
    int batch = 1;                           // N
    int maxSubgraphNodes = 64;               // region register file size
    int tileRows = 1;                        // t_out along H for output nodes (rows); 0 = whole height
    int tileCols = 0;                        // t_out along W (columns); 0 = full width
    CapacityGrid actGrid{128 * kKiB, 2048 * kKiB, 64 * kKiB};
    CapacityGrid weightGrid{144 * kKiB, 2304 * kKiB, 72 * kKiB};
    CapacityGrid sharedGrid{128 * kKiB, 3072 * kKiB, 64 * kKiB};
    // Multi-core (method §8): k identical cores, each with its own buffers of the capacities above
    // (A, W, S and the grids are per core), PE array and DRAM port, joined by a crossbar.
    int cores = 1;                           // k, 1..kMaxCores; 1 = the single-core model of §2-§4
    double nocGBps = 64.0;                   // crossbar bandwidth per core port, GB/s (1e9 bytes/s)
    double nocPjPerByte = 2.0;               // pJ per byte moved over the crossbar

    int64_t macsPerCycle() const { return int64_t(peRows) * peCols * macRowsPerPe * macColsPerPe; }
    // One core's buffer: A + W (separate) or S (shared), bytes.
    int64_t perCoreBufferBytes() const
    {
        return mode == BufferMode::Separate ? actBufferBytes + weightBufferBytes : sharedBufferBytes;
    }
    // BUF_SIZE of the objective: total silicon, cores x the per-core buffer, bytes.
    int64_t bufferBytes() const { return int64_t(cores) * perCoreBufferBytes(); }
    bool operator==(const HardwareConfig &o) const;
};

// SRAM energy per byte accessed in a buffer of `capacity` bytes, pJ: e_1MiB · sqrt(C / 1 MiB)
// (method §4), and that of the buffer holding activations (A, or the shared one) and weights
// (W, or the shared one). The one place the formula lives.
double sramPjPerByte(const HardwareConfig &hw, int64_t capacity);
double activationSramPjPerByte(const HardwareConfig &hw);
double weightSramPjPerByte(const HardwareConfig &hw);

// Checks every field; the message names the field and the allowed range.
Status validateHardware(const HardwareConfig &hw);
std::string hardwareToJson(const HardwareConfig &hw);
// Missing fields keep their defaults; unknown fields and bad values are errors naming the field.
Result<HardwareConfig> hardwareFromJson(const std::string &text, const std::string &source);
Result<HardwareConfig> loadHardwareFile(const std::string &path);

} // namespace cocco
