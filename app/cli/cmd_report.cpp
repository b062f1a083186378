// reclens-cli report: batch explanation reports (HTML, PDF, JSON, CSV) for customers or
// products. Resumable: a report whose files all exist is skipped, and every file is written
// atomically, so a killed run can simply be started again. --shard i/n splits a batch across
// machines (job arrays).

#include "batch/shardfiles.h"
#include "cmd_batchshared.h"
#include "cmd_excludebought.h"
#include "cmd_explainshared.h"
#include "cmd_merchantoptions.h"
#include "cmd_modelshared.h"
#include "cmd_reportsearch.h"
#include "commands.h"
#include "explain/explainmethods.h"
#include "pdfrenderer.h"
#include "project/projectfile.h"
#include "report/productreport.h"
#include "report/reportfiles.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

namespace reclens::cli {

namespace {

const char* kSummary =
    "Write explanation reports people can share. A customer report holds the history, the "
    "top-K and, for each of the first --explain-top recommendations, attention heatmaps, "
    "saliency of every method, faithfulness scores, the minimal counterfactual and a plain-"
    "language summary. A product report opens with a plain-language sentence and shows exposure "
    "(with 95 % intervals when customers are sampled), the rank histogram, the customers with "
    "the product in their top-K, drivers, exposure against popularity and, when asked for, a "
    "comparison with a second product and a what-if. Every report ends with a model card "
    "(checkpoint SHA-256, "
    "config, data fingerprint, seeds, method settings).\n\n"
    "Files: DIR/customer-<id>.{html,pdf,json} and DIR/customer-<id>.<table>.csv (products: "
    "product-<id>...). A rerun skips reports whose files all exist (--force rewrites them); "
    "files are written to a temporary name and renamed, so an interrupted run never leaves a "
    "half-written file. Part i of n keeps every n-th report starting at the i-th; it also writes "
    "DIR/shards/shard-<i>-of-<n>.jsonl (one line per report: id, files) for reclens-cli merge.\n\n"
    "Exit codes: 0 ok, 2 usage, 3 unreadable input or unknown user/item, 4 internal error, "
    "5 interrupted, 6 a listed customer has no history.";

std::atomic_bool g_interrupted{false};

extern "C" void onSigint(int) {
    g_interrupted = true;
}

std::string shellQuote(const std::string& s) {
    if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789-_./,=:@") == std::string::npos)
        return s;
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

void progressLine(int done, int total, int written, int skipped, double seconds) {
    if (!stderrIsTerminal())
        return;
    std::cerr << "\rreport " << done << "/" << total << "  written " << written << ", skipped "
              << skipped << ", " << static_cast<int>(seconds) << " s   " << std::flush;
}

} // namespace

int runReport(const std::vector<std::string>& argv) {
    std::vector<OptionSpec> specs = {
        {"model", "PATH", kModelOptionHelp},
        itemMapOptionSpec(),
        {"users", "U1,U2,...", "customer reports for these customer ids"},
        {"all-users", "", "a customer report for every customer with a history"},
        {"items", "I1,I2,...", "product (merchant) reports for these item ids"},
        {"out", "DIR", "output folder (created if missing)"},
        {"out-format", "LIST", "html,pdf,json,csv (default html)"},
        {"k", "K", "top-K (default 10)"},
        {"explain-top", "N", "customer reports: explain the first N recommendations (default 3)"},
        {"methods", "LIST", "explanation methods, as for `explain` (default all)"},
        {"max-users", "N", "product reports: sample N customers (default 0 = all)"},
        {"project", "FILE.reclens",
         "customer reports: add the analysts' verdicts on the explained recommendations and "
         "their notes about the customer stored in this analysis project (docs/PROJECT_FILE.md)"},
        excludeBoughtSpec(),
        {"force", "", "rewrite reports that already exist"},
        {"threads", "T",
         "cores: 1 = one thread; 2 or more (0 = all cores) = explanations and merchant "
         "batches on two workers (default 0)"},
        {"json", "", "print a JSON summary on stdout"},
    };
    {
        auto data = dataOptionSpecs();
        data.front().help = "the dataset the model was trained on";
        specs.insert(specs.begin() + 1, data.begin(), data.end());
    }
    for (auto s : merchantOptionSpecs()) { // as for explain-item
        s.help = "product reports: " + s.help;
        specs.push_back(std::move(s));
    }
    for (const auto& s : shardOptionSpecs())
        specs.push_back(s);
    for (const auto& s : reportSearchOptionSpecs())
        specs.push_back(s);
    for (const auto& a : argv)
        if (a == "--help") {
            std::cout << formatHelp(
                "report", std::string(kSummary) + "\n\n" + kReportSearchHelp + "\n\n" + kShardHelp,
                specs);
            return ExitOk;
        }
    Args args(argv, specs);
    const int modes = args.has("users") + args.has("all-users") + args.has("items");
    if (modes != 1)
        throw UsageError{"give exactly one of --users, --all-users or --items"};
    const std::string outDir = args.require("out");
    auto formats = report::parseReportFormats(args.get("out-format", "html"));
    if (!formats)
        throw UsageError{formats.error().message};
    if (formats->pdf && !render::pdfAvailable())
        return fail("report", ExitUsage, render::renderPdf({}).error().message);
    const batch::ShardSpec shard = shardFromArgs(args);
    report::CustomerReportConfig ccfg;
    ccfg.k = args.getInt("k", 10);
    ccfg.explainTop = args.getInt("explain-top", 3);
    if (ccfg.k < 1 || ccfg.explainTop < 0)
        throw UsageError{"--k must be >= 1 and --explain-top >= 0"};
    if (args.has("methods")) {
        std::vector<std::string> unknown;
        ccfg.explain.methods = parseExplainMethods(args.get("methods"), &unknown);
        if (!unknown.empty())
            throw UsageError{"unknown method '" + unknown.front() + "' in --methods"};
    }
    ccfg.explain.k = ccfg.k;
    MerchantConfig mcfg;
    mcfg.k = ccfg.k;
    mcfg.maxUsers = args.getInt("max-users", 0);
    merchantOptionsFromArgs(args, mcfg);

    LoadedModel lm;
    if (int rc = loadModelAndData(args, "report", lm); rc != ExitOk)
        return rc;
    const Dataset& ds = lm.data;
    const SequenceModel& model = *lm.model;
    const ExcludeBoughtChoice exclusion = excludeBoughtFromArgs(args, ds);
    // Product reports rank each customer's own history out (the analysed item and a compared
    // one always stay: merchantCandidateModel).
    const auto merchantModel = [&](ItemIndex item) {
        return merchantCandidateModel(model, item, mcfg, exclusion.excluded);
    };
    // Workers of the explanations and the merchant analyses (recorded in the model card).
    ccfg.explain.threads = lm.threads;
    mcfg.threads = lm.threads;
    const bool products = args.has("items");
    if (int rc = resolveMerchantOptions(args, ds, "report", mcfg); rc != ExitOk)
        return rc;
    std::vector<Feedback> feedback;
    std::vector<Note> notes;
    std::string projectNote;
    if (args.has("project")) {
        auto project = loadProject(args.get("project"));
        if (!project)
            return fail("report", ExitBadInput, project.error().message);
        feedback = std::move(project->feedback);
        notes = std::move(project->notes);
        projectNote = std::move(project->note);
    }
    ReportSearch searchPart;
    if (int rc = loadReportSearch(args, ds, products, searchPart); rc != ExitOk)
        return rc;
    const auto kind = products ? report::ReportKind::Product : report::ReportKind::Customer;

    // The batch, in a stable order, then this shard's part of it.
    std::vector<int> all;
    if (args.has("all-users")) {
        for (std::size_t u = 0; u < ds.users.size(); ++u)
            if (!ds.users[u].sequence.empty())
                all.push_back(static_cast<int>(u));
    } else {
        for (const auto& id : args.getList(products ? "items" : "users")) {
            const int idx = products ? ds.findItem(id) : ds.findUser(id);
            if (idx < 0)
                return fail("report", ExitBadInput,
                            std::string("unknown ") + (products ? "item" : "user") + " '" + id +
                                "' (not in " + ds.sourcePath + ")");
            if (!products && ds.users[static_cast<std::size_t>(idx)].sequence.empty())
                return fail("report", ExitEmptyHistory,
                            "customer '" + id + "' has no purchases to explain");
            all.push_back(idx);
        }
    }
    std::vector<int> mine;
    for (std::size_t i = 0; i < all.size(); ++i)
        if (batch::ownsPosition(shard, static_cast<std::int64_t>(i), 1))
            mine.push_back(all[i]);
    auto idOf = [&](int idx) {
        return products ? ds.items[static_cast<std::size_t>(idx)].id
                        : ds.users[static_cast<std::size_t>(idx)].id;
    };

    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (!std::filesystem::is_directory(outDir))
        return fail("report", ExitBadInput, "cannot create the output folder " + outDir);
    std::set<std::string> targets;
    for (int idx : mine)
        for (auto& f :
             report::reportFiles(outDir, kind, report::reportBaseName(kind, idOf(idx)), *formats))
            targets.insert(std::move(f));
    const int staleRemoved = report::removeStaleTemporaries(outDir, targets);

    auto card = report::makeModelCard(args.get("model"), lm.info, ds);
    if (!card)
        return fail("report", ExitBadInput, card.error().message);
    card->explain = ccfg.explain;
    card->merchant = mcfg;
    card->command = "reclens-cli report";
    // The shard options (and their values) are left out: every part regenerates the same way.
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "--shard" || a == "--shard-count")
            ++i;
        else if (a != "--force" && a.rfind("--shard", 0) != 0)
            card->command += " " + shellQuote(a);
    }
    // Everything that decides this part's files; a finished part with the same is not rerun.
    const std::string batchKind = products ? "product-reports" : "customer-reports";
    const std::string fingerprint = batch::batchFingerprint(
        batchKind, card->checkpointSha256, ds.fingerprint,
        {{"out_format", args.get("out-format", "html")},
         {"k", ccfg.k},
         {"explain_top", ccfg.explainTop},
         {"methods", args.get("methods", "all")},
         {"max_users", mcfg.maxUsers},
         {"project", args.get("project", "")},
         {"feedback_rows", feedback.size()},
         {"search", searchPart.fingerprint()},
         {"merchant", merchantOptionsFingerprint(args)},
         {"batch",
          args.has("all-users") ? std::string("all") : args.get(products ? "items" : "users")}},
        shard.count, 1);
    const bool partDone = !args.has("force") && batch::shardFinished(outDir, shard, fingerprint);
    std::vector<nlohmann::json> lines; // one per report of this part, for reports.jsonl

