#include "cmd_modelshared.h"
#include "commands.h"
#include "data/synth.h"
#include "data/synthsearch.h"

#include <charconv>
#include <iostream>
#include <nlohmann/json.hpp>

namespace reclens::cli {

int runSynth(const std::vector<std::string>& argv) {
    const SynthConfig defaults;
    const std::vector<OptionSpec> specs = {
        {"out", "DIR", "directory to write interactions.csv, catalog.csv, ground_truth.json"},
        {"users", "N",
         "number of customers, up to 10000000 (default " + std::to_string(defaults.users) + ")"},
        {"items", "N",
         "catalog size, up to 2000000 (default " + std::to_string(defaults.items) + ")"},
        {"rules", "N",
         "planted trigger→target rules (default " + std::to_string(defaults.rules) + ")"},
        {"seed", "S",
         "random seed; same seed ⇒ byte-identical files (default " + std::to_string(defaults.seed) +
             ")"},
        {"json", "", "print a JSON summary on stdout"},
        {"queries", "",
         "write the planted SEARCH shop instead: queries.csv and search_ground_truth.json too; "
         "a trigger purchase decides which of several equally matching products a customer "
         "buys after a search (--items = ordinary products, default 150; seed default 11)"},
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
    if (args.has("queries")) {
        SearchSynthConfig sc;
        sc.users = args.getInt("users", sc.users);
        sc.fillerItems = args.getInt("items", sc.fillerItems);
        if (args.has("seed"))
            sc.seed = cfg.seed;
        if (Status st = writeSearchShop(out, sc); !st) {
            std::cerr << "reclens-cli synth: " << st.error().message << "\n";
            return st.error().code == ErrorCode::InvalidArgument ? ExitUsage : ExitBadInput;
        }
        std::cout << "Wrote a planted search shop (" << sc.users << " customers, " << sc.groups
                  << " searched product types) to " << out << "\n";
        return ExitOk;
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
