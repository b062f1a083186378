#include "batch/merge.h"

#include "batch/merchantbatch.h"
#include "batch/recommendbatch.h"
#include "batch/shardfiles.h"
#include "common/atomicfile.h"
#include "report/htmlwriter.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>

namespace reclens::batch {

namespace {

Error schema(const std::string& file, const std::string& what) {
    return makeError(ErrorCode::Schema, file, 0, 0, what);
}

Expected<std::vector<ShardManifest>> readRun(const std::string& inDir) {
    const std::string dir = shardsDir(inDir);
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        return makeError(ErrorCode::Io, dir, 0, 0,
                         "no shards folder (run recommend --all or report with --out " + inDir +
                             " first)");
    static const std::regex name(R"(shard-\d+-of-\d+\.json)");
    std::vector<std::string> paths;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (std::regex_match(e.path().filename().string(), name))
            paths.push_back(e.path().string());
    if (paths.empty())
        return makeError(ErrorCode::Io, dir, 0, 0, "no finished shard (no shard manifest)");
    std::sort(paths.begin(), paths.end());
    std::vector<ShardManifest> all;
    for (const auto& p : paths) {
        auto m = readManifest(p);
        if (!m)
            return m.error();
        all.push_back(std::move(*m));
    }
    const ShardManifest& first = all.front();
    std::vector<const ShardManifest*> byIndex(static_cast<std::size_t>(first.shard.count), nullptr);
    for (const auto& m : all) {
        if (m.shard.count != first.shard.count || m.fingerprint != first.fingerprint ||
            m.kind != first.kind || m.blockSize != first.blockSize ||
            m.batchPositions != first.batchPositions)
            return schema(shardManifestPath(inDir, m.shard),
                          "belongs to another run than " + shardManifestPath(inDir, first.shard) +
                              " (shard count, settings, model or data differ); merge one run "
                              "per folder");
        if (m.lines != ownedPositions(m.shard, m.batchPositions, m.blockSize))
            return schema(shardManifestPath(inDir, m.shard),
                          "its line count does not fit its shard");
        byIndex[static_cast<std::size_t>(m.shard.index)] = &m;
    }
    std::vector<ShardManifest> ordered;
    for (std::size_t i = 0; i < byIndex.size(); ++i) {
        if (!byIndex[i])
            return makeError(ErrorCode::Io,
                             shardManifestPath(inDir, {static_cast<int>(i), first.shard.count}), 0,
                             0,
                             "missing: shard " + std::to_string(i + 1) + " of " +
                                 std::to_string(first.shard.count) + " has not finished");
        ordered.push_back(*byIndex[i]);
    }
    return ordered;
}

/// Interleaves the shards' lines back into batch order: block b comes from shard b mod n.
Status mergeLines(const std::string& inDir, const std::vector<ShardManifest>& run,
                  const std::string& outPath) {
    const int n = static_cast<int>(run.size());
    std::vector<std::unique_ptr<std::ifstream>> in;
    for (const auto& m : run) {
        in.push_back(
            std::make_unique<std::ifstream>(shardLinesPath(inDir, m.shard), std::ios::binary));
        if (!*in.back())
            return makeError(ErrorCode::Io, shardLinesPath(inDir, m.shard), 0, 0,
                             "cannot read the shard's lines");
    }
    std::vector<std::int64_t> lineNo(run.size(), 0);
    Error failure;
    bool failed = false;
    auto st = writeFileAtomically(outPath, [&](std::ostream& os) {
        const std::int64_t total = run.front().batchPositions;
        const std::int64_t block = run.front().blockSize;
        std::string line;
        for (std::int64_t start = 0, b = 0; start < total; start += block, ++b) {
            const auto s = static_cast<std::size_t>(b % n);
            for (std::int64_t p = start; p < std::min(total, start + block); ++p) {
                ++lineNo[s];
                if (!std::getline(*in[s], line)) {
                    failure = makeError(ErrorCode::Parse, shardLinesPath(inDir, run[s].shard),
                                        lineNo[s], 0, "the shard's lines end early");
                    failed = true;
                    throw std::runtime_error(failure.message);
                }
                os << line << '\n';
            }
        }
    });
    if (failed)
        return failure;
    return st;
}

Expected<nlohmann::json> recommendSummary(const std::string& inDir,
                                          const std::vector<ShardManifest>& run) {
    const auto& t0 = run.front().tally;
    std::vector<std::string> ids;
    std::vector<int> edges;
    int k = 0;
    try {
        ids = t0.at("item_ids").get<std::vector<std::string>>();
        edges = t0.at("rank_bin_edges").get<std::vector<int>>();
        k = t0.at("k").get<int>();
    } catch (const nlohmann::json::exception& e) {
        return schema(shardManifestPath(inDir, run.front().shard),
                      std::string("bad tally: ") + e.what());
    }
    const int items = static_cast<int>(ids.size());
    ExposureTally sum(items, edges.size());
    for (const auto& m : run) {
        auto t = ExposureTally::fromJson(m.tally.value("exposure", nlohmann::json()), items,
                                         edges.size(), shardManifestPath(inDir, m.shard));
        if (!t)
            return t.error();
        sum.add(*t);
    }
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = 0; i < ids.size(); ++i) {
        std::vector<std::int64_t> hist;
        std::int64_t binned = 0;
        for (std::size_t b = 0; b + 1 < edges.size(); ++b) {
            hist.push_back(sum.rankHistogram[b][i]);
            binned += sum.rankHistogram[b][i];
        }
        hist.push_back(sum.customers - binned); // the open last bin
        const double share = sum.customers > 0 ? static_cast<double>(sum.topKCount[i]) /
                                                     (static_cast<double>(sum.customers) * k)
                                               : 0.0;
        list.push_back({{"item", ids[i]},
                        {"top_k_count", sum.topKCount[i]},
                        {"exposure_share", share},
                        {"rank_histogram", std::move(hist)}});
    }
    return nlohmann::json{{"kind", "recommend"},
                          {"customers", sum.customers},
                          {"k", k},
                          {"rank_bin_edges", edges},
                          {"items", std::move(list)}};
}

/// A page linking every report: one row per line of reports.jsonl.
Status writeReportIndex(const std::string& linesPath, const std::string& outPath,
                        const std::string& kind) {
    std::ifstream in(linesPath, std::ios::binary);
    return writeFileAtomically(outPath, [&](std::ostream& os) {
        os << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
           << report::escapeHtml(kind) << " index</title></head><body>\n<h1>"
           << report::escapeHtml(kind) << "</h1>\n<table>\n<tr><th>Id</th><th>Files</th></tr>\n";
        std::string line;
        while (std::getline(in, line)) {
            const auto j = nlohmann::json::parse(line, nullptr, false);
            if (!j.is_object())
                continue;
            os << "<tr><td>" << report::escapeHtml(j.value("id", "")) << "</td><td>";
            for (const auto& f : j.value("files", nlohmann::json::array())) {
                const std::string name = f.get<std::string>();
                os << "<a href=\"" << report::escapeHtml(name) << "\">" << report::escapeHtml(name)
                   << "</a> ";
            }
            os << "</td></tr>\n";
        }
        os << "</table>\n</body></html>\n";
    });
}

} // namespace

