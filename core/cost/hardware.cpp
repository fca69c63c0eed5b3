#include "hardware.h"

#include "model/json_reader.h"
#include "model/model_json.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace cocco {

using nlohmann::json;

std::vector<int64_t> CapacityGrid::values() const
{
    std::vector<int64_t> v;
    if (minBytes <= 0 || maxBytes < minBytes)
        return v;
    if (stepBytes <= 0) {
        v.push_back(minBytes);
        return v;
    }
    for (int64_t x = minBytes; x <= maxBytes; x += stepBytes)
        v.push_back(x);
    return v;
}

int64_t CapacityGrid::snap(double bytes) const
{
    if (minBytes <= 0 || maxBytes < minBytes || stepBytes <= 0)
        return minBytes;
    const int64_t last = minBytes + (maxBytes - minBytes) / stepBytes * stepBytes;
    if (!(bytes > static_cast<double>(minBytes)))
        return minBytes;
    if (bytes >= static_cast<double>(last))
        return last;
    const double k = (bytes - static_cast<double>(minBytes)) / static_cast<double>(stepBytes);
    const double lo = std::floor(k);
    // Ties go to the smaller candidate: round up only when strictly past the midpoint.
    const int64_t idx = static_cast<int64_t>(k - lo > 0.5 ? lo + 1 : lo);
    return minBytes + idx * stepBytes;
}

bool HardwareConfig::operator==(const HardwareConfig &o) const
{
    return mode == o.mode && actBufferBytes == o.actBufferBytes && weightBufferBytes == o.weightBufferBytes
        && sharedBufferBytes == o.sharedBufferBytes && peRows == o.peRows && peCols == o.peCols
        && macRowsPerPe == o.macRowsPerPe && macColsPerPe == o.macColsPerPe && clockGHz == o.clockGHz
        && dramGBps == o.dramGBps && energy == o.energy && elementBytes == o.elementBytes
        && channelAlign == o.channelAlign && batch == o.batch && maxSubgraphNodes == o.maxSubgraphNodes
        && tileRows == o.tileRows && tileCols == o.tileCols && actGrid == o.actGrid && weightGrid == o.weightGrid
        && sharedGrid == o.sharedGrid && cores == o.cores && nocGBps == o.nocGBps && nocPjPerByte == o.nocPjPerByte;
}

namespace {

Status gridError(const CapacityGrid &g, const std::string &name)
{
    if (g.minBytes <= 0)
        return makeError(name + ".min_bytes must be positive, got " + std::to_string(g.minBytes));
    if (g.stepBytes <= 0)
        return makeError(name + ".step_bytes must be positive, got " + std::to_string(g.stepBytes));
    if (g.maxBytes < g.minBytes)
        return makeError(name + ": max_bytes (" + std::to_string(g.maxBytes) + ") is below min_bytes ("
                         + std::to_string(g.minBytes) + "), the grid has no candidates");
    if ((g.maxBytes - g.minBytes) / g.stepBytes > 1000000)
        return makeError(name + " has more than a million candidates");
    return okStatus();
}

} // namespace

double sramPjPerByte(const HardwareConfig &hw, int64_t capacity)
{
    return hw.energy.sramPjPerByte1MiB * std::sqrt(double(capacity) / double(kMiB));
}

double activationSramPjPerByte(const HardwareConfig &hw)
{
    return sramPjPerByte(hw, hw.mode == BufferMode::Separate ? hw.actBufferBytes : hw.sharedBufferBytes);
}

double weightSramPjPerByte(const HardwareConfig &hw)
{
    return sramPjPerByte(hw, hw.mode == BufferMode::Separate ? hw.weightBufferBytes : hw.sharedBufferBytes);
}

