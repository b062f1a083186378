// reclens-cli explain: every "why" for one customer and one recommended item.

#include "cmd_excludebought.h"
#include "cmd_explainsearch.h"
#include "cmd_explainshared.h"
#include "cmd_explaintopk.h"
#include "cmd_modelshared.h"
#include "commands.h"
#include "explain/explainconfigcheck.h"
#include "explain/explainmethods.h"
#include "explain/explanationjson.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace reclens::cli {

namespace {

const char* kSummary =
    "Explain why the model recommends an item to a customer: attention, gradients, integrated "
    "gradients, leave-one-out, Shapley values, what-if edits, the minimal counterfactual set "
    "and how faithful each method is. The history explained is the customer's full sequence "
    "(cut to the model's maximum length) unless --split says otherwise. With --query and a "
    "search model, the same methods explain one search result: the customer's purchases and "
    "the query's words are the players, and the JSON adds query_terms, query_attributions, "
    "counterfactual_query, split (query only, purchases only, gate) and lexical_matches.\n\n"
    "Exit codes: 0 ok, 2 usage, 3 unreadable input, unknown user/item, a search model without "
    "--query or --query with a recommender, 4 internal error, "
    "6 empty history, 7 explicit --history longer than the model's maximum length.";

std::string title(const Dataset& ds, ItemIndex i) {
    const Item& it = ds.items[static_cast<size_t>(i)];
    return it.title.empty() ? it.id : it.id + "  " + it.title;
}

void printText(const ExplanationBundle& b, const Dataset& ds, const std::string& user,
               size_t originalLength) {
    std::ostream& os = std::cout;
    os << "Customer " << user << ": " << b.history.size() << " items explained";
    if (originalLength > b.history.size())
        os << " (last " << b.history.size() << " of " << originalLength << ")";
    os << "\nTarget: " << title(ds, b.target) << "  rank #" << b.targetRank << ", score "
       << std::fixed << std::setprecision(3) << b.targetScore << "\n\n";
    std::vector<const Attribution*> cols;
    for (const auto& a : b.attributions)
        cols.push_back(&a);
    os << std::setw(4) << "pos"
       << "  " << std::left << std::setw(12) << "item" << std::right;
    for (const auto* a : cols)
        os << std::setw(18) << a->method;
    os << "  title\n";
    for (size_t t = 0; t < b.history.size(); ++t) {
        const Item& it = ds.items[static_cast<size_t>(b.history[t])];
        os << std::setw(4) << t << "  " << std::left << std::setw(12) << it.id.substr(0, 12)
           << std::right;
        for (const auto* a : cols)
            os << std::setw(18) << std::setprecision(4) << a->values[t];
        os << "  " << it.title.substr(0, 50) << "\n";
    }
    if (b.ig) {
        os << "\nIG: " << igRuleName(b.ig->rule) << " rule, " << igBaselineName(b.ig->baseline)
           << " baseline, " << b.ig->stepsUsed << " steps (" << b.ig->gradientEvaluations
           << " gradient evaluations), completeness error " << std::setprecision(3)
           << 100.0 * b.ig->completenessError << " % (" << std::setprecision(3)
           << b.ig->completenessAbsError << " logits; judged by the "
           << (b.ig->absoluteCriterion ? "absolute" : "relative") << " error)"
           << (b.ig->converged ? "" : " — did not converge below the tolerance") << "\n";
        for (const auto& s : b.ig->sampled)
            os << "  baseline customer "
               << (s.user >= 0 ? ds.users[static_cast<size_t>(s.user)].id : std::string("-"))
               << ": f(baseline) " << std::setprecision(4) << s.scoreBaseline
               << ", completeness error " << std::setprecision(3) << 100.0 * s.completenessError
               << " %" << (s.converged ? "" : " (not converged)") << "\n";
    }
    for (const auto& [method, why] : b.unavailable)
        os << method << ": not computed — " << why << "\n";
    if (b.shapley)
        os << "Shapley: " << (b.shapley->exact ? "exact" : "sampled") << " over "
           << b.shapley->players.size() << " items, efficiency gap " << std::setprecision(6)
           << b.shapley->efficiencyGap << "\n";
    if (b.counterfactual) {
        const auto& c = *b.counterfactual;
        os << "Counterfactual: ";
        if (c.found) {
            os << "removing";
            for (ItemIndex i : c.removedItems)
                os << " " << ds.items[static_cast<size_t>(i)].id;
            os << " moves it from #" << c.originalRank << " to #" << c.newRank
               << (c.verified ? " (verified)" : " (NOT verified)");
            if (c.replacement >= 0)
                os << "; replaced by " << ds.items[static_cast<size_t>(c.replacement)].id;
            os << "\n";
        } else {
            os << "none found (" << c.message << ")\n";
        }
    }
    if (b.whatIf) {
        const auto& w = *b.whatIf;
        os << "What-if (" << w.edits.size() << " edit(s)): target #" << w.targetChange.oldRank
           << " -> #" << w.targetChange.newRank << "; " << w.movedIn.size()
           << " item(s) enter the top-" << w.after.size() << ":";
        for (const auto& c : w.movedIn)
            os << " " << ds.items[static_cast<size_t>(c.item)].id << " (#" << c.oldRank << "->#"
               << c.newRank << ")";
        os << "\n";
    }
    if (b.faithfulness) {
        os << "\nFaithfulness (deletion AUC lower = better; random order " << std::setprecision(3)
           << b.faithfulness->randomDeletionAuc << "):\n";
        for (const auto& f : b.faithfulness->methods)
            os << "  " << std::left << std::setw(18) << f.method << std::right << " deletion "
               << std::setw(7) << f.deletionAuc << "  insertion " << std::setw(7) << f.insertionAuc
               << "  comprehensiveness@20% " << std::setw(7) << f.comprehensiveness[1]
               << "  sufficiency@20% " << std::setw(7) << f.sufficiency[1] << "\n";
        for (const auto& h : b.faithfulness->heads)
            os << "  attention layer " << h.layer << " head " << h.head << ": Kendall tau vs LOO "
               << h.kendallTau << "\n";
    }
    os << "\n" << b.summary << "\n\nTimings (ms):";
    for (const auto& [name, ms] : b.timingsMs)
        os << " " << name << " " << std::setprecision(1) << ms;
    os << "\n";
}

} // namespace

