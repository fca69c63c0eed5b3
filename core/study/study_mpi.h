// Running a study over MPI ranks (`mpirun -n N cocco study run ...`). Rank 0 owns the results
// database (the only writer), hands out runs to ranks as they ask for them (longest first) and runs
// studies itself on one thread; ranks send back each finished row. Killing the job loses only the
// runs in flight: the same command resumes from the database. Built only with COCCO_MPI.
#pragma once

#include "study_runner.h"

namespace cocco {

// The world size the launcher announced in the environment (Open MPI, PMI), 1 when not launched
// by mpirun; readable before MPI is initialised.
int studyMpiWorldSize();
int studyMpiWorldRank();

struct StudyMpiOutcome {
    bool root = false;        // rank 0: the summary is the study's
    StudyRunSummary summary;
    int ranks = 1;
};

#ifdef COCCO_HAVE_MPI
// Initialises MPI, runs the study across the ranks and finalises MPI. `dbPath` is opened (created)
// by rank 0 only; the study must be the same on every rank (each reads the same file).
Result<StudyMpiOutcome> runStudyMpi(const Study &s, const std::string &studyFileText, const std::string &dbPath,
                                    bool extend, const StudyRunOptions &opt);
#endif

} // namespace cocco
