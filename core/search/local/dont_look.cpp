#include "search/local/dont_look.h"

#include "search/framework/hashing.h"

#include <algorithm>

namespace cocco {

namespace {

// Keys kept before the set is cleared (8 bytes + a node each).
constexpr size_t kStaleLimit = size_t(1) << 21;

} // namespace

void DontLook::changeKeys(const Genome &base, const std::vector<Genome> &nb, std::vector<uint64_t> &keys) const
{
    keys.assign(nb.size(), 0);
    if (base.groups <= 0)
        return;
    // Content of each base subgraph: an order-independent hash of its layers.
    std::vector<uint64_t> content(static_cast<size_t>(base.groups), 0);
    for (int v : m_order) {
        const int l = base.label[static_cast<size_t>(v)];
        if (l < 0 || l >= base.groups)
            return; // not canonical: no keys
        content[static_cast<size_t>(l)] += mix64(static_cast<uint64_t>(v) + 1);
    }
    // New subgraphs of a neighbour have labels from here up (Operators' fresh labels).
    const int fresh = 2 * static_cast<int>(base.label.size());
    std::vector<int> labels;
    for (size_t i = 0; i < nb.size(); ++i) {
        const Genome &c = nb[i];
        if (c.label.size() != base.label.size())
            continue;
        labels.clear();
        uint64_t moved = 0;
        for (int v : m_order) {
            const int lb = base.label[static_cast<size_t>(v)], lc = c.label[static_cast<size_t>(v)];
            if (lb == lc)
                continue;
            labels.push_back(lb);
            uint64_t tag;
            if (lc >= 0 && lc < base.groups) {
                labels.push_back(lc);
                tag = content[static_cast<size_t>(lc)];
            } else {
                tag = mix64(0xF2E5A7C3ULL + static_cast<uint64_t>(static_cast<int64_t>(lc) - fresh));
            }
            moved += mix64((static_cast<uint64_t>(v) * 0x9E3779B97F4A7C15ULL) ^ tag);
        }
        if (labels.empty())
            continue; // a capacity step only: no key
        std::sort(labels.begin(), labels.end());
        labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
        uint64_t sets = 0;
        for (int l : labels)
            sets += mix64(content[static_cast<size_t>(l)] ^ 0x5851F42D4C957F2DULL);
        const uint64_t caps = (static_cast<uint64_t>(static_cast<uint32_t>(c.cap0)) << 32) | static_cast<uint32_t>(c.cap1);
        const uint64_t k = mix64(sets ^ mix64(moved) ^ mix64(caps + (c.keepCaps ? 0x1234567ULL : 0)));
        keys[i] = k != 0 ? k : 1;
    }
}

void DontLook::filter(const Genome &base, std::vector<Genome> &nb, std::vector<std::pair<int, int>> &touched,
                      std::vector<uint64_t> &keys) const
{
    changeKeys(base, nb, keys);
    size_t kept = 0;
    for (size_t i = 0; i < nb.size(); ++i) {
        if (keys[i] != 0 && m_stale.count(keys[i]))
            continue;
        if (kept != i) {
            nb[kept] = std::move(nb[i]);
            touched[kept] = touched[i];
            keys[kept] = keys[i];
        }
        ++kept;
    }
    nb.resize(kept);
    touched.resize(kept);
    keys.resize(kept);
}

void DontLook::reject(uint64_t key)
{
    if (key == 0)
        return;
    if (m_stale.size() >= kStaleLimit)
        m_stale.clear();
    m_stale.insert(key);
}

} // namespace cocco
