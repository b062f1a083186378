#pragma once
// Hand-built inputs for the report writer tests: a tiny catalog whose titles are hostile
// (markup, quotes, ampersands, non-ASCII, invalid UTF-8) and an ExplanationBundle with every
// part filled with known numbers, so tests can check the writers without a trained model.

#include "data/dataset.h"
#include "explain/explanation.h"
#include "report/customerreport.h"
#include "report/modelcard.h"
#include "testfiles.h" // readFile

#include <string>
#include <vector>

namespace reclens::test {

inline const std::string kScriptTitle = "<script>alert(1)</script>";
inline const std::string kQuoteTitle = "Mug \"Best\" & 'Co' <b>bold</b>";
inline const std::string kUnicodeTitle = "Caf\xc3\xa9 \xc3\x9c"
                                         "ber \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac";

/// 8 items (0: script title, 1: quotes, 2: non-ASCII, 3: invalid UTF-8 bytes, ...) and 3 users;
/// user 0 has id `userId` and history {0,1,2,3,4,5}.
Dataset reportDataset(const std::string& userId = "C<&>\"1\"");

/// A bundle for history {0..5} and target 6 with every optional part present.
ExplanationBundle reportBundle(const Dataset& ds, int targetRank = 1);

report::ModelCard reportModelCard(const Dataset& ds);

struct CustomerDataOptions {
    std::vector<int> explainedRanks = {1, 2}; // one reportBundle per rank, in this order
    bool withTimes = true;                    // user 0's times (the report then shows dates)
};
/// The customer report input for user 0 of `ds` (a reportDataset()): history {0..5}, the
/// bundle's top-K and the explanations `options` asks for.
report::CustomerReportData reportCustomerData(const Dataset& ds,
                                              const CustomerDataOptions& options = {});

struct CommandResult {
    int exitCode = -1;
    std::string output; // stdout and stderr together
};
/// Runs a shell command (tests use it for xmllint / pdfinfo).
CommandResult runCommand(const std::string& command);

} // namespace reclens::test
