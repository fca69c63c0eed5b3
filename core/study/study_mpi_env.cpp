#include "study_mpi.h"

#include <cstdlib>

namespace cocco {

namespace {
int envInt(std::initializer_list<const char *> names, int fallback)
{
    for (const char *n : names)
        if (const char *v = std::getenv(n)) {
            char *end = nullptr;
            const long x = std::strtol(v, &end, 10);
            if (end != v && *end == '\0' && x >= 0)
                return static_cast<int>(x);
        }
    return fallback;
}
} // namespace

int studyMpiWorldSize() { return envInt({"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}, 1); }
int studyMpiWorldRank() { return envInt({"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"}, 0); }

} // namespace cocco
