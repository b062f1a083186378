#pragma once
// Readers for every data source RecLens understands. Each returns a finalized Dataset or an
// Error that names the file, line, column and what was expected; none of them throws on bad
// input.

#include "common/expected.h"
#include "data/dataset.h"
#include "data/limits.h"

#include <string>
#include <vector>

namespace reclens {

enum class DataFormat { Auto, UciRetail, UniSrec, MovieLens, Csv, RecBole };

/// Which columns of a catalog CSV hold what (--catalog-*-column on the command line). The
/// defaults are the names of RecLens' own catalog format. A column left at its default name is
/// optional (absent = not read); a column named otherwise must be in the header. "" = not read.
struct CatalogColumns {
    std::string item = "item";
    /// When no title column is read, an item's title is composed from its most specific category
    /// level and its brand ("HAM, National"); the import notes say so.
    std::string title = "title";
    /// Category levels, most general first, joined with " > " into the item's category path
    /// (empty levels are left out).
    std::vector<std::string> category = {"category"};
    std::string brand = "brand";
    std::string price = "price"; // non-negative numbers or nothing
};

struct ImportOptions {
    DataFormat format = DataFormat::Auto; // Auto recognises the format from the path
    std::string catalogPath;              // optional catalog CSV for the generic format
    // Column names of the generic CSV (mapped on the command line).
    std::string userColumn = "user";
    std::string itemColumn = "item";
    std::string timeColumn = "timestamp";
    CatalogColumns catalogColumns; // columns of the catalog CSV
    int kCore = 0;     // 0 = no k-core filter; otherwise min interactions per user and per item
                       // (1 = only drop catalog products nobody bought, and customers without any)
    DataLimits limits; // item/user/history counts; beyond them a load fails (see data/limits.h)
    // How a large generic CSV is parsed; the Dataset (and any error) is the same either way.
    int threads = 0;            // parsing threads; 0 = all cores, 1 = the serial reader
    std::size_t chunkBytes = 0; // bytes per parsed chunk; 0 = one chunk per thread (min 4 MiB)
};

/// Recognises the format of `path` (a file or a directory): UCI Online Retail CSV/CSV.gz,
/// a UniSRec directory (or its .inter file; it has .item2index files), RecBole atomic files (a
/// directory with PREFIX.inter and optionally PREFIX.item, or the .inter file), a MovieLens
/// directory (ratings.csv + movies.csv) or a generic user,item,timestamp CSV/TSV.
Expected<DataFormat> detectFormat(const std::string& path);
const char* formatName(DataFormat f);
Expected<DataFormat> parseFormatName(const std::string& name);

Expected<Dataset> loadDataset(const std::string& path, const ImportOptions& options = {});

/// `dropNonProductCodes` = false keeps postage, fees, vouchers etc. (only to audit the clean-up).
Expected<Dataset> loadUciRetail(const std::string& csvOrGzPath, bool dropNonProductCodes = true,
                                const DataLimits& limits = {});
Expected<Dataset> loadUniSrec(const std::string& dirOrInterPath, const DataLimits& limits = {});
/// RecBole atomic files: a directory (its PREFIX.inter — the whole file preferred over
/// .train/.valid/.test splits — and PREFIX.item) or one .inter file (with PREFIX.item beside it).
Expected<Dataset> loadRecBole(const std::string& dirOrInterPath, const DataLimits& limits = {});
Expected<Dataset> loadMovieLens(const std::string& dir, const DataLimits& limits = {});
Expected<Dataset> loadGenericCsv(const std::string& interactionsPath, const ImportOptions& options);

} // namespace reclens
