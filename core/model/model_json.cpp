#include "model_json.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace cocco {

using nlohmann::json;

namespace {

json windowToJson(const Window1D &w)
{
    json j = {{"kernel", w.kernel}, {"stride", w.stride}};
    if (w.dilation != 1)
        j["dilation"] = w.dilation;
    if (w.padBegin != 0 || w.padEnd != 0)
        j["pad"] = {w.padBegin, w.padEnd};
    if (w.upsample != 1)
        j["upsample"] = w.upsample;
    return j;
}

// Thrown inside the reader only, turned into an Error at the boundary.
struct FieldError {
    std::string msg;
};

[[noreturn]] void fail(const std::string &where, const std::string &what) { throw FieldError{where + ": " + what}; }

const json &need(const json &obj, const char *key, const std::string &where)
{
    if (!obj.is_object())
        fail(where, "expected an object");
    auto it = obj.find(key);
    if (it == obj.end())
        fail(where, std::string("missing field '") + key + "'");
    return *it;
}

int64_t asInt(const json &v, const std::string &where, int64_t minValue)
{
    if (!v.is_number_integer())
        fail(where, "expected an integer, got " + std::string(v.type_name()));
    const int64_t x = v.get<int64_t>();
    if (x < minValue)
        fail(where, "must be at least " + std::to_string(minValue) + ", got " + std::to_string(x));
    return x;
}

int asSmallInt(const json &v, const std::string &where, int64_t minValue)
{
    const int64_t x = asInt(v, where, minValue);
    if (x > (1 << 24))
        fail(where, "value " + std::to_string(x) + " is too large");
    return static_cast<int>(x);
}

std::string asString(const json &v, const std::string &where)
{
    if (!v.is_string())
        fail(where, "expected a string, got " + std::string(v.type_name()));
    return v.get<std::string>();
}

Window1D windowFromJson(const json &j, const std::string &where)
{
    Window1D w;
    w.kernel = asSmallInt(need(j, "kernel", where), where + ".kernel", 1);
    w.stride = asSmallInt(need(j, "stride", where), where + ".stride", 1);
    if (j.contains("dilation"))
        w.dilation = asSmallInt(j["dilation"], where + ".dilation", 1);
    if (j.contains("pad")) {
        const json &p = j["pad"];
        if (!p.is_array() || p.size() != 2)
            fail(where + ".pad", "expected [begin, end]");
        w.padBegin = asSmallInt(p[0], where + ".pad[0]", 0);
        w.padEnd = asSmallInt(p[1], where + ".pad[1]", 0);
    }
    if (j.contains("upsample"))
        w.upsample = asSmallInt(j["upsample"], where + ".upsample", 1);
    return w;
}

} // namespace

std::string networkToJson(const Network &net)
{
    json layers = json::array();
    for (const Layer &l : net.layers()) {
        json jl = {{"name", l.name}, {"op", opKindName(l.op)}};
        if (!l.opType.empty() && l.opType != opKindName(l.op))
            jl["type"] = l.opType;
        jl["shape"] = {l.out.n, l.out.c, l.out.h, l.out.w};
        if (l.params)
            jl["params"] = l.params;
        if (l.macs)
            jl["macs"] = l.macs;
        if (l.inChannels)
            jl["inChannels"] = l.inChannels;
        if (l.groups != 1)
            jl["groups"] = l.groups;
        if (l.markedOutput)
            jl["output"] = true;
        if (!l.inputs.empty()) {
            json ins = json::array();
            for (size_t k = 0; k < l.inputs.size(); ++k) {
                json e = {{"from", net.layer(l.inputs[k]).name}};
                const WindowRelation &w = l.windows[k];
                if (w.full)
                    e["full"] = true;
                else if (!(w == WindowRelation::identity()))
                    e["window"] = {{"h", windowToJson(w.h)}, {"w", windowToJson(w.w)}};
                ins.push_back(std::move(e));
            }
            jl["inputs"] = std::move(ins);
        }
        layers.push_back(std::move(jl));
    }
    json root = {{"schemaVersion", kModelSchemaVersion}, {"name", net.name}, {"layers", std::move(layers)}};
    return root.dump(2) + "\n";
}

