#include "study.h"

#include "model/model_json.h"
#include "search/registry.h"

#include <cmath>
#include <set>

namespace cocco {

using nlohmann::json;

namespace {

// Thrown inside the reader only, turned into an Error at the boundary.
struct StudyError {
    std::string msg;
};

[[noreturn]] void fail(const std::string &where, const std::string &what) { throw StudyError{where + ": " + what}; }

void checkKeys(const json &obj, const std::string &where, std::initializer_list<const char *> allowed)
{
    if (!obj.is_object())
        fail(where, "expected an object, got " + std::string(obj.type_name()));
    const std::set<std::string> ok(allowed.begin(), allowed.end());
    for (auto it = obj.begin(); it != obj.end(); ++it)
        if (!ok.count(it.key()))
            fail(where.empty() ? it.key() : where + "." + it.key(), "unknown key");
}

std::string joinPath(const std::string &dir, const std::string &p)
{
    if (p.empty() || p[0] == '/' || dir.empty() || dir == ".")
        return p;
    return dir + "/" + p;
}

std::string defaultLabel(const std::string &spec)
{
    if (spec.rfind("zoo:", 0) == 0)
        return spec.substr(4);
    std::string s = spec;
    const auto slash = s.find_last_of('/');
    if (slash != std::string::npos)
        s = s.substr(slash + 1);
    const auto dot = s.find_last_of('.');
    if (dot != std::string::npos && dot > 0)
        s = s.substr(0, dot);
    return s;
}

int64_t readInt(const json &v, const std::string &where, int64_t lo, int64_t hi)
{
    if (!v.is_number_integer())
        fail(where, "expected an integer, got " + std::string(v.type_name()));
    if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(hi))
        fail(where, "must be at most " + std::to_string(hi));
    const int64_t x = v.get<int64_t>();
    if (x < lo || x > hi)
        fail(where, "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + std::to_string(x));
    return x;
}

double readNumber(const json &v, const std::string &where, double lo)
{
    if (!v.is_number())
        fail(where, "expected a number, got " + std::string(v.type_name()));
    const double x = v.get<double>();
    if (!std::isfinite(x) || x < lo)
        fail(where, "must be a finite number >= " + json(lo).dump() + ", got " + v.dump());
    return x;
}

// A list field that may also be given as one value under its singular name.
const json *listOrSingle(const json &obj, const char *plural, const char *singular, const std::string &where,
                         json *holder)
{
    const bool hasP = obj.contains(plural), hasS = obj.contains(singular);
    if (hasP && hasS)
        fail(where, std::string("give either ") + plural + " or " + singular + ", not both");
    if (hasS) {
        *holder = json::array({obj.at(singular)});
        return holder;
    }
    if (!hasP)
        return nullptr;
    const json &l = obj.at(plural);
    const std::string p = where + "." + plural;
    if (!l.is_array())
        fail(p, "expected a list, got " + std::string(l.type_name()));
    if (l.empty())
        fail(p, "the list is empty");
    return &l;
}

json *findLeaf(json &root, const std::string &path)
{
    json *cur = &root;
    size_t start = 0;
    while (true) {
        const size_t dot = path.find('.', start);
        const std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!cur->is_object() || part.empty() || !cur->contains(part))
            return nullptr;
        cur = &(*cur)[part];
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    return cur->is_object() ? nullptr : cur;
}

// Sets the axis fields on a copy of the base hardware and reads it back through the one hardware
// reader, so a point gets exactly the validation a hardware file gets.
Result<HardwareConfig> pointHardware(const json &base, const std::vector<std::pair<std::string, json>> &fields)
{
    json j = base;
    for (const auto &f : fields) {
        json *leaf = findLeaf(j, f.first);
        if (!leaf)
            return makeError(f.first + ": not a hardware field");
        *leaf = f.second;
    }
    static const std::string kSource = "hardware point";
    auto hw = hardwareFromJson(j.dump(), kSource);
    if (!hw.ok()) {
        std::string m = hw.message();
        if (m.rfind(kSource + ": ", 0) == 0)
            m = m.substr(kSource.size() + 2);
        return makeError(m);
    }
    return hw;
}

const char *gridKeyFor(const std::string &capacityPath)
{
    if (capacityPath == "buffer.act_bytes")
        return "act";
    if (capacityPath == "buffer.weight_bytes")
        return "weight";
    return "shared";
}

StudyModel readModel(const json &m, const std::string &where, const std::string &baseDir)
{
    StudyModel sm;
    if (m.is_string()) {
        sm.spec = m.get<std::string>();
    } else {
        checkKeys(m, where, {"source", "name", "weight", "input_shapes"});
        if (!m.contains("source") || !m.at("source").is_string())
            fail(where + ".source", "missing (a zoo name \"zoo:NAME\" or a .json / .onnx file)");
        sm.spec = m.at("source").get<std::string>();
        if (m.contains("name")) {
            if (!m.at("name").is_string() || m.at("name").get<std::string>().empty())
                fail(where + ".name", "expected a non-empty string");
            sm.label = m.at("name").get<std::string>();
        }
        if (m.contains("weight")) {
            sm.weight = readNumber(m.at("weight"), where + ".weight", 0);
        }
        if (m.contains("input_shapes")) {
            const json &is = m.at("input_shapes");
            if (!is.is_object())
                fail(where + ".input_shapes", "expected an object {input name: [dims]}");
            for (auto it = is.begin(); it != is.end(); ++it) {
                const std::string p = where + ".input_shapes." + it.key();
                if (!it->is_array() || it->empty())
                    fail(p, "expected a non-empty list of dimensions");
                std::vector<int64_t> dims;
                for (size_t i = 0; i < it->size(); ++i)
                    dims.push_back(readInt((*it)[i], p + "[" + std::to_string(i) + "]", 1, int64_t(1) << 31));
                sm.inputShapes[it.key()] = dims;
            }
        }
    }
    if (sm.spec.empty())
        fail(where, "empty model source");
    if (sm.label.empty())
        sm.label = defaultLabel(sm.spec);
    sm.path = sm.spec.rfind("zoo:", 0) == 0 ? sm.spec : joinPath(baseDir, sm.spec);
    return sm;
}

StudyAxis readAxis(const json &a, const std::string &where, const json &baseHw)
{
    checkKeys(a, where, {"path", "values", "grid"});
    if (!a.contains("path") || !a.at("path").is_string())
        fail(where + ".path", "missing (a hardware field such as \"dram_gbps\" or \"pe_array.rows\")");
    StudyAxis ax;
    ax.path = a.at("path").get<std::string>();
    const std::string named = where + " (" + ax.path + ")";
    json probe = baseHw;
    if (ax.path == "schemaVersion" || !findLeaf(probe, ax.path))
        fail(named, "unknown axis path: not a hardware field (docs/hardware-format.md lists them)");
    const bool hasValues = a.contains("values"), hasGrid = a.contains("grid");
    if (hasValues == hasGrid)
        fail(named, "give exactly one of \"values\" (a list) or \"grid\" (a capacity grid)");
    if (hasValues) {
        const json &v = a.at("values");
        if (!v.is_array())
            fail(named + ".values", "expected a list, got " + std::string(v.type_name()));
        if (v.empty())
            fail(named + ".values", "empty value list");
        for (const auto &x : v)
            ax.values.push_back(x);
    } else {
        if (!ax.isCapacity())
            fail(named + ".grid", "a grid is only allowed on buffer.act_bytes, buffer.weight_bytes or buffer.shared_bytes");
        CapacityGrid g;
        const json &gj = a.at("grid");
        if (gj.is_string() && gj.get<std::string>() == "hardware") {
            const json &hg = baseHw.at("grids").at(gridKeyFor(ax.path));
            g = {hg.at("min_bytes").get<int64_t>(), hg.at("max_bytes").get<int64_t>(), hg.at("step_bytes").get<int64_t>()};
        } else {
            const std::string gp = named + ".grid";
            if (!gj.is_object())
                fail(gp, "expected {\"min_bytes\", \"max_bytes\", \"step_bytes\"} or \"hardware\"");
            checkKeys(gj, gp, {"min_bytes", "max_bytes", "step_bytes"});
            for (const char *k : {"min_bytes", "max_bytes", "step_bytes"})
                if (!gj.contains(k))
                    fail(gp + "." + k, "missing");
            constexpr int64_t kMax = int64_t(1) << 50;
            g.minBytes = readInt(gj.at("min_bytes"), gp + ".min_bytes", 1, kMax);
            g.maxBytes = readInt(gj.at("max_bytes"), gp + ".max_bytes", 1, kMax);
            g.stepBytes = readInt(gj.at("step_bytes"), gp + ".step_bytes", 1, kMax);
            if (g.maxBytes < g.minBytes)
                fail(gp, "max_bytes is below min_bytes: the grid has no candidates");
            if ((g.maxBytes - g.minBytes) / g.stepBytes >= 10000)
                fail(gp, "more than 10000 capacities");
        }
        for (int64_t c : g.values())
            ax.values.push_back(c);
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < ax.values.size(); ++i) {
        const json &x = ax.values[i];
        if (!seen.insert(x.dump()).second)
            fail(named, "value " + x.dump() + " is listed twice");
        auto hw = pointHardware(baseHw, {{ax.path, x}});
        if (!hw.ok())
            fail(named, "bad value " + x.dump() + ": " + hw.message());
    }
    return ax;
}

StudySettings readSettings(const json &s, const std::string &where)
{
    StudySettings st;
    checkKeys(s, where, {"algorithms", "algorithm", "objective", "alphas", "alpha", "seeds", "seed", "budget",
                         "co_explore", "time_limit_seconds", "threads"});
    json holder;
    if (const json *l = listOrSingle(s, "algorithms", "algorithm", where, &holder)) {
        st.algorithms.clear();
        for (size_t i = 0; i < l->size(); ++i) {
            const std::string p = where + ".algorithms[" + std::to_string(i) + "]";
            Algorithm a;
            if (!(*l)[i].is_string() || !parseAlgorithm((*l)[i].get<std::string>(), &a))
                fail(p, "unknown algorithm " + (*l)[i].dump());
            for (const Algorithm &b : st.algorithms)
                if (a == b)
                    fail(p, "listed twice");
            st.algorithms.push_back(a);
        }
    }
    if (s.contains("objective")) {
        if (!s.at("objective").is_string() || !parseObjective(s.at("objective").get<std::string>(), &st.objective))
            fail(where + ".objective", "expected \"ema\", \"energy\", \"latency\" or \"cost\", got " + s.at("objective").dump());
    }
    if (const json *l = listOrSingle(s, "alphas", "alpha", where, &holder)) {
        st.alphas.clear();
        for (size_t i = 0; i < l->size(); ++i)
            st.alphas.push_back(readNumber((*l)[i], where + ".alphas[" + std::to_string(i) + "]", 0));
        if (std::set<double>(st.alphas.begin(), st.alphas.end()).size() != st.alphas.size())
            fail(where + ".alphas", "a value is listed twice");
    }
    if (const json *l = listOrSingle(s, "seeds", "seed", where, &holder)) {
        st.seeds.clear();
        for (size_t i = 0; i < l->size(); ++i)
            st.seeds.push_back(static_cast<uint64_t>(
                readInt((*l)[i], where + ".seeds[" + std::to_string(i) + "]", 0, std::numeric_limits<int64_t>::max())));
        if (std::set<uint64_t>(st.seeds.begin(), st.seeds.end()).size() != st.seeds.size())
            fail(where + ".seeds", "a seed is listed twice");
    }
    if (s.contains("budget"))
        st.budget = readInt(s.at("budget"), where + ".budget", 1, int64_t(1000000000000));
    if (s.contains("co_explore")) {
        if (!s.at("co_explore").is_boolean())
            fail(where + ".co_explore", "expected true or false");
        st.coExplore = s.at("co_explore").get<bool>();
    } else {
        st.coExplore = st.objective == Objective::Cost; // as `cocco search`
    }
    if (s.contains("time_limit_seconds"))
        st.timeLimitSeconds = readNumber(s.at("time_limit_seconds"), where + ".time_limit_seconds", 0);
    if (s.contains("threads"))
        st.threads = static_cast<int>(readInt(s.at("threads"), where + ".threads", 0, 256));
    return st;
}

std::string keyNumber(double v) { return json(v).dump(); }

} // namespace

bool StudyAxis::isCapacity() const
{
    return path == "buffer.act_bytes" || path == "buffer.weight_bytes" || path == "buffer.shared_bytes";
}

std::string axisValueText(const nlohmann::json &v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

Result<Study> studyFromJson(const std::string &text, const std::string &source, const std::string &baseDir)
{
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error &e) {
        return makeError(source + ": not valid JSON at byte " + std::to_string(e.byte));
    }
    Study st;
    st.file = source;
    try {
        checkKeys(root, "", {"schemaVersion", "kind", "name", "models", "hardware", "axes", "search"});
        if (!root.contains("schemaVersion"))
            fail("schemaVersion", "missing (expected 1)");
        if (!root.at("schemaVersion").is_number_integer() || root.at("schemaVersion").get<int64_t>() != kStudySchemaVersion)
            fail("schemaVersion", "unsupported version " + root.at("schemaVersion").dump() + " (this build reads version "
                                      + std::to_string(kStudySchemaVersion) + ")");
        if (root.contains("kind") && root.at("kind") != "cocco-study")
            fail("kind", "expected \"cocco-study\"");
        if (root.contains("name")) {
            if (!root.at("name").is_string())
                fail("name", "expected a string");
            st.name = root.at("name").get<std::string>();
        }
        if (!root.contains("models"))
            fail("models", "missing (a list of zoo names or model files)");
        const json &ms = root.at("models");
        if (!ms.is_array())
            fail("models", "expected a list");
        if (ms.empty())
            fail("models", "the list is empty");
        std::set<std::string> labels;
        for (size_t i = 0; i < ms.size(); ++i) {
            const std::string where = "models[" + std::to_string(i) + "]";
            st.models.push_back(readModel(ms[i], where, baseDir));
            if (!labels.insert(st.models.back().label).second)
                fail(where, "model name '" + st.models.back().label + "' is used twice (give one a \"name\")");
        }
        if (root.contains("hardware")) {
            const json &h = root.at("hardware");
            Result<HardwareConfig> hw = HardwareConfig{};
            if (h.is_string())
                hw = loadHardwareFile(joinPath(baseDir, h.get<std::string>()));
            else if (h.is_object())
                hw = hardwareFromJson(h.dump(), "hardware");
            else
                fail("hardware", "expected a hardware file name or an inline hardware object");
            if (!hw.ok()) {
                const std::string m = hw.message();
                fail("hardware", h.is_object() && m.rfind("hardware: ", 0) == 0 ? m.substr(10) : m);
            }
            st.base = hw.value();
        }
        st.baseHardware = json::parse(hardwareToJson(st.base));
        if (root.contains("axes")) {
            const json &as = root.at("axes");
            if (!as.is_array())
                fail("axes", "expected a list");
            std::set<std::string> paths;
            for (size_t i = 0; i < as.size(); ++i) {
                const std::string where = "axes[" + std::to_string(i) + "]";
                st.axes.push_back(readAxis(as[i], where, st.baseHardware));
                if (!paths.insert(st.axes.back().path).second)
                    fail(where + " (" + st.axes.back().path + ")", "the path is already an axis");
            }
        }
        if (root.contains("search"))
            st.search = readSettings(root.at("search"), "search");
        SearchConfig probe = studySearchConfig(st, StudyRun{0, 0, {}, st.search.algorithms[0], st.search.alphas[0],
                                                            st.search.seeds[0], {}},
                                               st.search.threads);
        Status ok = validateSearchConfig(probe);
        if (!ok.ok())
            fail("search", ok.message());
    } catch (const StudyError &e) {
        return makeError(source + ": " + e.msg);
    }
    // The identity of a study: its content with the base hardware resolved (a changed hardware
    // file is a changed study), independent of whitespace and key order.
    json canon = root;
    canon["hardware"] = st.baseHardware;
    st.canonicalText = canon.dump();
    return st;
}

Result<Study> loadStudyFile(const std::string &path)
{
    auto text = readTextFile(path);
    if (!text.ok())
        return text.error();
    const auto slash = path.find_last_of('/');
    return studyFromJson(*text, path, slash == std::string::npos ? "." : path.substr(0, slash));
}

int64_t studyRunCount(const Study &s)
{
    int64_t n = static_cast<int64_t>(s.models.size());
    for (const auto &a : s.axes)
        n *= static_cast<int64_t>(a.values.size());
    size_t perPoint = 0;
    for (const Algorithm &a : s.search.algorithms)
        perPoint += s.search.alphas.size() * studySeedCount(s, a);
    return n * static_cast<int64_t>(perPoint);
}

size_t studySeedCount(const Study &s, const Algorithm &a)
{
    const AlgorithmInfo *info = findAlgorithm(a);
    return info && info->traits.deterministic ? std::min<size_t>(1, s.search.seeds.size()) : s.search.seeds.size();
}

std::vector<StudyRun> studyRuns(const Study &s)
{
    std::vector<StudyRun> runs;
    runs.reserve(static_cast<size_t>(studyRunCount(s)));
    std::vector<int> idx(s.axes.size(), 0);
    for (size_t m = 0; m < s.models.size(); ++m) {
        std::fill(idx.begin(), idx.end(), 0);
        while (true) {
            std::string pointKey = "model=" + s.models[m].label;
            for (size_t a = 0; a < s.axes.size(); ++a)
                pointKey += ";" + s.axes[a].path + "=" + s.axes[a].values[static_cast<size_t>(idx[a])].dump();
            for (const Algorithm &alg : s.search.algorithms)
                for (double alpha : s.search.alphas)
                    for (size_t si = 0; si < studySeedCount(s, alg); ++si) {
                        const uint64_t seed = s.search.seeds[si];
                        StudyRun r;
                        r.index = static_cast<int64_t>(runs.size());
                        r.model = static_cast<int>(m);
                        r.axisValue = idx;
                        r.algorithm = alg;
                        r.alpha = alpha;
                        r.seed = seed;
                        r.key = pointKey + ";algorithm=" + algorithmName(alg) + ";alpha=" + keyNumber(alpha)
                            + ";seed=" + std::to_string(seed);
                        runs.push_back(std::move(r));
                    }
            // Odometer over the axes, last axis fastest.
            int a = static_cast<int>(s.axes.size()) - 1;
            while (a >= 0 && ++idx[static_cast<size_t>(a)] == static_cast<int>(s.axes[static_cast<size_t>(a)].values.size())) {
                idx[static_cast<size_t>(a)] = 0;
                --a;
            }
            if (a < 0)
                break;
        }
    }
    return runs;
}

Result<HardwareConfig> studyHardware(const Study &s, const std::vector<int> &axisValue)
{
    std::vector<std::pair<std::string, json>> fields;
    std::string where;
    for (size_t a = 0; a < s.axes.size(); ++a) {
        const json &v = s.axes[a].values.at(static_cast<size_t>(axisValue.at(a)));
        fields.emplace_back(s.axes[a].path, v);
        where += (where.empty() ? "" : ", ") + s.axes[a].path + "=" + axisValueText(v);
    }
    auto hw = pointHardware(s.baseHardware, fields);
    if (!hw.ok())
        return makeError("hardware point " + (where.empty() ? std::string("(base)") : where) + ": " + hw.message());
    return hw;
}

SearchConfig studySearchConfig(const Study &s, const StudyRun &r, int threads)
{
    SearchConfig c;
    c.algorithm = r.algorithm;
    c.objective = s.search.objective;
    c.coExplore = s.search.coExplore;
    c.alpha = r.alpha;
    c.seed = r.seed;
    c.sampleBudget = s.search.budget;
    c.timeLimitSeconds = s.search.timeLimitSeconds;
    c.threads = threads;
    return c;
}

double studyRunWeight(const Study &s, const StudyRun &r, int layers)
{
    const double n = std::max(1, layers);
    const AlgorithmInfo *info = findAlgorithm(r.algorithm);
    if (info && !info->traits.budgeted)
        return n * n; // runs to completion: grows with the layer count (greedy, DP, exact)
    return n * static_cast<double>(s.search.budget);
}

uint64_t runKeyHash(const std::string &key)
{
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : key) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

} // namespace cocco
