#include "report/reportfiles.h"

#include "common/atomicfile.h"
#include "report/csvwriter.h"
#include "report/htmlwriter.h"
#include "report/reportformat.h"

#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;

namespace reclens::report {

Expected<ReportFormats> parseReportFormats(const std::string& list) {
    ReportFormats f{false, false, false, false};
    std::stringstream ss(list);
    std::string name;
    bool any = false;
    while (std::getline(ss, name, ',')) {
        if (name.empty())
            continue;
        if (name == "html")
            f.html = true;
        else if (name == "pdf")
            f.pdf = true;
        else if (name == "json")
            f.json = true;
        else if (name == "csv")
            f.csv = true;
        else
            return makeError(ErrorCode::InvalidArgument, "", 0, 0,
                             "unknown report format '" + name +
                                 "' (expected html, pdf, json, csv)");
        any = true;
    }
    if (!any)
        return makeError(ErrorCode::InvalidArgument, "", 0, 0,
                         "no report format given (expected a list of html, pdf, json, csv)");
    return f;
}

const std::vector<std::string>& csvTableNames(ReportKind kind) {
    static const std::vector<std::string> customer = {"history", "topk", "attributions",
                                                      "faithfulness", "counterfactual"};
    static const std::vector<std::string> product = {
        "exposure",          "rank_histogram", "drivers",
        "driver_categories", "driver_brands",  "customers",
        "confidence",        "comparison",     "what_if"};
    return kind == ReportKind::Customer ? customer : product;
}

std::string reportBaseName(ReportKind kind, const std::string& id) {
    return (kind == ReportKind::Customer ? "customer-" : "product-") + safeFileComponent(id);
}

std::vector<std::string> reportFiles(const std::string& dir, ReportKind kind,
                                     const std::string& baseName, const ReportFormats& formats) {
    const fs::path base = fs::path(dir) / baseName;
    std::vector<std::string> files;
    if (formats.csv)
        for (const auto& t : csvTableNames(kind))
            files.push_back(base.string() + "." + t + ".csv");
    if (formats.json)
        files.push_back(base.string() + ".json");
    if (formats.pdf)
        files.push_back(base.string() + ".pdf");
    if (formats.html)
        files.push_back(base.string() + ".html");
    return files;
}

bool reportComplete(const std::string& dir, ReportKind kind, const std::string& baseName,
                    const ReportFormats& formats) {
    std::error_code ec;
    for (const auto& f : reportFiles(dir, kind, baseName, formats))
        if (!fs::is_regular_file(f, ec))
            return false;
    return true;
}

Status writeReport(const std::string& dir, const ReportOutput& report, const ReportFormats& formats,
                   const PdfRenderFn& pdf) {
    const std::string base = (fs::path(dir) / report.baseName).string();
    if (formats.csv)
        for (const Table& t : report.csvTables) {
            auto st = writeFileAtomically(base + "." + t.csvName + ".csv", tableToCsv(t));
            if (!st)
                return st;
        }
    if (formats.json) {
        // Invalid UTF-8 in source data becomes U+FFFD instead of aborting the report.
        auto st = writeFileAtomically(
            base + ".json",
            report.json.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
        if (!st)
            return st;
    }
    if (formats.pdf) {
        if (!pdf)
            return makeError(ErrorCode::InvalidArgument, base + ".pdf", 0, 0,
                             "no PDF renderer available in this program");
        auto bytes = pdf(report.document);
        if (!bytes)
            return bytes.error();
        auto st = writeFileAtomically(base + ".pdf", *bytes);
        if (!st)
            return st;
    }
    if (formats.html) {
        auto st = writeFileAtomically(base + ".html", renderHtml(report.document));
        if (!st)
            return st;
    }
    return Ok{};
}

int removeStaleTemporaries(const std::string& dir, const std::set<std::string>& targets) {
    std::set<std::string> names;
    for (const auto& t : targets)
        names.insert(fs::path(t).filename().string());
    int removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        auto pos = name.rfind(".tmp-");
        if (pos == std::string::npos || !names.count(name.substr(0, pos)))
            continue;
        std::error_code rm;
        if (fs::remove(it->path(), rm))
            ++removed;
    }
    return removed;
}

} // namespace reclens::report
