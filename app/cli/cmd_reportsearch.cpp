// report --search-model: loading the search model and choosing each customer's queries.

#include "cmd_reportsearch.h"

#include "cmd_explainshared.h"
#include "cmd_modelshared.h"
#include "cmd_searchshared.h"
#include "search/searchmerchant.h"

#include <set>

namespace reclens::cli {

const char* const kReportSearchHelp =
    "Search section (customer reports): with --search-model M (a checkpoint of train --task "
    "search) and --query TEXT (repeatable: the same queries for every customer, in the order "
    "given) or --queries FILE (each customer's own logged queries, the latest --search-queries "
    "distinct ones), each report "
    "adds per query the personalised results (rank, product, score, rank without "
    "personalisation) and the explanation of the top result: query-word and purchase "
    "attributions, the split into query only / purchases only with the gate, the verified "
    "counterfactuals of each kind and the sentence. JSON key \"search\"; CSV tables "
    "search_results, search_attributions, search_counterfactuals. The customer's full history "
    "is used. Adding a search section to reports that already exist needs --force.";

std::vector<OptionSpec> reportSearchOptionSpecs() {
    std::vector<OptionSpec> specs = {
        {"search-model", "PATH", "customer reports: add a search section ranked by this model"},
        {"query", "TEXT",
         "search section: a query explained for every customer (repeatable: one entry per "
         "query)"},
        {"search-queries", "N",
         "search section with --queries: logged queries per customer "
         "(latest distinct ones; default 3)"}};
    for (auto& s : queryLogOptionSpecs())
        specs.push_back(s);
    return specs;
}

std::vector<std::string> ReportSearch::queriesOf(UserIndex user) const {
    if (!log)
        return queries;
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (auto it = log->records.rbegin(); it != log->records.rend(); ++it)
        if (it->user == user && seen.insert(search::normaliseQuery(it->query)).second) {
            out.push_back(it->query);
            if (static_cast<int>(out.size()) >= perCustomer)
                break;
        }
    return out;
}

Expected<report::SearchReportData>
ReportSearch::compute(const Dataset& ds, UserIndex user, const report::CustomerReportConfig& config,
                      const std::function<bool()>& shouldStop) const {
    return report::computeSearchReport(*model, ds, user, queriesOf(user), config.k, config.explain,
                                       *card, shouldStop);
}

int loadReportSearch(const Args& args, const Dataset& ds, bool products, ReportSearch& out) {
    const bool queryGiven = args.has("query") || args.has("queries");
    if (!args.has("search-model")) {
        if (queryGiven)
            throw UsageError{"--query and --queries need --search-model (a search checkpoint)"};
        return ExitOk;
    }
    if (products)
        throw UsageError{"--search-model adds a section to customer reports; drop --items"};
    if (args.has("query") == args.has("queries"))
        throw UsageError{"--search-model needs exactly one of --query or --queries"};
    out.perCustomer = args.getInt("search-queries", out.perCustomer);
    if (out.perCustomer < 1)
        throw UsageError{"--search-queries must be at least 1"};
    const std::string path = args.get("search-model");
    auto model = search::SearchModel::load(path, &ds);
    if (!model)
        return fail("report", ExitBadInput,
                    modelLoadMessage(model.error()) + " (--search-model needs a search model)");
    auto card = report::makeModelCard(path, model->info(), ds);
    if (!card)
        return fail("report", ExitBadInput, card.error().message);
    card->command = "reclens-cli report --search-model " + path;
    out.card = std::move(*card);
    if (args.has("queries")) {
        auto log = loadQueryLogFromArgs(args, ds);
        if (!log)
            return fail("report", ExitBadInput, log.error().message);
        out.log = std::move(*log);
    } else {
        out.queries = args.getAll("query");
    }
    out.model = std::make_shared<const search::SearchModel>(std::move(*model));
    std::string given; // one query keeps the fingerprint it had before --query repeated
    for (const auto& q : out.queries)
        given += (given.empty() ? "" : "\n") + q;
    out.fingerprintText =
        out.card->checkpointSha256 + "|" +
        (out.log ? "log:" + args.get("queries") + ":" + std::to_string(out.perCustomer)
                 : "query:" + given);
    return ExitOk;
}

} // namespace reclens::cli
