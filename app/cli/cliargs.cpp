#include "cliargs.h"

#include <algorithm>
#include <charconv>
#include <sstream>
#include <unistd.h>

namespace reclens::cli {

Args::Args(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs) {
    auto findSpec = [&](const std::string& name) -> const OptionSpec* {
        for (const auto& s : specs)
            if (s.name == name)
                return &s;
        return nullptr;
    };
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.rfind("--", 0) != 0)
            throw UsageError{"unexpected argument '" + a + "' (options start with --)"};
        std::string name = a.substr(2);
        std::optional<std::string> inlineValue;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        const OptionSpec* spec = findSpec(name);
        if (!spec)
            throw UsageError{"unknown option --" + name};
        if (spec->value.empty()) {
            if (inlineValue)
                throw UsageError{"--" + name + " takes no value"};
            m_flags.insert(name);
            continue;
        }
        if (inlineValue) {
            m_values[name] = *inlineValue;
        } else {
            if (i + 1 >= argv.size())
                throw UsageError{"--" + name + " needs a value (" + spec->value + ")"};
            m_values[name] = argv[++i];
        }
        m_all[name].push_back(m_values[name]);
    }
}

std::vector<std::string> Args::getAll(const std::string& name) const {
    auto it = m_all.find(name);
    return it == m_all.end() ? std::vector<std::string>{} : it->second;
}

bool Args::has(const std::string& name) const {
    return m_flags.count(name) > 0 || m_values.count(name) > 0;
}

std::string Args::get(const std::string& name, const std::string& fallback) const {
    auto it = m_values.find(name);
    return it == m_values.end() ? fallback : it->second;
}

std::string Args::require(const std::string& name) const {
    auto it = m_values.find(name);
    if (it == m_values.end() || it->second.empty())
        throw UsageError{"missing required option --" + name};
    return it->second;
}

int Args::getInt(const std::string& name, int fallback) const {
    auto it = m_values.find(name);
    if (it == m_values.end())
        return fallback;
    int v = 0;
    const std::string& s = it->second;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size())
        throw UsageError{"--" + name + " expects a whole number, got '" + s + "'"};
    return v;
}

double Args::getDouble(const std::string& name, double fallback) const {
    auto it = m_values.find(name);
    if (it == m_values.end())
        return fallback;
    try {
        size_t used = 0;
        double v = std::stod(it->second, &used);
        if (used == it->second.size())
            return v;
    } catch (...) {
    }
    throw UsageError{"--" + name + " expects a number, got '" + it->second + "'"};
}

std::vector<std::string> Args::getList(const std::string& name) const {
    std::vector<std::string> out;
    std::stringstream ss(get(name));
    std::string part;
    while (std::getline(ss, part, ','))
        if (!part.empty())
            out.push_back(part);
    return out;
}

std::string formatHelp(const std::string& command, const std::string& summary,
                       const std::vector<OptionSpec>& specs) {
    std::ostringstream os;
    os << "Usage: reclens-cli " << command << " [options]\n\n" << summary << "\n\nOptions:\n";
    size_t width = 0;
    for (const auto& s : specs)
        width = std::max(width, s.name.size() + (s.value.empty() ? 0 : s.value.size() + 1));
    for (const auto& s : specs) {
        std::string left = "--" + s.name + (s.value.empty() ? "" : " " + s.value);
        os << "  " << left << std::string(width + 4 - left.size() + 2, ' ') << s.help << "\n";
    }
    os << "  --help" << std::string(width + 4 - 6 + 2, ' ') << "show this help\n";
    return os.str();
}

bool stderrIsTerminal() {
    return ::isatty(STDERR_FILENO) != 0;
}

} // namespace reclens::cli
