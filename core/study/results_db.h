// The results database of a study (docs/studies.md): one SQLite file in WAL mode with a `study`
// table (the study file, its canonical form, axis columns, program version) and a `runs` table
// (one row per finished run, each committed in its own transaction).
#pragma once

#include "study_run.h"

#include <memory>
#include <set>

struct sqlite3;
struct sqlite3_stmt;

namespace cocco {

struct StoredStudy {
    std::string name;
    std::string studyText;       // the study file as it was given
    std::string canonicalText;   // identity (Study::canonicalText)
    std::vector<std::string> axes; // axis column names (hardware paths), in order
    std::string programVersion;  // the version that created the file
};

class ResultsDb {
public:
    // Opens (creating when `create`) the file; readers may open a file a study is still writing.
    static Result<std::unique_ptr<ResultsDb>> open(const std::string &path, bool create);
    ~ResultsDb();
    ResultsDb(const ResultsDb &) = delete;
    ResultsDb &operator=(const ResultsDb &) = delete;

    const std::string &path() const { return m_path; }
    // Binds a new file to the study, or checks that an existing file holds the same study. A
    // different study is refused unless `extend` (then the stored study is replaced and new axis
    // columns are added; rows whose keys are still in the study count as done).
    Status attachStudy(const Study &s, const std::string &studyFileText, bool extend);
    Result<StoredStudy> storedStudy() const;

    Result<std::set<std::string>> doneKeys() const;
    Status deleteFailed();                 // so failed runs are retried
    Status insert(const RunRecord &r);     // one transaction; a key already present is kept
    Result<std::vector<RunRecord>> rows() const; // by run index, then key
    Result<int64_t> rowCount() const;

    // Copies the study table of `from` into this (new, empty) file.
    Status copyStudyFrom(const StoredStudy &from);

private:
    friend Status mergeResults(const std::vector<std::string> &inputs, const std::string &outPath);
    ResultsDb() = default;
    Status exec(const std::string &sql) const;
    Status ensureColumns(const std::vector<std::string> &axes);
    std::string m_path;
    sqlite3 *m_db = nullptr;
    std::vector<std::string> m_axes;    // axis columns of the file
    std::vector<std::string> m_rowAxes; // names of RunRecord::axisValues for insert (default m_axes)
    std::string m_insertSql;            // the prepared insert below, kept across rows
    struct sqlite3_stmt *m_insert = nullptr;
};

// Writers over the rows (atomic: temp file + rename). CSV has every column but result_json; JSON
// is {"study": {...}, "runs": [row objects with "result" as an object]}.
Status exportCsv(const ResultsDb &db, const std::string &outPath);
Status exportJson(const ResultsDb &db, const std::string &outPath);

// Joins result files of the same study (shards) into a new file; refuses different studies.
Status mergeResults(const std::vector<std::string> &inputs, const std::string &outPath);

} // namespace cocco
