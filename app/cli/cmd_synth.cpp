#include "cmd_modelshared.h"
#include "commands.h"
#include "data/synth.h"

#include <charconv>
#include <iostream>
#include <nlohmann/json.hpp>

namespace reclens::cli {

int runSynth(const std::vector<std::string>& argv) {
    const SynthConfig defaults;
    const std::vector<OptionSpec> specs = {
        {"out", "DIR", "directory to write interactions.csv, catalog.csv, ground_truth.json"},
        {"users", "N", "number of customers (default " + std::to_string(defaults.users) + ")"},
        {"items", "N", "catalog size (default " + std::to_string(defaults.items) + ")"},
        {"rules", "N",
         "planted trigger→target rules (default " + std::to_string(defaults.rules) + ")"},
        {"seed", "S",
         "random seed; same seed ⇒ byte-identical files (default " + std::to_string(defaults.seed) +
             ")"},
        {"json", "", "print a JSON summary on stdout"},
    };
    for (const auto& a : argv)
        if (a == "--help") {
            std::cout << formatHelp("synth",
                                    "Generate a synthetic shop whose purchase histories follow "
                                    "planted rules (trigger item → target item, category "
                                    "loyalty, popularity), with the rules in ground_truth.json.",
                                    specs);
            return ExitOk;
        }
    Args args(argv, specs);
    SynthConfig cfg;
    const std::string out = args.require("out");
    cfg.users = args.getInt("users", cfg.users);
    cfg.items = args.getInt("items", cfg.items);
    cfg.rules = args.getInt("rules", cfg.rules);
    if (args.has("seed")) {
        const std::string s = args.get("seed");
        std::uint64_t v = 0;
        auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (s.empty() || ec != std::errc() || ptr != s.data() + s.size())
            throw UsageError{"--seed expects a non-negative integer, got '" + s + "'"};
        cfg.seed = v;
    }
    Status st = writeSyntheticShop(out, cfg);
    if (!st) {
        std::cerr << "reclens-cli synth: " << st.error().message << "\n";
        return st.error().code == ErrorCode::InvalidArgument ? ExitUsage : ExitBadInput;
    }
    if (args.has("json"))
        std::cout << jsonText(nlohmann::json{{"out", out},
                                             {"users", cfg.users},
                                             {"items", cfg.items},
                                             {"rules", cfg.rules},
                                             {"seed", cfg.seed}})
                  << "\n";
    else
        std::cout << "Wrote a synthetic shop (" << cfg.users << " customers, " << cfg.items
                  << " items, " << cfg.rules << " rules, seed " << cfg.seed << ") to " << out
                  << "\n";
    return ExitOk;
}

} // namespace reclens::cli