    const report::PdfRenderFn pdf = [](const report::ReportDocument& doc) -> Expected<std::string> {
        auto r = render::renderPdf(doc);
        if (!r)
            return r.error();
        return std::move(r->bytes);
    };
    std::shared_ptr<const report::CatalogExposure> catalog;
    std::signal(SIGINT, onSigint);
    const auto shouldStop = [] {
        return g_interrupted.load();
    };
    const auto start = std::chrono::steady_clock::now();
    int written = 0, skipped = 0, done = 0;
    nlohmann::json files = nlohmann::json::array();
    for (int idx : mine) {
        if (g_interrupted)
            break;
        const std::string id = idOf(idx);
        const std::string base = report::reportBaseName(kind, id);
        nlohmann::json names = nlohmann::json::array();
        for (const auto& f : report::reportFiles(outDir, kind, base, *formats))
            names.push_back(std::filesystem::path(f).filename().string());
        lines.push_back({{"id", id}, {"files", std::move(names)}});
        if (partDone ||
            (!args.has("force") && report::reportComplete(outDir, kind, base, *formats))) {
            ++skipped;
        } else {
            report::ReportOutput out;
            if (products) {
                if (!catalog) {
                    // Every product's exposure: no product is kept against the exclusion.
                    auto c = report::computeCatalogExposure(
                        exclusion.excluded ? CandidateFilterModel::perHistory(model)
                                           : CandidateFilterModel(model, {}),
                        ds, mcfg.k, mcfg.batchSize, {}, shouldStop);
                    if (!c)
                        break; // interrupted
                    catalog = std::make_shared<const report::CatalogExposure>(std::move(*c));
                }
                report::ProductReportData data{
                    id, explainItem(merchantModel(idx), ds, idx, mcfg, {}, shouldStop), catalog};
                if (data.merchant.cancelled)
                    break;
                out = report::buildProductReport(ds, data, *card, projectNote);
            } else {
                const History& bought = ds.users[static_cast<std::size_t>(idx)].sequence;
                const CandidateFilterModel candidates(model,
                                                      exclusion.excluded ? bought : History{});
                auto data = report::computeCustomerReport(candidates, ds, idx, ccfg, shouldStop);
                if (!data)
                    return fail("report", ExitBadInput, data.error().message);
                if (data->cancelled)
                    break;
                data->feedback = feedback;
                data->notes = notes;
                data->projectNote = projectNote;
                out = report::buildCustomerReport(ds, *data, *card);
                std::optional<report::SearchReportData> search;
                if (searchPart.on()) {
                    auto sd = searchPart.compute(ds, idx, ccfg, shouldStop);
                    if (!sd)
                        return fail("report", ExitBadInput, sd.error().message);
                    if (sd->cancelled)
                        break;
                    search = std::move(*sd);
                }
                out = report::buildCustomerReport(ds, *data, *card, search ? &*search : nullptr);
            }
            if (auto st = report::writeReport(outDir, out, *formats, pdf); !st)
                return fail("report", ExitBadInput, st.error().message);
            ++written;
            for (const auto& f : report::reportFiles(outDir, kind, base, *formats))
                files.push_back(f);
        }
        ++done;
        progressLine(
            done, static_cast<int>(mine.size()), written, skipped,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    if (stderrIsTerminal())
        std::cerr << "\n";
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!g_interrupted && !partDone) {
        batch::ShardManifest m{
            batchKind, shard,       1,       static_cast<std::int64_t>(all.size()),
            0,         fingerprint, seconds, nlohmann::json::object()};
        if (auto st = batch::writeShard(outDir, m, lines); !st)
            return fail("report", ExitBadInput, st.error().message);
    }
    if (args.has("json")) {
        nlohmann::json j{{"reports", mine.size()},
                         {"written", written},
                         {"skipped", skipped},
                         {"stale_temporaries_removed", staleRemoved},
                         {"interrupted", g_interrupted.load()},
                         {"seconds", seconds},
                         {"out", outDir},
                         {"files", files}};
        addExcludeBoughtJson(j, exclusion);
        std::cout << jsonText(j, 1) << "\n";
    } else {
        std::cout << "Wrote " << written << " report(s), skipped " << skipped
                  << " already complete, to " << outDir << " (" << seconds << " s)"
                  << (shard.count > 1 ? " [shard " + batch::shardText(shard) + "]" : std::string())
                  << "\n";
    }
    if (g_interrupted)
        return fail("report", ExitCancelled,
                    "interrupted; run the same command again to finish the remaining reports");
    return ExitOk;
}

} // namespace reclens::cli