Status validateHardware(const HardwareConfig &hw)
{
    auto positive = [](int64_t v, const char *field) -> Status {
        if (v <= 0)
            return makeError(std::string(field) + " must be positive, got " + std::to_string(v));
        return okStatus();
    };
    for (const Status &s : {positive(hw.actBufferBytes, "buffer.act_bytes"),
                            positive(hw.weightBufferBytes, "buffer.weight_bytes"),
                            positive(hw.sharedBufferBytes, "buffer.shared_bytes"), positive(hw.peRows, "pe_array.rows"),
                            positive(hw.peCols, "pe_array.cols"), positive(hw.macRowsPerPe, "pe_array.mac_rows_per_pe"),
                            positive(hw.macColsPerPe, "pe_array.mac_cols_per_pe"),
                            positive(hw.elementBytes, "element_bytes"), positive(hw.channelAlign, "channel_align"),
                            positive(hw.batch, "batch"), positive(hw.maxSubgraphNodes, "max_subgraph_nodes")})
        if (!s.ok())
            return s;
    if (!(hw.clockGHz > 0) || !std::isfinite(hw.clockGHz))
        return makeError("clock_ghz must be a positive number, got " + std::to_string(hw.clockGHz));
    if (!(hw.dramGBps > 0) || !std::isfinite(hw.dramGBps))
        return makeError("dram_gbps must be a positive number, got " + std::to_string(hw.dramGBps));
    if (!(hw.energy.dramPjPerByte >= 0) || !std::isfinite(hw.energy.dramPjPerByte))
        return makeError("energy.dram_pj_per_byte must be a non-negative number");
    if (!(hw.energy.sramPjPerByte1MiB >= 0) || !std::isfinite(hw.energy.sramPjPerByte1MiB))
        return makeError("energy.sram_pj_per_byte_1mib must be a non-negative number");
    if (!(hw.energy.macPj >= 0) || !std::isfinite(hw.energy.macPj))
        return makeError("energy.mac_pj must be a non-negative number");
    if (hw.cores < 1 || hw.cores > kMaxCores)
        return makeError("cores: must be 1.." + std::to_string(kMaxCores) + ", got " + std::to_string(hw.cores));
    if (!(hw.nocGBps > 0) || !std::isfinite(hw.nocGBps))
        return makeError("noc.gbps: must be a positive number, got " + std::to_string(hw.nocGBps));
    if (!(hw.nocPjPerByte >= 0) || !std::isfinite(hw.nocPjPerByte))
        return makeError("noc.pj_per_byte: must be a non-negative number, got " + std::to_string(hw.nocPjPerByte));
    if (hw.elementBytes > 16)
        return makeError("element_bytes must be at most 16, got " + std::to_string(hw.elementBytes));
    if (hw.channelAlign > 4096)
        return makeError("channel_align must be at most 4096, got " + std::to_string(hw.channelAlign));
    if (hw.tileRows < 0)
        return makeError("tile.rows must be 0 (whole height) or positive, got " + std::to_string(hw.tileRows));
    if (hw.tileCols < 0)
        return makeError("tile.cols must be 0 (full width) or positive, got " + std::to_string(hw.tileCols));
    for (const auto &g : {std::make_pair(&hw.actGrid, "grids.act"), std::make_pair(&hw.weightGrid, "grids.weight"),
                          std::make_pair(&hw.sharedGrid, "grids.shared")}) {
        Status s = gridError(*g.first, g.second);
        if (!s.ok())
            return s;
    }
    return okStatus();
}

namespace {

nlohmann::ordered_json gridToJson(const CapacityGrid &g)
{
    return {{"min_bytes", g.minBytes}, {"max_bytes", g.maxBytes}, {"step_bytes", g.stepBytes}};
}

// The hardware reader's shorthands over the JSON reading kit (model/json_reader.h): `where` is
// the object's path in the file, every error reads "FILE: PATH: WHAT".
[[noreturn]] void fail(const std::string &where, const std::string &what) { JsonField(json(), where).fail(what); }

void checkKeys(const json &obj, const std::string &where, std::initializer_list<const char *> allowed)
{
    JsonField(obj, where).allowKeys(allowed);
}

int64_t readInt(const json &obj, const char *key, const std::string &where, int64_t def, int64_t minValue,
                int64_t maxValue)
{
    return JsonField(obj, where).integer(key, def, minValue, maxValue);
}

double readDouble(const json &obj, const char *key, const std::string &where, double def, bool strictlyPositive)
{
    const JsonField f(obj, where);
    return strictlyPositive ? f.positiveNumber(key, def) : f.nonNegativeNumber(key, def);
}

std::string path(const std::string &where, const char *key) { return JsonField(json(), where).pathOf(key); }

constexpr int64_t kMaxBytes = int64_t(1) << 50; // 1 PiB: anything larger is a typo
constexpr int64_t kMaxSmall = 1 << 20;

CapacityGrid readGrid(const json &obj, const char *key, const std::string &where, const CapacityGrid &def)
{
    auto it = obj.find(key);
    if (it == obj.end())
        return def;
    const std::string p = path(where, key);
    checkKeys(*it, p, {"min_bytes", "max_bytes", "step_bytes"});
    CapacityGrid g;
    g.minBytes = readInt(*it, "min_bytes", p, def.minBytes, 1, kMaxBytes);
    g.maxBytes = readInt(*it, "max_bytes", p, def.maxBytes, 1, kMaxBytes);
    g.stepBytes = readInt(*it, "step_bytes", p, def.stepBytes, 1, kMaxBytes);
    if (g.maxBytes < g.minBytes)
        fail(p, "max_bytes is below min_bytes: the grid has no candidates");
    return g;
}

} // namespace

