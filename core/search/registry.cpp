#include "search/registry.h"

#include "search/framework/hashing.h"

#include <deque>
#include <mutex>

namespace cocco {

#define COCCO_ALGORITHM(fn) AlgorithmInfo fn();
#include "search/algorithms.def"
#undef COCCO_ALGORITHM

namespace {

// Colours for algorithms registered without one (a qualitative palette).
constexpr uint32_t kPalette[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b,
                                 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};
constexpr uint32_t kUnknownColor = 0x7f7f7f;

class Registry {
public:
    Registry()
    {
#define COCCO_ALGORITHM(fn) add(fn(), nullptr);
#include "search/algorithms.def"
#undef COCCO_ALGORITHM
    }

    bool add(AlgorithmInfo info, std::string *error)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        std::string why;
        if (info.name.empty())
            why = "an algorithm needs a name";
        else if (!info.run)
            why = "algorithm '" + info.name + "' has no run function";
        else
            for (const AlgorithmInfo &a : m_entries)
                if (a.name == info.name)
                    why = "an algorithm named '" + info.name + "' is registered already";
        if (!why.empty()) {
            if (error)
                *error = why;
            return false;
        }
        if (!info.color)
            info.color = kPalette[m_entries.size() % (sizeof kPalette / sizeof kPalette[0])];
        m_entries.push_back(std::move(info));
        return true;
    }

    const AlgorithmInfo *find(const std::string &name)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (const AlgorithmInfo &a : m_entries)
            if (a.name == name)
                return &a;
        return nullptr;
    }

    std::vector<const AlgorithmInfo *> all()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        std::vector<const AlgorithmInfo *> out;
        for (const AlgorithmInfo &a : m_entries)
            out.push_back(&a);
        return out;
    }

private:
    std::mutex m_mutex;
    std::deque<AlgorithmInfo> m_entries; // a deque: pointers stay valid as it grows
};

Registry &registry()
{
    static Registry r;
    return r;
}

} // namespace

AlgorithmInfo describeAlgorithm(std::string name, std::string summary, std::optional<uint64_t> rngStream,
                                std::optional<uint32_t> color)
{
    AlgorithmInfo a;
    a.name = std::move(name);
    a.summary = std::move(summary);
    a.rngStream = rngStream;
    a.color = color;
    return a;
}

bool registerAlgorithm(AlgorithmInfo info, std::string *error)
{
    return registry().add(std::move(info), error);
}

const AlgorithmInfo *findAlgorithm(const std::string &name)
{
    return registry().find(name);
}

std::vector<const AlgorithmInfo *> registeredAlgorithms()
{
    return registry().all();
}

std::string algorithmList(const std::string &separator)
{
    std::string out;
    for (const AlgorithmInfo *a : registeredAlgorithms())
        out += (out.empty() ? "" : separator) + a->name;
    return out;
}

uint32_t algorithmColor(const std::string &name)
{
    const AlgorithmInfo *a = findAlgorithm(name);
    return a && a->color ? *a->color : kUnknownColor;
}

uint64_t algorithmRngStream(const AlgorithmInfo &info)
{
    if (info.rngStream)
        return *info.rngStream;
    uint64_t h = 0x9E3779B97F4A7C15ULL;
    for (unsigned char c : info.name)
        h = hashCombine(h, c);
    return h;
}

} // namespace cocco