int runExplain(const std::vector<std::string>& argv) {
    std::vector<OptionSpec> specs = {
        {"model", "PATH", kModelOptionHelp},
        itemMapOptionSpec(),
        {"user", "ID", "customer id as in the source data"},
        {"item", "ID", "item to explain (default: the customer's top-1)"},
        {"history", "I1,I2,...", "explain this explicit history (item ids) instead of --user's"},
        {"k", "K", "top-K for ranks and the counterfactual (default 10)"},
        excludeBoughtSpec(),
        {"methods", "LIST",
         "attention,grad,ig,loo,shapley,whatif,counterfactual,faithfulness,features,"
         "list_shapley|all (default: all but list_shapley)"},
        {"remove", "I1,I2", "what-if: remove these items from the history"},
        {"split", "S",
         "full (default), train (training prefix), valid or test (history before "
         "that target)"},
        {"baseline", "B", "integrated-gradients baseline: padding (default) or mean"},
        {"ig-baseline", "B",
         "integrated-gradients baseline: padding (default), mean, or sampled (SPINRec: IG from "
         "each of --ig-baseline-samples other customers' histories, averaged)"},
        {"ig-baseline-samples", "N",
         "sampled baseline: customers drawn (seeded; default 8; IG costs N times more)"},
        {"ig-rule", "R",
         "integrated-gradients quadrature: adaptive (default: Gauss-Legendre, then panels "
         "refined where completeness fails), gauss_legendre, midpoint, trapezoid or simpson"},
        {"shapley-permutations", "P",
         "sampled Shapley beyond 12 items: random orders, each with its reverse (default 4; "
         "errors shrink as 1/sqrt P)"},
        {"shapley-newest-samples", "N",
         "sampled Shapley: coalitions per purchase where it is the newest present (default 4; "
         "0 = orders only)"},
        {"threads", "T",
         "cores: 1 = everything on one thread; 2 or more (0 = all cores) = the bundle's "
         "independent parts on two workers (default 0)"},
        {"top-k-all", "",
         "explain each of the top-K (--k) at once with loo, ig, shapley and list_shapley "
         "(--methods may narrow them or add features); --json prints {\"explanations\": [...]}; "
         "with --query each top-K search result over purchases and query words"},
        {"query", "TEXT",
         "explain a search result instead: --model is a search model (train --task search), "
         "--item the result (default: the top one); purchases and query words are the players "
         "(docs/cli-json.md, explain --query)"},
        {"json", "", "print one JSON object (docs/explanation-schema.json)"},
    };
    {
        auto data = dataOptionSpecs();
        data.front().help = "the dataset the model was trained on";
        specs.insert(specs.begin() + 1, data.begin(), data.end());
    }
    for (const auto& a : argv)
        if (a == "--help") {
            std::cout << formatHelp("explain", kSummary, specs);
            return ExitOk;
        }
    Args args(argv, specs);
    ExplainConfig cfg;
    cfg.k = args.getInt("k", cfg.k);
    if (cfg.k < 1)
        throw UsageError{"--k must be at least 1"};
    if (args.has("methods")) {
        std::vector<std::string> unknown;
        cfg.methods = parseExplainMethods(args.get("methods"), &unknown);
        if (!unknown.empty())
            throw UsageError{"unknown method '" + unknown.front() + "' in --methods"};
    }
    const bool topKAll = args.has("top-k-all");
    if (topKAll) {
        if (args.has("item") || args.has("remove"))
            throw UsageError{"--top-k-all explains every top-K item: drop --item and --remove"};
        cfg.methods = topKAllMethods(args.has("methods"), cfg.methods);
    }
    if (args.has("baseline") && args.has("ig-baseline") &&
        args.get("baseline") != args.get("ig-baseline"))
        throw UsageError{"--baseline and --ig-baseline disagree; give one of them"};
    const std::string baselineFlag = args.has("ig-baseline") ? "ig-baseline" : "baseline";
    const std::string baseline = args.get(baselineFlag, "padding");
    if (!parseIgBaseline(baseline == "mean" ? "mean_item" : baseline, cfg.igBaseline))
        throw UsageError{"--" + baselineFlag + " expects padding, mean or sampled, got '" +
                         baseline + "'"};
    cfg.igBaselineSamples = args.getInt("ig-baseline-samples", cfg.igBaselineSamples);
    if (cfg.igBaselineSamples < 1 || cfg.igBaselineSamples > 64)
        throw UsageError{"--ig-baseline-samples expects 1 to 64"};
    if (args.has("ig-baseline-samples") && cfg.igBaseline != IgBaseline::Sampled)
        throw UsageError{"--ig-baseline-samples needs --ig-baseline sampled"};
    if (args.has("ig-rule") && !parseIgRule(args.get("ig-rule"), cfg.igRule))
        throw UsageError{
            "--ig-rule expects trapezoid, simpson, midpoint, gauss_legendre or adaptive, got '" +
            args.get("ig-rule") + "'"};
    cfg.shapleyPermutations = args.getInt("shapley-permutations", cfg.shapleyPermutations);
    if (cfg.shapleyPermutations < 2)
        throw UsageError{"--shapley-permutations must be at least 2"};
    cfg.shapleyNewestSamples = args.getInt("shapley-newest-samples", cfg.shapleyNewestSamples);
    // The same ranges and refused combinations as the workbench's settings dialog.
    if (const std::string why = checkExplainConfig(cfg); !why.empty())
        throw UsageError{why};
    if (args.has("query"))
        return explainSearchCommand(args, cfg);
    if (!args.has("user") && !args.has("history"))
        throw UsageError{"missing --user (or --history)"};
    const std::string split = args.get("split", "full");
    if (split != "full" && split != "train" && split != "valid" && split != "test")
        throw UsageError{"--split expects full, train, valid or test, got '" + split + "'"};

    LoadedModel lm;
    if (int rc = loadModelAndData(args, "explain", lm); rc != ExitOk)
        return rc;
    const Dataset& ds = lm.data;
    const SequenceModel& model = *lm.model;
    cfg.threads = lm.threads; // how many workers the bundle's parts run on

    History history;
    std::string userId = args.get("user");
    if (args.has("history")) {
        for (const auto& id : args.getList("history")) {
            const ItemIndex i = ds.findItem(id);
            if (i < 0)
                return fail("explain", ExitBadInput, "unknown item '" + id + "' in --history");
            history.push_back(i);
        }
        if (static_cast<int>(history.size()) > model.maxLength())
            return fail("explain", ExitHistoryTooLong,
                        "the history has " + std::to_string(history.size()) +
                            " items but the model looks at most at " +
                            std::to_string(model.maxLength()));
    } else {
        const UserIndex u = ds.findUser(userId);
        if (u < 0)
            return fail("explain", ExitBadInput,
                        "unknown user '" + userId + "' (not in " + ds.sourcePath + ")");
        cfg.igBaselineExcludeUser = u; // never their own history as a sampled IG baseline
        if (split == "train")
            history = ds.trainingSequence(u);
        else if (split == "valid")
            history = ds.historyFor(u, EvalSplit::Valid);
        else if (split == "test")
            history = ds.historyFor(u, EvalSplit::Test);
        else
            history = ds.users[static_cast<size_t>(u)].sequence;
    }
    if (history.empty())
        return fail("explain", ExitEmptyHistory,
                    split == "full" ? "customer '" + userId + "' has no purchases to explain"
                                    : "customer '" + userId + "' has no purchases before the " +
                                          split + " target, so there is nothing to explain");
    const size_t originalLength = history.size();
    // Already bought = the history as given, before clipping and before any edit: the set stays
    // fixed across what-if and counterfactual edits so their ranks stay comparable.
    const ExcludeBoughtChoice exclusion = excludeBoughtFromArgs(args, ds);
    const History bought = exclusion.excluded ? history : History{};
    history = clipHistory(history, model.maxLength());
    if (topKAll)
        return printTopKAll(CandidateFilterModel(model, bought), ds, history, cfg, userId,
                            args.has("json"), exclusion);

    ItemIndex target = -1;
    if (args.has("item")) {
        target = ds.findItem(args.get("item"));
        if (target < 0)
            return fail("explain", ExitBadInput, "unknown item '" + args.get("item") + "'");
    }
    // An explicitly requested target stays a candidate even if bought (ranked among the
    // not-yet-bought products plus itself).
    const CandidateFilterModel candidates(model, bought, target);
    const bool targetBought =
        std::find(bought.begin(), bought.end(), target) != bought.end() && target >= 0;
    for (const auto& id : args.getList("remove")) {
        const ItemIndex i = ds.findItem(id);
        if (i < 0)
            return fail("explain", ExitBadInput, "unknown item '" + id + "' in --remove");
        bool any = false;
        // Remove every occurrence; positions refer to the history as already edited.
        History cur = applyEdits(history, cfg.whatIfEdits, model.itemCount());
        for (int p = static_cast<int>(cur.size()) - 1; p >= 0; --p)
            if (cur[static_cast<size_t>(p)] == i) {
                cfg.whatIfEdits.push_back({HistoryEdit::Kind::Remove, p, -1, -1});
                any = true;
            }
        if (!any)
            return fail("explain", ExitBadInput,
                        "item '" + id + "' in --remove is not in the explained history");
    }
    if (!cfg.whatIfEdits.empty())
        cfg.methods.whatIf = true;

    const ExplanationBundle b = explain(candidates, ds, history, target, cfg);
    if (args.has("json")) {
        auto j = explanationToJson(b, ds, userId);
        addExcludeBoughtJson(j, exclusion);
        j["target_already_bought"] = targetBought;
        j["history_length_before_clip"] = originalLength;
        j["split"] = split;
        j["compute"] = computeJson(cfg.threads);
        std::cout << jsonText(j) << "\n";
    } else {
        printText(b, ds, userId, originalLength);
    }
    return ExitOk;
}

} // namespace reclens::cli