std::string hardwareToJson(const HardwareConfig &hw)
{
    // Ordered so the file reads top-down like docs/hardware-format.md.
    nlohmann::ordered_json j;
    j["schemaVersion"] = kHardwareSchemaVersion;
    j["buffer"] = {{"mode", hw.mode == BufferMode::Separate ? "separate" : "shared"},
                   {"act_bytes", hw.actBufferBytes},
                   {"weight_bytes", hw.weightBufferBytes},
                   {"shared_bytes", hw.sharedBufferBytes}};
    j["pe_array"] = {{"rows", hw.peRows},
                     {"cols", hw.peCols},
                     {"mac_rows_per_pe", hw.macRowsPerPe},
                     {"mac_cols_per_pe", hw.macColsPerPe}};
    j["cores"] = hw.cores;
    j["noc"] = {{"gbps", hw.nocGBps}, {"pj_per_byte", hw.nocPjPerByte}};
    j["clock_ghz"] = hw.clockGHz;
    j["dram_gbps"] = hw.dramGBps;
    j["energy"] = {{"dram_pj_per_byte", hw.energy.dramPjPerByte},
                   {"sram_pj_per_byte_1mib", hw.energy.sramPjPerByte1MiB},
                   {"mac_pj", hw.energy.macPj}};
    j["element_bytes"] = hw.elementBytes;
    j["channel_align"] = hw.channelAlign;
    j["batch"] = hw.batch;
    j["max_subgraph_nodes"] = hw.maxSubgraphNodes;
    j["tile"] = {{"rows", hw.tileRows}, {"cols", hw.tileCols}};
    j["grids"] = {{"act", gridToJson(hw.actGrid)},
                  {"weight", gridToJson(hw.weightGrid)},
                  {"shared", gridToJson(hw.sharedGrid)}};
    return j.dump(2) + "\n";
}

