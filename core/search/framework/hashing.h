// Small 64-bit hashing helpers of the search library (not for cryptography): the splitmix64
// finaliser, and combining a value into a running hash (boost-style, then a multiplication).
#pragma once

#include <cstdint>

namespace cocco {

// splitmix64's output function: a bijective mix of all 64 bits.
inline uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Order-dependent: hashCombine(hashCombine(h, a), b) != hashCombine(hashCombine(h, b), a).
inline uint64_t hashCombine(uint64_t h, uint64_t v)
{
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    return h * 0xbf58476d1ce4e5b9ULL;
}

} // namespace cocco
