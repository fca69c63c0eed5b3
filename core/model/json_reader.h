// One way to read the project's JSON files (hardware, model, partition, search result, experiment
// config, session): typed access to a value with its path in the file, and one wording for every
// error, always "FILE: PATH: WHAT", e.g.
//   hw.json: buffer.act_bytes: missing
//   hw.json: buffer.act_bytes: expected an integer, got string
//   hw.json: buffer.act_bytes: must be in [1, 1125899906842624], got -5
//   hw.json: dram_gbps: must be a positive number
//   hw.json: bandwidth: unknown key
// A reader is a function of a JsonField; the accessors throw JsonReadError, which readJson() turns
// into an Error value at the boundary (no exception ever leaves a reader).
#pragma once

#include "result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <utility>

namespace cocco {

// "PATH: WHAT" (no file name); only thrown by JsonField and caught by readJson().
struct JsonReadError {
    std::string message;
};

class JsonField {
public:
    // `path` is how errors name this value ("" for the top level, "buffer", "layers[3]").
    JsonField(const nlohmann::json &value, std::string path) : m_v(&value), m_path(std::move(path)) {}

    const nlohmann::json &json() const { return *m_v; }
    const std::string &path() const { return m_path; }
    // The path of a member: "buffer" + "act_bytes" -> "buffer.act_bytes".
    std::string pathOf(const std::string &key) const { return m_path.empty() ? key : m_path + "." + key; }
    [[noreturn]] void fail(const std::string &what) const;
    // The same value named differently in errors (e.g. "layer 'conv1'" instead of "layers[3]").
    JsonField renamed(std::string path) const { return JsonField(*m_v, std::move(path)); }

    // Structure. Members and elements carry their paths.
    const JsonField &expectObject() const; // "expected an object, got array"
    const JsonField &expectArray() const;
    // Every member must be one of `allowed` ("unknown key" otherwise).
    const JsonField &allowKeys(std::initializer_list<const char *> allowed) const;
    bool has(const char *key) const;
    JsonField at(const char *key) const;                 // required member: "PATH.key: missing"
    std::optional<JsonField> find(const char *key) const; // optional member
    size_t size() const;                                 // of an array
    JsonField operator[](size_t i) const;                // "PATH[i]"

    // Values (wrong type: "expected an integer, got string"; range: "must be in [a, b], got v").
    int64_t integer(int64_t minValue = std::numeric_limits<int64_t>::min(),
                    int64_t maxValue = std::numeric_limits<int64_t>::max()) const;
    uint64_t unsignedInteger() const; // the full 64-bit range (seeds)
    double number() const;            // any finite number
    double positiveNumber() const;    // > 0, finite: "must be a positive number"
    double nonNegativeNumber() const; // >= 0, finite: "must be a non-negative number"
    double numberIn(double minValue, double maxValue) const;
    bool boolean() const;             // "expected true or false"
    std::string string() const;
    // This object's "schemaVersion", one of 1..newest: "schemaVersion: missing" or
    // "schemaVersion: unsupported version 7 (this build reads 1..2)". An absent member reads as
    // `absent` when that is not 0.
    int64_t schemaVersion(int64_t newest, int64_t absent = 0) const;

    // Optional members: the default when absent, else the value checked as above.
    int64_t integer(const char *key, int64_t def, int64_t minValue, int64_t maxValue) const;
    double positiveNumber(const char *key, double def) const;
    double nonNegativeNumber(const char *key, double def) const;
    bool boolean(const char *key, bool def) const;

    // Reads this value with a whole-text reader (hardwareFromJson, searchConfigFromJson, ...) whose
    // errors then name this value's path: "cfg.json: hardware: batch: must be in [1, 1048576], got -2".
    template <class Read>
    auto readWith(Read &&read) const
    {
        auto r = read(m_v->dump(), m_path);
        if (!r.ok())
            throw JsonReadError{r.message()};
        return std::move(r).value();
    }

private:
    const nlohmann::json *m_v;
    std::string m_path;
};

// Parses `text`; errors name `source`: "not valid JSON at byte N: ...", "not valid UTF-8 text".
Result<nlohmann::json> parseJson(const std::string &text, const std::string &source);
// The error of a reader that threw, as "SOURCE: PATH: WHAT".
Error jsonReadError(const std::string &source, const JsonReadError &e);

// Parses `text` and returns read(JsonField(root, "")); JsonReadError (and any nlohmann exception
// a reader lets through) becomes an Error naming `source`.
template <class Read>
auto readJson(const std::string &text, const std::string &source, Read &&read)
    -> Result<decltype(read(std::declval<const JsonField &>()))>
{
    auto root = parseJson(text, source);
    if (!root.ok())
        return root.error();
    try {
        return read(JsonField(root.value(), ""));
    } catch (const JsonReadError &e) {
        return jsonReadError(source, e);
    } catch (const nlohmann::json::exception &e) {
        return makeError(source + ": " + e.what());
    }
}

} // namespace cocco
