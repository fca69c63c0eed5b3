#include "json_reader.h"

#include <cmath>
#include <cstring>

namespace cocco {

using nlohmann::json;

namespace {

std::string typeName(const json &v)
{
    if (v.is_number_integer())
        return "integer";
    if (v.is_number())
        return "number";
    return v.type_name();
}

std::string numberText(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

} // namespace

void JsonField::fail(const std::string &what) const
{
    throw JsonReadError{m_path.empty() ? what : m_path + ": " + what};
}

const JsonField &JsonField::expectObject() const
{
    if (!m_v->is_object())
        fail("expected an object, got " + typeName(*m_v));
    return *this;
}

const JsonField &JsonField::expectArray() const
{
    if (!m_v->is_array())
        fail("expected an array, got " + typeName(*m_v));
    return *this;
}

const JsonField &JsonField::allowKeys(std::initializer_list<const char *> allowed) const
{
    expectObject();
    for (auto it = m_v->begin(); it != m_v->end(); ++it) {
        bool known = false;
        for (const char *k : allowed)
            known = known || it.key() == k;
        if (!known)
            JsonField(it.value(), pathOf(it.key())).fail("unknown key");
    }
    return *this;
}

bool JsonField::has(const char *key) const { return m_v->is_object() && m_v->contains(key); }

JsonField JsonField::at(const char *key) const
{
    expectObject();
    auto it = m_v->find(key);
    if (it == m_v->end())
        throw JsonReadError{pathOf(key) + ": missing"};
    return JsonField(*it, pathOf(key));
}

std::optional<JsonField> JsonField::find(const char *key) const
{
    expectObject();
    auto it = m_v->find(key);
    if (it == m_v->end())
        return std::nullopt;
    return JsonField(*it, pathOf(key));
}

size_t JsonField::size() const { return expectArray().m_v->size(); }

JsonField JsonField::operator[](size_t i) const
{
    if (i >= size())
        fail("has no element " + std::to_string(i));
    return JsonField((*m_v)[i], m_path + "[" + std::to_string(i) + "]");
}

int64_t JsonField::integer(int64_t minValue, int64_t maxValue) const
{
    if (!m_v->is_number_integer())
        fail("expected an integer, got " + typeName(*m_v));
    if (m_v->is_number_unsigned() && m_v->get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))
        fail("must be in [" + std::to_string(minValue) + ", " + std::to_string(maxValue) + "], got "
             + std::to_string(m_v->get<uint64_t>()));
    const int64_t v = m_v->get<int64_t>();
    if (v < minValue || v > maxValue) {
        if (maxValue == std::numeric_limits<int64_t>::max())
            fail("must be at least " + std::to_string(minValue) + ", got " + std::to_string(v));
        fail("must be in [" + std::to_string(minValue) + ", " + std::to_string(maxValue) + "], got " + std::to_string(v));
    }
    return v;
}

uint64_t JsonField::unsignedInteger() const
{
    if (!m_v->is_number_integer())
        fail("expected a non-negative integer, got " + typeName(*m_v));
    if (!m_v->is_number_unsigned() && m_v->get<int64_t>() < 0)
        fail("must be a non-negative integer, got " + std::to_string(m_v->get<int64_t>()));
    return m_v->get<uint64_t>();
}

double JsonField::number() const
{
    if (!m_v->is_number())
        fail("expected a number, got " + typeName(*m_v));
    const double v = m_v->get<double>();
    if (!std::isfinite(v))
        fail("must be a finite number");
    return v;
}

double JsonField::positiveNumber() const
{
    const double v = number();
    if (!(v > 0))
        fail("must be a positive number");
    return v;
}

double JsonField::nonNegativeNumber() const
{
    const double v = number();
    if (!(v >= 0))
        fail("must be a non-negative number");
    return v;
}

double JsonField::numberIn(double minValue, double maxValue) const
{
    const double v = number();
    if (!(v >= minValue && v <= maxValue))
        fail("must be in [" + numberText(minValue) + ", " + numberText(maxValue) + "], got " + numberText(v));
    return v;
}

bool JsonField::boolean() const
{
    if (!m_v->is_boolean())
        fail("expected true or false, got " + typeName(*m_v));
    return m_v->get<bool>();
}

std::string JsonField::string() const
{
    if (!m_v->is_string())
        fail("expected a string, got " + typeName(*m_v));
    return m_v->get<std::string>();
}

int64_t JsonField::schemaVersion(int64_t newest, int64_t absent) const
{
    auto f = find("schemaVersion");
    if (!f && absent != 0)
        return absent;
    const JsonField v = f ? *f : at("schemaVersion");
    const std::string reads = newest == 1 ? "1" : "1.." + std::to_string(newest);
    if (!v.json().is_number_integer() || v.json().get<int64_t>() < 1 || v.json().get<int64_t>() > newest)
        v.fail("unsupported version " + v.json().dump() + " (this build reads " + reads + ")");
    return v.json().get<int64_t>();
}

int64_t JsonField::integer(const char *key, int64_t def, int64_t minValue, int64_t maxValue) const
{
    auto f = find(key);
    return f ? f->integer(minValue, maxValue) : def;
}

double JsonField::positiveNumber(const char *key, double def) const
{
    auto f = find(key);
    return f ? f->positiveNumber() : def;
}

double JsonField::nonNegativeNumber(const char *key, double def) const
{
    auto f = find(key);
    return f ? f->nonNegativeNumber() : def;
}

bool JsonField::boolean(const char *key, bool def) const
{
    auto f = find(key);
    return f ? f->boolean() : def;
}

Result<json> parseJson(const std::string &text, const std::string &source)
{
    try {
        return json::parse(text);
    } catch (const json::parse_error &e) {
        const std::string what = e.what();
        if (what.find("UTF-8") != std::string::npos || what.find("utf-8") != std::string::npos)
            return makeError(source + ": not valid UTF-8 text (byte " + std::to_string(e.byte) + ")");
        return makeError(source + ": not valid JSON at byte " + std::to_string(e.byte) + ": " + what);
    } catch (const json::exception &e) { // e.g. out_of_range 406: a number too large for a double
        return makeError(source + ": not valid JSON: " + e.what());
    }
}

Error jsonReadError(const std::string &source, const JsonReadError &e)
{
    return makeError(source + ": " + e.message);
}

} // namespace cocco
