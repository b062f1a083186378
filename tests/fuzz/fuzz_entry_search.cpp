// Fuzz entry point of the search-mode parsers: the query-log importer matched against an
// interactions CSV, and the tokenizer over every query that loads.

#include "data/filesource.h"
#include "data/querylog.h"
#include "data/textinput.h"
#include "fuzz_entry.h"
#include "text/tokenizer.h"

namespace reclens::fuzz {

namespace {

// Every token is non-empty, holds no separator byte and is valid UTF-8 (the tokenizer
// re-encodes what it decodes); the first broken rule, or "".
std::string checkTokens(const std::vector<std::string>& tokens) {
    for (const auto& t : tokens) {
        if (t.empty())
            return "an empty token";
        for (char c : t)
            if (static_cast<unsigned char>(c) < 0x80 && text::isSeparator(static_cast<char32_t>(c)))
                return "token '" + t + "' holds the separator byte " + std::to_string(int(c));
        if (auto st = data::checkUtf8(t, "token"); !st)
            return "token is not valid UTF-8: " + st.error().message;
    }
    return {};
}

} // namespace

FuzzOutcome fuzzQueryLog(std::string_view input, const std::string& name) {
    const auto parts = splitFuzzParts(input, 2);
    FuzzOutcome out;
    // The tokenizer takes any bytes, also those the importer would refuse.
    if (auto broken = checkTokens(text::tokenize(input)); !broken.empty())
        return {Ok{}, "tokenize(input): " + broken, {}};
    if (parts.size() < 2)
        return out; // no log part: only the tokenizer ran
    const std::string interactions = name + "/interactions.csv";
    const std::string queries = name + "/queries.csv";
    const data::FileSource files{[&](const std::string& path) -> Expected<std::string> {
                                     if (path == interactions)
                                         return std::string(parts[0]);
                                     return makeError(ErrorCode::Io, path, 0, 0,
                                                      "cannot open the file for reading");
                                 },
                                 [&](const std::string& path) {
                                     return path == interactions;
                                 }};
    auto ds = data::loadGenericCsvFrom(files, name, interactions, "", {});
    if (!ds)
        return out; // the interactions part is the genericcsv target's business
    auto log = parseQueryLog(parts[1], queries, *ds);
    if (!log) {
        out.status = log.error();
        if (log.error().file != queries)
            out.violation = "the Error names '" + log.error().file + "', not " + queries;
        return out;
    }
    const auto& c = log->cleanup;
    if (c.rowsKept + c.missingUser + c.other != c.rowsRead)
        out.violation = "rows read != kept + dropped";
    for (const auto& r : log->records) {
        const auto& u = ds->users.at(static_cast<std::size_t>(r.user));
        if (r.position < 0 || static_cast<std::size_t>(r.position) >= u.sequence.size() ||
            u.sequence[static_cast<std::size_t>(r.position)] != r.item)
            out.violation = "a record points at no purchase of its item";
        else if (r.query.empty())
            out.violation = "an empty query was kept";
        else if (auto broken = checkTokens(text::tokenize(r.query)); !broken.empty())
            out.violation = broken;
    }
    return out;
}

} // namespace reclens::fuzz