Result<HardwareConfig> hardwareFromJson(const std::string &text, const std::string &source)
{
    return readJson(text, source, [](const JsonField &top) -> HardwareConfig {
        const json &root = top.json();
        HardwareConfig hw;
        checkKeys(root, "", {"schemaVersion", "buffer", "pe_array", "cores", "noc", "clock_ghz", "dram_gbps", "energy",
                             "element_bytes", "channel_align", "batch", "max_subgraph_nodes", "tile", "grids"});
        top.schemaVersion(kHardwareSchemaVersion);
        if (auto b = root.find("buffer"); b != root.end()) {
            checkKeys(*b, "buffer", {"mode", "act_bytes", "weight_bytes", "shared_bytes"});
            if (auto m = b->find("mode"); m != b->end()) {
                const std::string mode = m->is_string() ? m->get<std::string>() : std::string();
                if (mode == "separate")
                    hw.mode = BufferMode::Separate;
                else if (mode == "shared")
                    hw.mode = BufferMode::Shared;
                else
                    fail("buffer.mode", "expected \"separate\" or \"shared\", got " + m->dump());
            }
            hw.actBufferBytes = readInt(*b, "act_bytes", "buffer", hw.actBufferBytes, 1, kMaxBytes);
            hw.weightBufferBytes = readInt(*b, "weight_bytes", "buffer", hw.weightBufferBytes, 1, kMaxBytes);
            hw.sharedBufferBytes = readInt(*b, "shared_bytes", "buffer", hw.sharedBufferBytes, 1, kMaxBytes);
        }
        if (auto pe = root.find("pe_array"); pe != root.end()) {
            checkKeys(*pe, "pe_array", {"rows", "cols", "mac_rows_per_pe", "mac_cols_per_pe"});
            hw.peRows = static_cast<int>(readInt(*pe, "rows", "pe_array", hw.peRows, 1, 1024));
            hw.peCols = static_cast<int>(readInt(*pe, "cols", "pe_array", hw.peCols, 1, 1024));
            hw.macRowsPerPe = static_cast<int>(readInt(*pe, "mac_rows_per_pe", "pe_array", hw.macRowsPerPe, 1, 1024));
            hw.macColsPerPe = static_cast<int>(readInt(*pe, "mac_cols_per_pe", "pe_array", hw.macColsPerPe, 1, 1024));
        }
        // Wide bounds, then the range message of validateHardware() ("cores: must be 1..64").
        const int64_t cores = readInt(root, "cores", "", hw.cores, std::numeric_limits<int64_t>::min(),
                                      std::numeric_limits<int64_t>::max());
        if (cores < 1 || cores > kMaxCores)
            fail("cores", "must be 1.." + std::to_string(kMaxCores) + ", got " + std::to_string(cores));
        hw.cores = static_cast<int>(cores);
        if (auto noc = root.find("noc"); noc != root.end()) {
            checkKeys(*noc, "noc", {"gbps", "pj_per_byte"});
            hw.nocGBps = readDouble(*noc, "gbps", "noc", hw.nocGBps, true);
            hw.nocPjPerByte = readDouble(*noc, "pj_per_byte", "noc", hw.nocPjPerByte, false);
        }
        hw.clockGHz = readDouble(root, "clock_ghz", "", hw.clockGHz, true);
        hw.dramGBps = readDouble(root, "dram_gbps", "", hw.dramGBps, true);
        if (auto e = root.find("energy"); e != root.end()) {
            checkKeys(*e, "energy", {"dram_pj_per_byte", "sram_pj_per_byte_1mib", "mac_pj"});
            hw.energy.dramPjPerByte = readDouble(*e, "dram_pj_per_byte", "energy", hw.energy.dramPjPerByte, false);
            hw.energy.sramPjPerByte1MiB =
                readDouble(*e, "sram_pj_per_byte_1mib", "energy", hw.energy.sramPjPerByte1MiB, false);
            hw.energy.macPj = readDouble(*e, "mac_pj", "energy", hw.energy.macPj, false);
        }
        hw.elementBytes = static_cast<int>(readInt(root, "element_bytes", "", hw.elementBytes, 1, 16));
        hw.channelAlign = static_cast<int>(readInt(root, "channel_align", "", hw.channelAlign, 1, 4096));
        hw.batch = static_cast<int>(readInt(root, "batch", "", hw.batch, 1, kMaxSmall));
        hw.maxSubgraphNodes =
            static_cast<int>(readInt(root, "max_subgraph_nodes", "", hw.maxSubgraphNodes, 1, kMaxSmall));
        if (auto t = root.find("tile"); t != root.end()) {
            checkKeys(*t, "tile", {"rows", "cols"});
            hw.tileRows = static_cast<int>(readInt(*t, "rows", "tile", hw.tileRows, 0, kMaxSmall));
            hw.tileCols = static_cast<int>(readInt(*t, "cols", "tile", hw.tileCols, 0, kMaxSmall));
        }
        if (auto g = root.find("grids"); g != root.end()) {
            checkKeys(*g, "grids", {"act", "weight", "shared"});
            hw.actGrid = readGrid(*g, "act", "grids", hw.actGrid);
            hw.weightGrid = readGrid(*g, "weight", "grids", hw.weightGrid);
            hw.sharedGrid = readGrid(*g, "shared", "grids", hw.sharedGrid);
        }
        Status s = validateHardware(hw);
        if (!s.ok())
            top.fail(s.message());
        return hw;
    });
}

Result<HardwareConfig> loadHardwareFile(const std::string &path)
{
    auto text = readTextFile(path);
    if (!text.ok())
        return text.error();
    return hardwareFromJson(*text, path);
}

} // namespace cocco
