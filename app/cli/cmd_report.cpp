// reclens-cli report: batch explanation reports (HTML, PDF, JSON, CSV) for customers or
// products. Resumable: a report whose files all exist is skipped, and every file is written
// atomically, so a killed run can simply be started again. --shard i/n splits a batch across
// machines (job arrays).

#include "cmd_explainshared.h"
#include "cmd_modelshared.h"
#include "commands.h"
#include "explain/explainmethods.h"
#include "pdfrenderer.h"
#include "report/productreport.h"
#include "report/reportfiles.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

namespace reclens::cli {

namespace {

const char* kSummary =
    "Write explanation reports people can share. A customer report holds the history, the "
    "top-K and, for each of the first --explain-top recommendations, attention heatmaps, "
    "saliency of every method, faithfulness scores, the minimal counterfactual and a plain-"
    "language summary. A product report shows exposure, the rank histogram, drivers and "
    "exposure against popularity. Every report ends with a model card (checkpoint SHA-256, "
    "config, data fingerprint, seeds, method settings).\n\n"
    "Files: DIR/customer-<id>.{html,pdf,json} and DIR/customer-<id>.<table>.csv (products: "
    "product-<id>...). A rerun skips reports whose files all exist (--force rewrites them); "
    "files are written to a temporary name and renamed, so an interrupted run never leaves a "
    "half-written file. --shard i/n (1 <= i <= n) keeps every n-th report starting at the i-th.\n\n"
    "Exit codes: 0 ok, 2 usage, 3 unreadable input or unknown user/item, 4 internal error, "
    "5 interrupted, 6 a listed customer has no history.";

std::atomic_bool g_interrupted{false};

extern "C" void onSigint(int) {
    g_interrupted = true;
}

struct Shard {
    int index = 1; // 1-based
    int count = 1;
};

Shard parseShard(const std::string& text) {
    auto slash = text.find('/');
    try {
        if (slash != std::string::npos) {
            std::size_t a = 0, b = 0;
            Shard s{std::stoi(text.substr(0, slash), &a), std::stoi(text.substr(slash + 1), &b)};
            if (a == slash && b == text.size() - slash - 1 && s.count >= 1 && s.index >= 1 &&
                s.index <= s.count)
                return s;
        }
    } catch (const std::exception&) {
    }
    throw UsageError{"--shard expects i/n with 1 <= i <= n (e.g. 2/8), got '" + text + "'"};
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
        {"shard", "i/n", "only the i-th of n interleaved parts of the batch"},
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
    for (const auto& a : argv)
        if (a == "--help") {
            std::cout << formatHelp("report", kSummary, specs);
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
    const Shard shard = args.has("shard") ? parseShard(args.get("shard")) : Shard{};
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

    LoadedModel lm;
    if (int rc = loadModelAndData(args, "report", lm); rc != ExitOk)
        return rc;
    const Dataset& ds = lm.data;
    const SequenceModel& model = *lm.model;
    // Workers of the explanations and the merchant analyses (recorded in the model card).
    ccfg.explain.threads = lm.threads;
    mcfg.threads = lm.threads;
    const bool products = args.has("items");
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
        if (static_cast<int>(i % static_cast<std::size_t>(shard.count)) == shard.index - 1)
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
    for (const auto& a : argv)
        if (a != "--force" && a.rfind("--shard", 0) != 0)
            card->command += " " + shellQuote(a);

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
        if (!args.has("force") && report::reportComplete(outDir, kind, base, *formats)) {
            ++skipped;
        } else {
            report::ReportOutput out;
            if (products) {
                if (!catalog) {
                    auto c = report::computeCatalogExposure(model, ds, mcfg.k, mcfg.batchSize, {},
                                                            shouldStop);
                    if (!c)
                        break; // interrupted
                    catalog = std::make_shared<const report::CatalogExposure>(std::move(*c));
                }
                report::ProductReportData data{
                    id, explainItem(model, ds, idx, mcfg, {}, shouldStop), catalog};
                if (data.merchant.cancelled)
                    break;
                out = report::buildProductReport(ds, data, *card);
            } else {
                auto data = report::computeCustomerReport(model, ds, idx, ccfg, shouldStop);
                if (!data)
                    return fail("report", ExitBadInput, data.error().message);
                if (data->cancelled)
                    break;
                out = report::buildCustomerReport(ds, *data, *card);
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
    if (args.has("json")) {
        std::cout << jsonText(nlohmann::json{{"reports", mine.size()},
                                             {"written", written},
                                             {"skipped", skipped},
                                             {"stale_temporaries_removed", staleRemoved},
                                             {"interrupted", g_interrupted.load()},
                                             {"seconds", seconds},
                                             {"out", outDir},
                                             {"files", files}},
                              1)
                  << "\n";
    } else {
        std::cout << "Wrote " << written << " report(s), skipped " << skipped
                  << " already complete, to " << outDir << " (" << seconds << " s)"
                  << (shard.count > 1 ? " [shard " + std::to_string(shard.index) + "/" +
                                            std::to_string(shard.count) + "]"
                                      : std::string())
                  << "\n";
    }
    if (g_interrupted)
        return fail("report", ExitCancelled,
                    "interrupted; run the same command again to finish the remaining reports");
    return ExitOk;
}

} // namespace reclens::cli
