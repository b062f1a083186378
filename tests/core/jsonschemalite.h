#pragma once
// A small JSON Schema validator for the subset RecLens schemas use: type (string or array),
// required, properties, additionalProperties (bool or schema), items, enum, const, minimum,
// maximum, minItems, $ref to "#/..." in the same document, anyOf, oneOf, allOf. Anything else
// in a schema is IGNORED (not an error), so a schema using other keywords is only partly
// checked. Header-only so tests/core and tests/cli can share it.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace reclens::test {

class SchemaLite {
public:
    explicit SchemaLite(nlohmann::json root)
        : m_root(std::move(root)) {}

    /// Empty when `value` conforms; otherwise one "path: problem" line per violation.
    std::vector<std::string> validate(const nlohmann::json& value) const {
        std::vector<std::string> errors;
        check(m_root, value, "$", errors);
        return errors;
    }

private:
    static bool hasType(const nlohmann::json& v, const std::string& t) {
        if (t == "object")
            return v.is_object();
        if (t == "array")
            return v.is_array();
        if (t == "string")
            return v.is_string();
        if (t == "integer")
            return v.is_number_integer() ||
                   (v.is_number_float() &&
                    v.get<double>() ==
                        static_cast<double>(static_cast<long long>(v.get<double>())));
        if (t == "number")
            return v.is_number();
        if (t == "boolean")
            return v.is_boolean();
        if (t == "null")
            return v.is_null();
        return false;
    }

    const nlohmann::json* resolve(const std::string& ref) const {
        if (ref.rfind("#", 0) != 0)
            return nullptr;
        try {
            return &m_root.at(nlohmann::json::json_pointer(ref.substr(1)));
        } catch (const std::exception&) {
            return nullptr;
        }
    }

    void check(const nlohmann::json& s, const nlohmann::json& v, const std::string& path,
               std::vector<std::string>& errors) const {
        if (s.is_boolean()) {
            if (!s.get<bool>())
                errors.push_back(path + ": not allowed");
            return;
        }
        if (!s.is_object())
            return;
        if (auto it = s.find("$ref"); it != s.end()) {
            const nlohmann::json* target = resolve(it->get<std::string>());
            if (!target)
                errors.push_back(path + ": unresolvable $ref " + it->get<std::string>());
            else
                check(*target, v, path, errors);
        }
        if (auto it = s.find("type"); it != s.end()) {
            bool ok = false;
            if (it->is_string())
                ok = hasType(v, it->get<std::string>());
            else
                for (const auto& t : *it)
                    ok = ok || hasType(v, t.get<std::string>());
            if (!ok) {
                errors.push_back(path + ": expected type " + it->dump() + ", got " + v.type_name());
                return;
            }
        }
        if (auto it = s.find("enum");
            it != s.end() && std::find(it->begin(), it->end(), v) == it->end())
            errors.push_back(path + ": " + v.dump() + " not in " + it->dump());
        if (auto it = s.find("const"); it != s.end() && *it != v)
            errors.push_back(path + ": expected " + it->dump());
        if (v.is_number()) {
            if (auto it = s.find("minimum"); it != s.end() && v.get<double>() < it->get<double>())
                errors.push_back(path + ": below minimum " + it->dump());
            if (auto it = s.find("maximum"); it != s.end() && v.get<double>() > it->get<double>())
                errors.push_back(path + ": above maximum " + it->dump());
        }
        if (v.is_object()) {
            if (auto it = s.find("required"); it != s.end())
                for (const auto& k : *it)
                    if (!v.contains(k.get<std::string>()))
                        errors.push_back(path + ": missing required key " + k.dump());
            const auto props = s.find("properties");
            for (const auto& [k, child] : v.items()) {
                if (props != s.end() && props->contains(k)) {
                    check((*props)[k], child, path + "." + k, errors);
                } else if (auto ap = s.find("additionalProperties"); ap != s.end()) {
                    if (ap->is_boolean() && !ap->get<bool>())
                        errors.push_back(path + ": unexpected key \"" + k + "\"");
                    else
                        check(*ap, child, path + "." + k, errors);
                }
            }
        }
        if (v.is_array()) {
            if (auto it = s.find("minItems"); it != s.end() && v.size() < it->get<std::size_t>())
                errors.push_back(path + ": fewer than " + it->dump() + " items");
            if (auto it = s.find("items"); it != s.end() && it->is_object())
                for (std::size_t i = 0; i < v.size(); ++i)
                    check(*it, v[i], path + "[" + std::to_string(i) + "]", errors);
        }
        auto countValid = [&](const nlohmann::json& list) {
            int n = 0;
            for (const auto& sub : list) {
                std::vector<std::string> e;
                check(sub, v, path, e);
                n += e.empty();
            }
            return n;
        };
        if (auto it = s.find("anyOf"); it != s.end() && countValid(*it) == 0)
            errors.push_back(path + ": matches none of anyOf");
        if (auto it = s.find("oneOf"); it != s.end() && countValid(*it) != 1)
            errors.push_back(path + ": must match exactly one of oneOf");
        if (auto it = s.find("allOf"); it != s.end())
            for (const auto& sub : *it)
                check(sub, v, path, errors);
    }

    nlohmann::json m_root;
};

} // namespace reclens::test