Result<Network> networkFromJson(const std::string &text, const std::string &source)
{
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error &e) {
        std::string what = e.what();
        if (what.find("UTF-8") != std::string::npos || what.find("utf-8") != std::string::npos)
            return makeError(source + ": not valid UTF-8 text (byte " + std::to_string(e.byte) + ")");
        return makeError(source + ": not valid JSON at byte " + std::to_string(e.byte) + ": " + what);
    } catch (const json::exception &e) { // e.g. out_of_range 406: a number too large for a double (fuzzing)
        return makeError(source + ": not valid JSON: " + e.what());
    }
    try {
        if (!root.is_object())
            fail(source, "the top level must be an object");
        const int64_t version = asInt(need(root, "schemaVersion", source), source + ": schemaVersion", 0);
        if (version != kModelSchemaVersion)
            fail(source, "schemaVersion " + std::to_string(version) + " is not supported (this build reads "
                             + std::to_string(kModelSchemaVersion) + ")");
        Network net;
        if (root.contains("name"))
            net.name = asString(root["name"], source + ": name");
        const json &layers = need(root, "layers", source);
        if (!layers.is_array())
            fail(source + ": layers", "expected an array");
        if (layers.empty())
            fail(source + ": layers", "the graph is empty");
        std::unordered_map<std::string, int> ids;
        for (size_t i = 0; i < layers.size(); ++i) {
            const json &jl = layers[i];
            std::string where = source + ": layers[" + std::to_string(i) + "]";
            const std::string name = asString(need(jl, "name", where), where + ".name");
            if (name.empty())
                fail(where + ".name", "must not be empty");
            where += " ('" + name + "')";
            if (!ids.emplace(name, static_cast<int>(i)).second)
                fail(where, "duplicate layer name '" + name + "'");
        }
        for (size_t i = 0; i < layers.size(); ++i) {
            const json &jl = layers[i];
            Layer l;
            l.name = jl["name"].get<std::string>();
            const std::string where = source + ": layer '" + l.name + "'";
            const std::string op = asString(need(jl, "op", where), where + ".op");
            if (!parseOpKind(op, &l.op))
                fail(where + ".op", "unknown op kind '" + op + "'");
            l.opType = jl.contains("type") ? asString(jl["type"], where + ".type") : op;
            const json &shape = need(jl, "shape", where);
            if (!shape.is_array() || shape.size() != 4)
                fail(where + ".shape", "expected [N, C, H, W]");
            l.out.n = asInt(shape[0], where + ".shape[0]", 1);
            l.out.c = asInt(shape[1], where + ".shape[1]", 1);
            l.out.h = asInt(shape[2], where + ".shape[2]", 1);
            l.out.w = asInt(shape[3], where + ".shape[3]", 1);
            if (jl.contains("params"))
                l.params = asInt(jl["params"], where + ".params", 0);
            if (jl.contains("macs"))
                l.macs = asInt(jl["macs"], where + ".macs", 0);
            if (jl.contains("inChannels"))
                l.inChannels = asInt(jl["inChannels"], where + ".inChannels", 0);
            if (jl.contains("groups"))
                l.groups = asSmallInt(jl["groups"], where + ".groups", 1);
            if (jl.contains("output")) {
                if (!jl["output"].is_boolean())
                    fail(where + ".output", "expected true or false");
                l.markedOutput = jl["output"].get<bool>();
            }
            if (jl.contains("inputs")) {
                const json &ins = jl["inputs"];
                if (!ins.is_array())
                    fail(where + ".inputs", "expected an array");
                for (size_t k = 0; k < ins.size(); ++k) {
                    const std::string w = where + ".inputs[" + std::to_string(k) + "]";
                    const std::string from = asString(need(ins[k], "from", w), w + ".from");
                    auto it = ids.find(from);
                    if (it == ids.end())
                        fail(w + ".from", "no layer named '" + from + "' (dangling edge)");
                    WindowRelation rel;
                    if (ins[k].contains("full")) {
                        if (!ins[k]["full"].is_boolean())
                            fail(w + ".full", "expected true or false");
                        rel.full = ins[k]["full"].get<bool>();
                    }
                    if (ins[k].contains("window")) {
                        const json &win = ins[k]["window"];
                        rel.h = windowFromJson(need(win, "h", w + ".window"), w + ".window.h");
                        rel.w = windowFromJson(need(win, "w", w + ".window"), w + ".window.w");
                    }
                    l.inputs.push_back(it->second);
                    l.windows.push_back(rel);
                }
            }
            net.addLayer(std::move(l));
        }
        Status st = net.finalize();
        if (!st.ok())
            return makeError(source + ": " + st.message());
        return net;
    } catch (const FieldError &e) {
        return makeError(e.msg);
    } catch (const json::exception &e) {
        return makeError(source + ": " + e.what());
    }
}

Result<std::string> readTextFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(path + ": cannot open file for reading");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad())
        return makeError(path + ": read error");
    return ss.str();
}

Result<Network> loadNetworkJsonFile(const std::string &path)
{
    auto text = readTextFile(path);
    if (!text.ok())
        return text.error();
    return networkFromJson(text.value(), path);
}

Status writeFileAtomic(const std::string &path, const std::string &contents)
{
    const std::string tmp = path + ".tmp-cocco";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            return makeError(path + ": cannot open for writing");
        out << contents;
        out.flush();
        if (!out) {
            std::remove(tmp.c_str());
            return makeError(path + ": write failed");
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        return makeError(path + ": cannot replace the file");
    }
    return okStatus();
}

} // namespace cocco
