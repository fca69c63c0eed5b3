// Fixed S/M/L (method §5): the GA's partition-only search on the paper's reference capacities
// (fixedReferenceHardware), one algorithm per reference point.
#include "search/evolution/evolution.h"
#include "search/registry.h"

namespace cocco {

namespace {

AlgorithmInfo fixedAlgorithm(const char *name, const char *size, uint64_t stream, uint32_t color)
{
    AlgorithmInfo a = describeAlgorithm(name, std::string("partition-only GA on the ") + size + " reference capacities", stream, color);
    a.traits.picksCapacities = true;
    a.traits.seedable = true;
    a.capacities = CapacityGenes::PartitionOnly;
    const std::string fixed = name;
    a.hardware = [fixed](const HardwareConfig &hw) { return fixedReferenceHardware(hw, fixed); };
    a.run = [fixed](AlgorithmJob &job) { return runGaJob(job, fixed); };
    return a;
}

} // namespace

AlgorithmInfo fixedSAlgorithm() { return fixedAlgorithm("fixed-s", "small", 7, 0x17becf); }
AlgorithmInfo fixedMAlgorithm() { return fixedAlgorithm("fixed-m", "medium", 8, 0xbcbd22); }
AlgorithmInfo fixedLAlgorithm() { return fixedAlgorithm("fixed-l", "large", 9, 0xe377c2); }

} // namespace cocco
