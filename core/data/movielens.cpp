// MovieLens (ml-latest-small layout): ratings.csv (userId,movieId,rating,timestamp) and
// movies.csv (movieId,title,genres). Every rating counts as an interaction; the genres string
// ("Adventure|Animation|...") becomes the category. Items are all movies of movies.csv (also
// unrated ones, so the catalog is complete) in file order.

#include "data/csvreader.h"
#include "data/datasetbuilder.h"
#include "data/filesource.h"
#include "data/importers.h"
#include "data/textinput.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace reclens {

namespace {

using data::CsvReader;
using data::CsvRecord;

struct Columns {
    std::vector<std::string> header;
    std::vector<int> index;
};

// Reads the header of `reader` and finds every name in `names`.
Expected<Columns> requireColumns(CsvReader& reader, CsvRecord& rec,
                                 const std::vector<std::string>& names) {
    auto got = reader.next(rec);
    if (!got)
        return got.error();
    std::string expected;
    for (const auto& n : names)
        expected += (expected.empty() ? "" : ",") + n;
    if (!*got)
        return makeError(ErrorCode::Schema, reader.file(), 1, 1,
                         "empty file; expected a header line " + expected);
    Columns c;
    c.header = rec.fields;
    for (const auto& n : names) {
        const int i = data::findColumn(c.header, n);
        if (i < 0)
            return makeError(ErrorCode::Schema, reader.file(), 1, 1,
                             "no column '" + n + "' in the header; expected " + expected);
        c.index.push_back(i);
    }
    return c;
}

Error fieldCountError(const CsvReader& reader, const CsvRecord& rec, std::size_t want) {
    return reader.fieldError(ErrorCode::Parse, rec, want,
                             "expected " + std::to_string(want) +
                                 " fields as in the header but found " +
                                 std::to_string(rec.fields.size()));
}

} // namespace

Expected<Dataset> loadMovieLens(const std::string& dir, const DataLimits& limits) {
    return data::loadMovieLensFrom(data::diskFiles(), dir, limits);
}

Expected<Dataset> data::loadMovieLensFrom(const FileSource& files, const std::string& dir,
                                          const DataLimits& limits) {
    const std::string moviesPath = (fs::path(dir) / "movies.csv").string();
    const std::string ratingsPath = (fs::path(dir) / "ratings.csv").string();
    data::DatasetBuilder builder;

    auto movies = files.read(moviesPath);
    if (!movies)
        return movies.error();
    if (auto st = data::checkUtf8(*movies, moviesPath); !st)
        return st.error();
    CsvReader mr(*movies, moviesPath, ',');
    CsvRecord rec;
    auto mc = requireColumns(mr, rec, {"movieId", "title", "genres"});
    if (!mc)
        return mc.error();
    for (;;) {
        auto got = mr.next(rec);
        if (!got)
            return got.error();
        if (!*got)
            break;
        if (rec.fields.size() != mc->header.size())
            return fieldCountError(mr, rec, mc->header.size());
        const auto idField = static_cast<std::size_t>(mc->index[0]);
        if (!data::parseInt64(rec.fields[idField]))
            return mr.fieldError(ErrorCode::Parse, rec, idField,
                                 "bad movieId '" + rec.fields[idField].substr(0, 30) +
                                     "'; expected a whole number");
        const std::size_t before = builder.items().size();
        Item& item = builder.items()[static_cast<std::size_t>(
            builder.item(std::string(data::trim(rec.fields[idField]))))];
        if (builder.items().size() == before)
            return mr.fieldError(ErrorCode::Parse, rec, idField,
                                 "duplicate movieId " + rec.fields[idField] +
                                     "; expected each movie once");
        if (static_cast<std::int64_t>(builder.items().size()) > limits.maxItems)
            return mr.fieldError(ErrorCode::Limit, rec, idField,
                                 tooManyMessage(limits.maxItems, "items"));
        for (std::size_t k = 1; k <= 2; ++k)
            if (auto e = mr.checkText(rec, static_cast<std::size_t>(mc->index[k]),
                                      k == 1 ? "title" : "genres"))
                return *e;
        item.title = std::string(data::trim(rec.fields[static_cast<std::size_t>(mc->index[1])]));
        const std::string genres(data::trim(rec.fields[static_cast<std::size_t>(mc->index[2])]));
        item.category = genres == "(no genres listed)" ? std::string() : genres;
    }

    auto ratings = files.read(ratingsPath);
    if (!ratings)
        return ratings.error();
    if (auto st = data::checkUtf8(*ratings, ratingsPath); !st)
        return st.error();
    CsvReader rr(*ratings, ratingsPath, ',');
    auto rc = requireColumns(rr, rec, {"userId", "movieId", "rating", "timestamp"});
    if (!rc)
        return rc.error();
    std::int64_t rows = 0;
    for (;;) {
        auto got = rr.next(rec);
        if (!got)
            return got.error();
        if (!*got)
            break;
        ++rows;
        if (rec.fields.size() != rc->header.size())
            return fieldCountError(rr, rec, rc->header.size());
        const auto uf = static_cast<std::size_t>(rc->index[0]);
        const auto mf = static_cast<std::size_t>(rc->index[1]);
        const auto rf = static_cast<std::size_t>(rc->index[2]);
        const auto tf = static_cast<std::size_t>(rc->index[3]);
        if (!data::parseInt64(rec.fields[uf]))
            return rr.fieldError(ErrorCode::Parse, rec, uf,
                                 "bad userId '" + rec.fields[uf].substr(0, 30) +
                                     "'; expected a whole number");
        if (!data::parseDouble(rec.fields[rf]))
            return rr.fieldError(ErrorCode::Parse, rec, rf,
                                 "bad rating '" + rec.fields[rf].substr(0, 30) +
                                     "'; expected a number");
        auto t = data::parseInt64(rec.fields[tf]);
        if (!t)
            return rr.fieldError(ErrorCode::Parse, rec, tf,
                                 "bad timestamp '" + rec.fields[tf].substr(0, 30) +
                                     "'; expected unix seconds");
        const std::string movie(data::trim(rec.fields[mf]));
        ItemIndex item = builder.findItem(movie);
        if (item < 0)
            return rr.fieldError(ErrorCode::Unknown, rec, mf,
                                 "unknown movieId '" + movie.substr(0, 30) +
                                     "'; expected a movie listed in " + moviesPath);
        const UserIndex user = builder.user(std::string(data::trim(rec.fields[uf])));
        if (static_cast<std::int64_t>(builder.userCount()) > limits.maxUsers)
            return rr.fieldError(ErrorCode::Limit, rec, uf,
                                 tooManyMessage(limits.maxUsers, "users"));
        builder.add(user, item, *t);
    }
    if (rows == 0)
        return makeError(ErrorCode::Schema, ratingsPath, 2, 1,
                         "no ratings after the header; expected at least one row");
    Dataset ds = builder.build("movielens", dir, true, limits.maxHistory);
    ds.cleanup.rowsRead = rows;
    ds.cleanup.rowsKept = rows;
    return ds;
}

} // namespace reclens
