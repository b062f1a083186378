#pragma once
// A small, strict argument parser shared by every reclens-cli subcommand: `--name value`,
// `--name=value` and boolean `--flag`. Unknown options are usage errors, never ignored.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace reclens::cli {

/// Distinct exit codes so scripts can tell what went wrong.
enum ExitCode {
    ExitOk = 0,
    ExitUsage = 2,     // wrong or missing arguments
    ExitBadInput = 3,  // unreadable/malformed data or checkpoint, unknown user/item
    ExitInternal = 4,  // a bug or an unexpected library failure
    ExitCancelled = 5, // interrupted (SIGINT)
};

struct OptionSpec {
    std::string name;  // without the leading dashes
    std::string value; // placeholder shown in help ("PATH"); empty = boolean flag
    std::string help;  // one line
};

struct UsageError {
    std::string message;
};

class Args {
public:
    /// Parses argv of a subcommand (after the subcommand name). Throws UsageError.
    Args(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs);

    bool has(const std::string& name) const;
    std::string get(const std::string& name, const std::string& fallback = {}) const;
    std::string require(const std::string& name) const;      // throws UsageError when missing
    int getInt(const std::string& name, int fallback) const; // throws UsageError if not a number
    double getDouble(const std::string& name, double fallback) const;
    std::vector<std::string> getList(const std::string& name) const; // comma-separated
    /// Every value of an option given more than once, in order (get() gives the last).
    std::vector<std::string> getAll(const std::string& name) const;

private:
    std::map<std::string, std::string> m_values;
    std::map<std::string, std::vector<std::string>> m_all;
    std::set<std::string> m_flags;
};

/// "Usage: reclens-cli NAME [options]\n\nSUMMARY\n\nOptions:\n  --x PATH  help..."
std::string formatHelp(const std::string& command, const std::string& summary,
                       const std::vector<OptionSpec>& specs);

/// True when stderr is a terminal (progress lines are only printed then).
bool stderrIsTerminal();

} // namespace reclens::cli