Expected<MergeResult> mergeShards(const std::string& inDir, const std::string& outDir) {
    auto run = readRun(inDir);
    if (!run)
        return run.error();
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    MergeResult result;
    result.kind = run->front().kind;
    result.shards = static_cast<int>(run->size());
    result.lines = run->front().batchPositions;
    for (const auto& m : *run)
        result.shardSeconds += m.seconds;
    const bool recommend = result.kind == "recommend";
    const bool merchant = result.kind == "merchant";
    const std::string linesPath = outDir + (recommend  ? "/recommendations.jsonl"
                                            : merchant ? "/customers.jsonl"
                                                       : "/reports.jsonl");
    if (auto st = mergeLines(inDir, *run, linesPath); !st)
        return st.error();
    result.outputs.push_back(linesPath);

    nlohmann::json summary;
    if (recommend) {
        auto s = recommendSummary(inDir, *run);
        if (!s)
            return s.error();
        summary = std::move(*s);
    } else if (merchant) {
        std::vector<nlohmann::json> tallies;
        std::vector<std::string> names;
        for (const auto& m : *run) {
            tallies.push_back(m.tally);
            names.push_back(shardManifestPath(inDir, m.shard));
        }
        auto s = batch::mergeMerchantTallies(tallies, names);
        if (!s)
            return s.error();
        summary = std::move(*s);
    } else {
        summary = {{"kind", result.kind}, {"reports", result.lines}};
        const std::string index = outDir + "/index.html";
        if (auto st = writeReportIndex(linesPath, index, result.kind); !st)
            return st.error();
        result.outputs.push_back(index);
    }
    // One product per line: readable, and diff-friendly between runs.
    const std::string summaryPath = outDir + "/summary.json";
    auto st = writeFileAtomically(summaryPath, [&](std::ostream& os) {
        const auto dump = [](const nlohmann::json& j) {
            return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        };
        if (!summary.contains("items")) { // small: one key per line
            os << summary.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
            return;
        }
        nlohmann::json items = summary["items"];
        summary.erase("items");
        const std::string head = dump(summary);
        os << head.substr(0, head.size() - 1);
        if (items.is_array()) {
            os << ",\"items\":[";
            for (std::size_t i = 0; i < items.size(); ++i)
                os << (i ? ",\n" : "\n") << dump(items[i]);
            os << "\n]";
        }
        os << "}\n";
    });
    if (!st)
        return st.error();
    result.outputs.push_back(summaryPath);
    return result;
}

} // namespace reclens::batch
