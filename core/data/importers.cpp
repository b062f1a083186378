// Format detection and dispatch for loadDataset().

#include "data/importers.h"

#include "data/datasetstats.h"

#include "data/textinput.h"

#include <cstdio>
#include <filesystem>
#include <zlib.h>

namespace fs = std::filesystem;

namespace reclens {

namespace {

bool hasSuffix(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// First line of a plain or gzip file (gzread also reads uncompressed files transparently).
std::string firstLine(const std::string& path) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f)
        return {};
    char buf[4096];
    int n = gzread(f, buf, sizeof buf);
    gzclose(f);
    if (n <= 0)
        return {};
    std::string s(buf, static_cast<std::size_t>(n));
    s = std::string(data::stripBom(s));
    auto nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl);
}

bool hasFileWithSuffix(const fs::path& dir, const std::string& suffix) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (hasSuffix(e.path().filename().string(), suffix))
            return true;
    return false;
}

} // namespace

const char* formatName(DataFormat f) {
    switch (f) {
    case DataFormat::Auto:
        return "auto";
    case DataFormat::UciRetail:
        return "uci-retail";
    case DataFormat::UniSrec:
        return "unisrec";
    case DataFormat::MovieLens:
        return "movielens";
    case DataFormat::Csv:
        return "csv";
    case DataFormat::RecBole:
        return "recbole";
    }
    return "auto";
}

Expected<DataFormat> parseFormatName(const std::string& name) {
    for (DataFormat f : {DataFormat::Auto, DataFormat::UciRetail, DataFormat::UniSrec,
                         DataFormat::MovieLens, DataFormat::Csv, DataFormat::RecBole})
        if (name == formatName(f))
            return f;
    return makeError(ErrorCode::InvalidArgument, "", 0, 0,
                     "unknown format '" + name +
                         "'; expected one of auto, uci-retail, unisrec, recbole, movielens, csv");
}

Expected<DataFormat> detectFormat(const std::string& path) {
    std::error_code ec;
    const fs::path p(path);
    if (fs::is_directory(p, ec)) {
        if (hasFileWithSuffix(p, ".item2index"))
            return DataFormat::UniSrec;
        if (hasFileWithSuffix(p, ".inter"))
            return DataFormat::RecBole;
        if (fs::exists(p / "ratings.csv", ec) && fs::exists(p / "movies.csv", ec))
            return DataFormat::MovieLens;
        if (fs::exists(p / "interactions.csv", ec))
            return DataFormat::Csv;
        if (fs::exists(p / "online_retail.csv.gz", ec) || fs::exists(p / "online_retail.csv", ec))
            return DataFormat::UciRetail;
        return makeError(ErrorCode::Schema, path, 0, 0,
                         "unrecognised data directory; expected a UniSRec directory (*.inter, "
                         "*.item2index), RecBole atomic files (*.inter, *.item), a MovieLens "
                         "directory (ratings.csv + movies.csv) or a "
                         "directory with interactions.csv");
    }
    if (!fs::exists(p, ec))
        return makeError(ErrorCode::Io, path, 0, 0, "no such file or directory");
    const std::string name = p.filename().string();
    if (hasSuffix(name, ".inter") && !hasFileWithSuffix(p.parent_path(), ".item2index"))
        return DataFormat::RecBole;
    if (hasSuffix(name, ".inter") || hasSuffix(name, ".item2index") || hasSuffix(name, ".text"))
        return DataFormat::UniSrec;
    const std::string header = data::toLower(firstLine(path));
    if (header.find("invoiceno") != std::string::npos &&
        header.find("stockcode") != std::string::npos)
        return DataFormat::UciRetail;
    if (name == "ratings.csv" && header.find("movieid") != std::string::npos)
        return DataFormat::MovieLens;
    return DataFormat::Csv;
}

Expected<Dataset> loadDataset(const std::string& path, const ImportOptions& options) {
    DataFormat format = options.format;
    if (format == DataFormat::Auto) {
        auto detected = detectFormat(path);
        if (!detected)
            return detected.error();
        format = *detected;
    }
    std::string target = path;
    std::error_code ec;
    if (format == DataFormat::UciRetail && fs::is_directory(path, ec)) {
        const fs::path gz = fs::path(path) / "online_retail.csv.gz";
        target = fs::exists(gz, ec) ? gz.string() : (fs::path(path) / "online_retail.csv").string();
    }
    if (format == DataFormat::MovieLens && !fs::is_directory(path, ec))
        target = fs::path(path).parent_path().string();
    Expected<Dataset> ds = [&]() -> Expected<Dataset> {
        switch (format) {
        case DataFormat::UciRetail:
            return loadUciRetail(target, true, options.limits);
        case DataFormat::UniSrec:
            return loadUniSrec(target, options.limits);
        case DataFormat::MovieLens:
            return loadMovieLens(target, options.limits);
        case DataFormat::RecBole:
            return loadRecBole(target, options.limits);
        case DataFormat::Csv:
        case DataFormat::Auto:
            break;
        }
        return loadGenericCsv(target, options);
    }();
    if (ds && options.kCore > 0)
        applyKCore(*ds, options.kCore);
    if (ds)
        ds->cleanup.notes.push_back(repeatRateNote(datasetStats(*ds).repeatRate));
    return ds;
}

} // namespace reclens
