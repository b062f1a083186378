// reclens-cli: headless entry point. Parses the subcommand, runs it, and turns every failure
// into a message on stderr and a distinct exit code (see cliargs.h).

#include "commands.h"
#include "common/allocator.h"

#include <cstring>
#include <exception>
#include <iostream>

namespace reclens::cli {

// Each subcommand is defined in its own cmd_<name>.cpp.
int runVersion(const std::vector<std::string>& args);
int runTrain(const std::vector<std::string>& args);
int runEval(const std::vector<std::string>& args);
int runRecommend(const std::vector<std::string>& args);
int runSynth(const std::vector<std::string>& args);
int runExplain(const std::vector<std::string>& args);
int runExplainItem(const std::vector<std::string>& args);
int runReport(const std::vector<std::string>& args);
int runInfo(const std::vector<std::string>& args);
int runMerge(const std::vector<std::string>& args);
int runExport(const std::vector<std::string>& args);
int runMakeQueries(const std::vector<std::string>& args);
int runSearch(const std::vector<std::string>& args);

const std::vector<Command>& commands() {
    static const std::vector<Command> list = {
        {"version", "print the version, compute backend and thread count", runVersion},
        {"train", "train the SASRec recommender and write a checkpoint", runTrain},
        {"eval", "offline metrics of a checkpoint (full ranking or sampled-100)", runEval},
        {"recommend", "top-K items for one customer, with titles and scores", runRecommend},
        {"info", "what an import produced: sizes, clean-up, history lengths, repeat rate", runInfo},
        {"synth", "generate a synthetic shop with planted rules (sample data)", runSynth},
        {"explain", "explain one customer's recommendation (all methods, faithfulness)",
         runExplain},
        {"explain-item", "merchant view: one item across all customers", runExplainItem},
        {"report", "write HTML/PDF/JSON/CSV reports for customers or products", runReport},
        {"merge", "join the shards of a batch (recommend --all, report) into one result", runMerge},
        {"export", "write a checkpoint as TorchScript plus item map (MODEL_INTERFACE.md)",
         runExport},
        {"make-queries", "build a search log from categories or titles (HEM protocol)",
         runMakeQueries},
        {"search", "personalised search results for one customer and query", runSearch},
    };
    return list;
}

} // namespace reclens::cli

namespace {

void printUsage(std::ostream& os) {
    os << "RecLens " RECLENS_VERSION " — why does the recommender rank what it ranks?\n\n"
       << "Usage: reclens-cli COMMAND [options]   (reclens-cli COMMAND --help for details)\n\n"
       << "Commands:\n";
    for (const auto& c : reclens::cli::commands())
        os << "  " << c.name << std::string(16 - std::strlen(c.name), ' ') << c.summary << "\n";
}

} // namespace

int main(int argc, char** argv) {
    using namespace reclens::cli;
    // A short-lived process: keep tensor memory for reuse for its whole run.
    const reclens::TensorMemoryScope tensorMemory;
    if (argc < 2) {
        printUsage(std::cerr);
        return ExitUsage;
    }
    std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        printUsage(std::cout);
        return ExitOk;
    }
    if (name == "--version")
        name = "version";
    std::vector<std::string> args(argv + 2, argv + argc);
    for (const auto& c : commands()) {
        if (name != c.name)
            continue;
        try {
            return c.run(args);
        } catch (const UsageError& e) {
            std::cerr << "reclens-cli " << name << ": " << e.message << "\n"
                      << "Try 'reclens-cli " << name << " --help'.\n";
            return ExitUsage;
        } catch (const std::exception& e) {
            std::cerr << "reclens-cli " << name << ": internal error: " << e.what() << "\n";
            return ExitInternal;
        }
    }
    std::cerr << "reclens-cli: unknown command '" << name << "'\n\n";
    printUsage(std::cerr);
    return ExitUsage;
}
