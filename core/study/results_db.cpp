#include "results_db.h"

#include "model/model_json.h"
#include "model/version.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <sstream>

namespace cocco {

using nlohmann::json;

namespace {

// The fixed columns of `runs` after run_key, run_index, model and the axis columns.
const char *const kMetricColumns[] = {"algorithm", "alpha", "seed", "status", "message", "stop_reason",
                                      "objective", "ema_bytes", "energy_pj", "latency_cycles", "buffer_bytes",
                                      "bw_avg_gbps", "samples", "seconds", "result_json"};

std::string quoteIdent(const std::string &s)
{
    std::string q = "\"";
    for (char c : s)
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

// A prepared statement, finalized on scope exit.
class Stmt {
public:
    Stmt(sqlite3 *db, const std::string &sql)
    {
        m_rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &m_s, nullptr);
    }
    // Borrows a statement prepared earlier (reset for new bindings, not finalized).
    explicit Stmt(sqlite3_stmt *kept) : m_s(kept), m_rc(kept ? SQLITE_OK : SQLITE_ERROR), m_owned(false)
    {
        sqlite3_reset(m_s);
        sqlite3_clear_bindings(m_s);
    }
    ~Stmt()
    {
        if (m_owned)
            sqlite3_finalize(m_s);
    }
    bool ok() const { return m_rc == SQLITE_OK && m_s; }
    sqlite3_stmt *get() const { return m_s; }
    void text(int i, const std::string &v) { sqlite3_bind_text(m_s, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT); }
    void integer(int i, int64_t v) { sqlite3_bind_int64(m_s, i, v); }
    void real(int i, double v) { sqlite3_bind_double(m_s, i, v); }
    void value(int i, const json &v)
    {
        if (v.is_number_integer())
            integer(i, v.get<int64_t>());
        else if (v.is_number())
            real(i, v.get<double>());
        else if (v.is_string())
            text(i, v.get<std::string>());
        else if (v.is_boolean())
            integer(i, v.get<bool>() ? 1 : 0);
        else if (v.is_null())
            sqlite3_bind_null(m_s, i);
        else
            text(i, v.dump());
    }
    std::string columnText(int i) const
    {
        const unsigned char *t = sqlite3_column_text(m_s, i);
        return t ? std::string(reinterpret_cast<const char *>(t), static_cast<size_t>(sqlite3_column_bytes(m_s, i))) : std::string();
    }
    json columnValue(int i) const
    {
        switch (sqlite3_column_type(m_s, i)) {
        case SQLITE_INTEGER: return json(static_cast<int64_t>(sqlite3_column_int64(m_s, i)));
        case SQLITE_FLOAT: return json(sqlite3_column_double(m_s, i));
        case SQLITE_NULL: return json();
        default: return json(columnText(i));
        }
    }

private:
    sqlite3_stmt *m_s = nullptr;
    int m_rc = SQLITE_ERROR;
    bool m_owned = true;
};

std::string nowUtc()
{
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string csvField(const std::string &s)
{
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string q = "\"";
    for (char c : s)
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string number(double v)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

} // namespace

Result<std::unique_ptr<ResultsDb>> ResultsDb::open(const std::string &path, bool create)
{
    std::unique_ptr<ResultsDb> db(new ResultsDb);
    db->m_path = path;
    const int flags = create ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) : SQLITE_OPEN_READWRITE;
    if (sqlite3_open_v2(path.c_str(), &db->m_db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        const std::string msg = db->m_db ? sqlite3_errmsg(db->m_db) : "out of memory";
        return makeError(path + ": cannot open results database: " + msg);
    }
    sqlite3_busy_timeout(db->m_db, 10000);
    // WAL: readers (status, export, the workbench) never block the writer; synchronous=NORMAL
    // keeps every committed run across a killed process.
    Status s = db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
    if (!s.ok())
        return s.error();
    Stmt q(db->m_db, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='study'");
    if (!q.ok() || sqlite3_step(q.get()) != SQLITE_ROW)
        return makeError(path + ": not a results database (" + sqlite3_errmsg(db->m_db) + ")");
    if (sqlite3_column_int(q.get(), 0) == 1) {
        auto st = db->storedStudy();
        if (!st.ok())
            return st.error();
        db->m_axes = st->axes;
    } else if (!create) {
        return makeError(path + ": not a results database (no study table)");
    } else {
        // Never add the study tables to someone else's database.
        Stmt any(db->m_db, "SELECT count(*) FROM sqlite_master");
        if (!any.ok() || sqlite3_step(any.get()) != SQLITE_ROW || sqlite3_column_int(any.get(), 0) != 0)
            return makeError(path + ": not a results database (it holds other tables)");
    }
    return db;
}

ResultsDb::~ResultsDb()
{
    sqlite3_finalize(m_insert);
    sqlite3_close(m_db);
}

Status ResultsDb::exec(const std::string &sql) const
{
    char *err = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errmsg(m_db);
        sqlite3_free(err);
        return makeError(m_path + ": " + msg);
    }
    return okStatus();
}

Status ResultsDb::ensureColumns(const std::vector<std::string> &axes)
{
    for (const auto &a : axes) {
        bool have = false;
        for (const auto &b : m_axes)
            have = have || a == b;
        if (have)
            continue;
        Status s = exec("ALTER TABLE runs ADD COLUMN " + quoteIdent(a));
        if (!s.ok())
            return s;
        m_axes.push_back(a);
    }
    return okStatus();
}

Status ResultsDb::copyStudyFrom(const StoredStudy &st)
{
    Status s = exec("CREATE TABLE study(id INTEGER PRIMARY KEY CHECK (id = 1), schema_version INTEGER, name TEXT, "
                    "study_text TEXT, canonical_text TEXT, axes TEXT, program_version TEXT, created_utc TEXT);"
                    "CREATE TABLE runs(run_key TEXT PRIMARY KEY, run_index INTEGER, model TEXT, algorithm TEXT, "
                    "alpha REAL, seed INTEGER, status TEXT, message TEXT, stop_reason TEXT, objective REAL, "
                    "ema_bytes REAL, energy_pj REAL, latency_cycles REAL, buffer_bytes INTEGER, bw_avg_gbps REAL, "
                    "samples INTEGER, seconds REAL, result_json TEXT);");
    if (!s.ok())
        return s;
    Stmt ins(m_db, "INSERT INTO study VALUES (1, ?, ?, ?, ?, ?, ?, ?)");
    ins.integer(1, kStudySchemaVersion);
    ins.text(2, st.name);
    ins.text(3, st.studyText);
    ins.text(4, st.canonicalText);
    ins.text(5, json(st.axes).dump());
    ins.text(6, versionString());
    ins.text(7, nowUtc());
    if (!ins.ok() || sqlite3_step(ins.get()) != SQLITE_DONE)
        return makeError(m_path + ": " + sqlite3_errmsg(m_db));
    return ensureColumns(st.axes);
}

Status ResultsDb::attachStudy(const Study &study, const std::string &studyFileText, bool extend)
{
    std::vector<std::string> axes;
    for (const auto &a : study.axes)
        axes.push_back(a.path);
    m_rowAxes = axes;
    Stmt q(m_db, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='study'");
    if (!q.ok() || sqlite3_step(q.get()) != SQLITE_ROW)
        return makeError(m_path + ": " + sqlite3_errmsg(m_db));
    if (sqlite3_column_int(q.get(), 0) == 0)
        return copyStudyFrom({study.name, studyFileText, study.canonicalText, axes, versionString()});
    auto st = storedStudy();
    if (!st.ok())
        return st.error();
    if (st->canonicalText == study.canonicalText)
        return okStatus();
    if (!extend)
        return makeError(m_path + ": holds the results of a different study (the study file or its hardware changed); "
                         "pass --extend to add the new runs to it, or write to a new file");
    Stmt up(m_db, "UPDATE study SET name = ?, study_text = ?, canonical_text = ? WHERE id = 1");
    up.text(1, study.name);
    up.text(2, studyFileText);
    up.text(3, study.canonicalText);
    if (!up.ok() || sqlite3_step(up.get()) != SQLITE_DONE)
        return makeError(m_path + ": " + sqlite3_errmsg(m_db));
    std::vector<std::string> all = m_axes;
    for (const auto &a : axes)
        if (std::find(all.begin(), all.end(), a) == all.end())
            all.push_back(a);
    Status s = ensureColumns(all);
    if (!s.ok())
        return s;
    Stmt ax(m_db, "UPDATE study SET axes = ? WHERE id = 1");
    ax.text(1, json(m_axes).dump());
    if (!ax.ok() || sqlite3_step(ax.get()) != SQLITE_DONE)
        return makeError(m_path + ": " + sqlite3_errmsg(m_db));
    return okStatus();
}

Result<StoredStudy> ResultsDb::storedStudy() const
{
    Stmt q(m_db, "SELECT name, study_text, canonical_text, axes, program_version FROM study WHERE id = 1");
    if (!q.ok() || sqlite3_step(q.get()) != SQLITE_ROW)
        return makeError(m_path + ": no study recorded");
    StoredStudy st;
    st.name = q.columnText(0);
    st.studyText = q.columnText(1);
    st.canonicalText = q.columnText(2);
    try {
        st.axes = json::parse(q.columnText(3)).get<std::vector<std::string>>();
    } catch (const json::exception &) {
        return makeError(m_path + ": study.axes is not a list of names");
    }
    st.programVersion = q.columnText(4);
    return st;
}

Result<std::set<std::string>> ResultsDb::doneKeys() const
{
    Stmt q(m_db, "SELECT run_key FROM runs");
    if (!q.ok())
        return makeError(m_path + ": " + sqlite3_errmsg(m_db));
    std::set<std::string> keys;
    int rc;
    while ((rc = sqlite3_step(q.get())) == SQLITE_ROW)
        keys.insert(q.columnText(0));
    if (rc != SQLITE_DONE)
        return makeError(m_path + ": " + sqlite3_errmsg(m_db));
    return keys;
}

Status ResultsDb::deleteFailed() { return exec("DELETE FROM runs WHERE status <> 'ok'"); }

Status ResultsDb::insert(const RunRecord &r)
{
    const std::vector<std::string> &names = m_rowAxes.empty() ? m_axes : m_rowAxes;
    if (r.axisValues.size() > names.size())
        return makeError(m_path + ": run " + r.key + " has more axis values than the file has axis columns");
    std::string cols = "run_key, run_index, model", marks = "?, ?, ?";
    for (size_t a = 0; a < r.axisValues.size(); ++a) {
        cols += ", " + quoteIdent(names[a]);
        marks += ", ?";
    }
    for (const char *c : kMetricColumns) {
        cols += std::string(", ") + c;
        marks += ", ?";
    }
    const std::string sql = "INSERT OR IGNORE INTO runs (" + cols + ") VALUES (" + marks + ")";
    if (sql != m_insertSql) {
        sqlite3_finalize(m_insert);
        m_insert = nullptr;
        m_insertSql.clear();
        if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &m_insert, nullptr) != SQLITE_OK)
            return makeError(m_path + ": " + sqlite3_errmsg(m_db));
        m_insertSql = sql;
    }
    Stmt ins(m_insert);
    if (!ins.ok())
        return makeError(m_path + ": " + sqlite3_errmsg(m_db));
    int i = 1;
    ins.text(i++, r.key);
    ins.integer(i++, r.index);
    ins.text(i++, r.model);
    for (const auto &v : r.axisValues)
        ins.value(i++, v);
    ins.text(i++, r.algorithm);
    ins.real(i++, r.alpha);
    ins.integer(i++, static_cast<int64_t>(r.seed));
    ins.text(i++, r.status);
    ins.text(i++, r.message);
    ins.text(i++, r.stopReason);
    ins.real(i++, r.objective);
    ins.real(i++, r.emaBytes);
    ins.real(i++, r.energyPj);
    ins.real(i++, r.latencyCycles);
    ins.integer(i++, r.bufferBytes);
    ins.real(i++, r.bwAvgGBps);
    ins.integer(i++, r.samples);
    ins.real(i++, r.seconds);
    ins.text(i++, r.resultJson);
    if (sqlite3_step(ins.get()) != SQLITE_DONE)
        return makeError(m_path + ": cannot store run " + r.key + ": " + sqlite3_errmsg(m_db));
    return okStatus();
}

Result<std::vector<RunRecord>> ResultsDb::rows() const
{
    std::string cols = "run_key, run_index, model";
    for (const auto &a : m_axes)
        cols += ", " + quoteIdent(a);
    for (const char *c : kMetricColumns)
        cols += std::string(", ") + c;
    Stmt q(m_db, "SELECT " + cols + " FROM runs ORDER BY run_index, run_key");
    if (!q.ok())
        return makeError(m_path + ": " + sqlite3_errmsg(m_db));
    std::vector<RunRecord> out;
    int rc;
    while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
        RunRecord r;
        int i = 0;
        r.key = q.columnText(i++);
        r.index = sqlite3_column_int64(q.get(), i++);
        r.model = q.columnText(i++);
        for (size_t a = 0; a < m_axes.size(); ++a)
            r.axisValues.push_back(q.columnValue(i++));
        r.algorithm = q.columnText(i++);
        r.alpha = sqlite3_column_double(q.get(), i++);
        r.seed = static_cast<uint64_t>(sqlite3_column_int64(q.get(), i++));
        r.status = q.columnText(i++);
        r.message = q.columnText(i++);
        r.stopReason = q.columnText(i++);
        r.objective = sqlite3_column_double(q.get(), i++);
        r.emaBytes = sqlite3_column_double(q.get(), i++);
        r.energyPj = sqlite3_column_double(q.get(), i++);
        r.latencyCycles = sqlite3_column_double(q.get(), i++);
        r.bufferBytes = sqlite3_column_int64(q.get(), i++);
        r.bwAvgGBps = sqlite3_column_double(q.get(), i++);
        r.samples = sqlite3_column_int64(q.get(), i++);
        r.seconds = sqlite3_column_double(q.get(), i++);
        r.resultJson = q.columnText(i++);
        out.push_back(std::move(r));
    }
    if (rc != SQLITE_DONE)
        return makeError(m_path + ": " + sqlite3_errmsg(m_db));
    return out;
}

Result<int64_t> ResultsDb::rowCount() const
{
    Stmt q(m_db, "SELECT count(*) FROM runs");
    if (!q.ok() || sqlite3_step(q.get()) != SQLITE_ROW)
        return makeError(m_path + ": " + sqlite3_errmsg(m_db));
    return static_cast<int64_t>(sqlite3_column_int64(q.get(), 0));
}

namespace {
struct ExportData {
    StoredStudy study;
    std::vector<RunRecord> rows;
};
Result<ExportData> readForExport(const ResultsDb &db)
{
    auto st = db.storedStudy();
    if (!st.ok())
        return st.error();
    auto rows = db.rows();
    if (!rows.ok())
        return rows.error();
    return ExportData{std::move(st).value(), std::move(rows).value()};
}
} // namespace

Status exportCsv(const ResultsDb &db, const std::string &outPath)
{
    auto data = readForExport(db);
    if (!data.ok())
        return data.error();
    const std::vector<std::string> &axes = data->study.axes;
    std::ostringstream o;
    o << "run_key,run_index,model";
    for (const auto &a : axes)
        o << "," << csvField(a);
    o << ",algorithm,alpha,seed,status,message,stop_reason,objective,ema_bytes,energy_pj,latency_cycles,"
         "buffer_bytes,bw_avg_gbps,samples,seconds\n";
    for (const auto &r : data->rows) {
        o << csvField(r.key) << "," << r.index << "," << csvField(r.model);
        for (size_t a = 0; a < axes.size(); ++a)
            o << "," << (a < r.axisValues.size() && !r.axisValues[a].is_null() ? csvField(axisValueText(r.axisValues[a])) : "");
        o << "," << csvField(r.algorithm) << "," << number(r.alpha) << "," << r.seed << "," << r.status << ","
          << csvField(r.message) << "," << r.stopReason << "," << number(r.objective) << "," << number(r.emaBytes)
          << "," << number(r.energyPj) << "," << number(r.latencyCycles) << "," << r.bufferBytes << ","
          << number(r.bwAvgGBps) << "," << r.samples << "," << number(r.seconds) << "\n";
    }
    return writeFileAtomic(outPath, o.str());
}

Status exportJson(const ResultsDb &db, const std::string &outPath)
{
    auto data = readForExport(db);
    if (!data.ok())
        return data.error();
    const std::vector<std::string> &axes = data->study.axes;
    nlohmann::ordered_json root;
    root["schemaVersion"] = kStudySchemaVersion;
    root["kind"] = "cocco-study-results";
    root["programVersion"] = versionString();
    root["study"] = json::parse(data->study.studyText, nullptr, false);
    root["axes"] = axes;
    nlohmann::ordered_json runs = nlohmann::ordered_json::array();
    for (const auto &r : data->rows) {
        nlohmann::ordered_json j = runRecordColumns(r);
        nlohmann::ordered_json ax = nlohmann::ordered_json::object();
        for (size_t a = 0; a < axes.size(); ++a)
            ax[axes[a]] = a < r.axisValues.size() ? r.axisValues[a] : json();
        j["axes"] = ax;
        j["result"] = r.resultJson.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json::parse(r.resultJson, nullptr, false);
        runs.push_back(std::move(j));
    }
    root["runs"] = std::move(runs);
    return writeFileAtomic(outPath, root.dump(1) + "\n");
}

Status mergeResults(const std::vector<std::string> &inputs, const std::string &outPath)
{
    if (inputs.empty())
        return makeError("merge: no input files");
    std::vector<std::unique_ptr<ResultsDb>> dbs;
    StoredStudy first;
    for (const auto &in : inputs) {
        if (in == outPath)
            return makeError(in + ": the output must be a new file, not one of the inputs");
        auto db = ResultsDb::open(in, false);
        if (!db.ok())
            return db.error();
        auto st = db.value()->storedStudy();
        if (!st.ok())
            return st.error();
        if (dbs.empty())
            first = st.value();
        else if (st->canonicalText != first.canonicalText)
            return makeError(in + ": holds a different study than " + inputs[0] + "; only shards of one study merge");
        dbs.push_back(std::move(db).value());
    }
    // Built next to the output and renamed into place, so a failed merge leaves nothing behind.
    const std::string tmp = outPath + ".merge-tmp";
    std::remove(tmp.c_str());
    Status result = okStatus();
    {
        auto out = ResultsDb::open(tmp, true);
        if (!out.ok())
            return out.error();
        ResultsDb &o = *out.value();
        result = o.copyStudyFrom(first);
        if (result.ok())
            result = o.exec("BEGIN");
        for (const auto &db : dbs) {
            if (!result.ok())
                break;
            result = o.ensureColumns(db->m_axes);
            if (!result.ok())
                break;
            o.m_rowAxes = db->m_axes;
            auto rows = db->rows();
            if (!rows.ok()) {
                result = rows.error();
                break;
            }
            for (const auto &r : *rows) {
                result = o.insert(r);
                if (!result.ok())
                    break;
            }
        }
        if (result.ok())
            result = o.exec("COMMIT");
    }
    if (result.ok() && std::rename(tmp.c_str(), outPath.c_str()) != 0)
        result = makeError(outPath + ": cannot rename the merged file into place");
    if (!result.ok())
        std::remove(tmp.c_str());
    std::remove((tmp + "-wal").c_str());
    std::remove((tmp + "-shm").c_str());
    return result;
}

} // namespace cocco
