#pragma once
// The entry points shared by the libFuzzer targets (fuzz_<target>.cpp) and the regression test
// that replays the committed corpus in the normal test run (tests/core/test_fuzz_corpus.cpp), so
// both feed bytes through exactly the same code.
//
// Inputs of importers that read several files hold one part per file, separated by a line
// "%%" (see splitFuzzParts); a part that is absent is a missing file.

#include "common/expected.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace reclens::fuzz {

struct FuzzOutcome {
    Status status = Ok{}; // what the loader said: ok or an expected Error
    // Non-empty when a property that must always hold did not: an Error that does not name the
    // input, an inconsistent Dataset, a round trip that changed the data. A bug.
    std::string violation;
    std::string fingerprint; // of the Dataset that loaded (importers only), for comparisons
};

/// Runs one input. `name` names the input (a corpus path, or "fuzz-input"): every file the
/// loader is given lives under it, so every Error must name it.
using FuzzEntry = FuzzOutcome (*)(std::string_view input, const std::string& name);

FuzzOutcome fuzzUciRetail(std::string_view input, const std::string& name);
/// Parts: PREFIX.item2index, .user2index, .test.inter, .valid.inter, .text.
FuzzOutcome fuzzUniSrec(std::string_view input, const std::string& name);
/// Parts: T.inter, T.item (RecBole atomic files).
FuzzOutcome fuzzRecBole(std::string_view input, const std::string& name);
/// Parts: movies.csv, ratings.csv.
FuzzOutcome fuzzMovieLens(std::string_view input, const std::string& name);
/// Parts: interactions.csv, catalog.csv and optionally the catalog's column mapping (lines: item,
/// title, category levels comma-separated, brand, price). A dataset that loads is also k-core
/// filtered (k = 2).
FuzzOutcome fuzzGenericCsv(std::string_view input, const std::string& name);
/// Parts: interactions.csv, queries.csv (the search log matched against the interactions).
/// The tokenizer also runs over the whole input: tokens are non-empty valid UTF-8 without
/// separators.
FuzzOutcome fuzzQueryLog(std::string_view input, const std::string& name);
/// A ModelInfo JSON document (checkpoint header); what parses must survive a JSON round trip.
FuzzOutcome fuzzModelJson(std::string_view input, const std::string& name);
/// A whole model file. Decoded as given, then once more with its checksum fixed up so that the
/// section and header checks behind the checksum are reached too.
FuzzOutcome fuzzCheckpoint(std::string_view input, const std::string& name);

struct FuzzTarget {
    const char* name; // also the corpus folder tests/fuzz/corpus/<name>/
    FuzzEntry entry;
};
const std::vector<FuzzTarget>& fuzzTargets();

/// Splits at lines that are exactly "%%", into at most `maxParts` parts (the last part keeps
/// any further separators). Each part keeps its own final line break.
std::vector<std::string_view> splitFuzzParts(std::string_view input, std::size_t maxParts);

/// The body of LLVMFuzzerTestOneInput: a violated property aborts so libFuzzer records it.
inline int runFuzzInput(FuzzEntry entry, const std::uint8_t* data, std::size_t size) {
    const FuzzOutcome out =
        entry(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz-input");
    if (!out.violation.empty()) {
        std::fprintf(stderr, "fuzz property violated: %s\n", out.violation.c_str());
        std::abort();
    }
    return 0;
}

} // namespace reclens::fuzz
