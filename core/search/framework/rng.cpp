#include "search/framework/rng.h"

#include "search/framework/hashing.h"

namespace cocco {

Rng makeRng(uint64_t seed, uint64_t stream)
{
    return Rng(mix64(seed * 0x9E3779B97F4A7C15ULL + stream * 0xD1B54A32D192ED03ULL + 0x632BE59BD9B4E019ULL));
}

} // namespace cocco
