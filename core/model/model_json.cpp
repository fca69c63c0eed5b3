#include "model_json.h"

#include "json_reader.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <limits>
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

// Dimensions, kernel sizes, strides and group counts: anything above this is a typo.
constexpr int64_t kMaxSmallInt = 1 << 24;

int smallInt(const JsonField &f, int64_t minValue) { return static_cast<int>(f.integer(minValue, kMaxSmallInt)); }

Window1D windowFromJson(const JsonField &j)
{
    Window1D w;
    w.kernel = smallInt(j.at("kernel"), 1);
    w.stride = smallInt(j.at("stride"), 1);
    if (auto d = j.find("dilation"))
        w.dilation = smallInt(*d, 1);
    if (auto p = j.find("pad")) {
        if (p->size() != 2)
            p->fail("expected [begin, end]");
        w.padBegin = smallInt((*p)[0], 0);
        w.padEnd = smallInt((*p)[1], 0);
    }
    if (auto u = j.find("upsample"))
        w.upsample = smallInt(*u, 1);
    return w;
}

Network readNetwork(const JsonField &root)
{
    root.expectObject();
    root.schemaVersion(kModelSchemaVersion);
    Network net;
    if (auto n = root.find("name"))
        net.name = n->string();
    const JsonField layers = root.at("layers");
    if (layers.size() == 0)
        layers.fail("the graph is empty");
    std::unordered_map<std::string, int> ids;
    for (size_t i = 0; i < layers.size(); ++i) {
        const JsonField jl = layers[i];
        const std::string name = jl.at("name").string();
        if (name.empty())
            jl.at("name").fail("must not be empty");
        if (!ids.emplace(name, static_cast<int>(i)).second)
            jl.renamed(jl.path() + " ('" + name + "')").fail("duplicate layer name '" + name + "'");
    }
    for (size_t i = 0; i < layers.size(); ++i) {
        Layer l;
        l.name = layers[i].at("name").string();
        const JsonField jl = layers[i].renamed("layer '" + l.name + "'");
        const std::string op = jl.at("op").string();
        if (!parseOpKind(op, &l.op))
            jl.at("op").fail("unknown op kind '" + op + "'");
        l.opType = jl.has("type") ? jl.at("type").string() : op;
        const JsonField shape = jl.at("shape");
        if (!shape.json().is_array() || shape.size() != 4)
            shape.fail("expected [N, C, H, W]");
        l.out.n = shape[0].integer(1);
        l.out.c = shape[1].integer(1);
        l.out.h = shape[2].integer(1);
        l.out.w = shape[3].integer(1);
        l.params = jl.integer("params", 0, 0, std::numeric_limits<int64_t>::max());
        l.macs = jl.integer("macs", 0, 0, std::numeric_limits<int64_t>::max());
        l.inChannels = jl.integer("inChannels", 0, 0, std::numeric_limits<int64_t>::max());
        if (auto g = jl.find("groups"))
            l.groups = smallInt(*g, 1);
        l.markedOutput = jl.boolean("output", false);
        if (auto ins = jl.find("inputs")) {
            for (size_t k = 0; k < ins->size(); ++k) {
                const JsonField in = (*ins)[k];
                const std::string from = in.at("from").string();
                auto it = ids.find(from);
                if (it == ids.end())
                    in.at("from").fail("no layer named '" + from + "' (dangling edge)");
                WindowRelation rel;
                rel.full = in.boolean("full", false);
                if (auto win = in.find("window")) {
                    rel.h = windowFromJson(win->at("h"));
                    rel.w = windowFromJson(win->at("w"));
                }
                l.inputs.push_back(it->second);
                l.windows.push_back(rel);
            }
        }
        net.addLayer(std::move(l));
    }
    Status st = net.finalize();
    if (!st.ok())
        throw JsonReadError{st.message()};
    return net;
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
    return readJson(text, source, readNetwork);
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
