// The documented limits (docs/HARDENING.md, "Limits") are enforced with Limit errors that name
// the file and line, and inputs of the sizes a real shop produces load within a stated memory
// bound. Big inputs are generated here, under $TMPDIR, and deleted afterwards.

#include "biginputs.h"
#include "childload.h"
#include "data/importers.h"
#include "data/limits.h"
#include "testdata.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <gtest/gtest.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace reclens;

namespace {

using test::writeFile;

void expectLimit(const Expected<Dataset>& r, const std::string& file, std::int64_t line, int column,
                 const std::string& fragment) {
    ASSERT_FALSE(r.ok()) << "expected a Limit error mentioning '" << fragment << "'";
    const Error& e = r.error();
    EXPECT_EQ(e.code, ErrorCode::Limit) << e.message;
    EXPECT_EQ(e.file, file) << e.message;
    EXPECT_EQ(e.line, line) << e.message;
    EXPECT_EQ(e.column, column) << e.message;
    EXPECT_NE(e.message.find(fragment), std::string::npos) << e.message;
    EXPECT_NE(e.message.find("expected"), std::string::npos) << e.message;
    if (line > 0) {
        EXPECT_NE(e.message.find(file + ":" + std::to_string(line)), std::string::npos)
            << e.message;
    }
}

// A sparse file: `head` followed by a hole up to `size` bytes (no disk space used).
std::string sparseFile(const std::string& path, const std::string& head, std::uint64_t size) {
    writeFile(path, head);
    EXPECT_EQ(::truncate(path.c_str(), static_cast<off_t>(size)), 0) << std::strerror(errno);
    return path;
}

} // namespace

TEST(Limits, FileLargerThanTheLimitIsRefusedBeforeReading) {
    const std::string dir = test::scratchDir("huge");
    const auto start = std::chrono::steady_clock::now();
    const std::string csv =
        sparseFile(dir + "/interactions.csv", "user,item,timestamp\n", kMaxInputFileBytes + 1);
    expectLimit(loadDataset(csv), csv, 0, 0, "more than the limit of 8 GiB");
    const std::string uci = sparseFile(dir + "/online_retail.csv",
                                       "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,"
                                       "UnitPrice,CustomerID,Country\n",
                                       kMaxInputFileBytes + 1);
    expectLimit(loadUciRetail(uci), uci, 0, 0, "more than the limit of 8 GiB");
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 2.0) << "the size check must come before reading";
    fs::remove_all(dir);
}

TEST(Limits, IdsLongerThanTheLimitAreErrors) {
    const std::string dir = test::scratchDir("ids");
    const std::string ok(kMaxIdBytes, 'u');
    const std::string tooLong(kMaxIdBytes + 1, 'i');
    auto fine = loadDataset(
        writeFile(dir + "/ok.csv", "user,item,timestamp\n" + ok + ",a,1\n" + ok + ",b,2\n"));
    ASSERT_TRUE(fine.ok()) << fine.error().message;
    EXPECT_EQ(fine->users[0].id, ok);
    const std::string bad =
        writeFile(dir + "/bad.csv", "user,item,timestamp\nu1,a,1\nu1," + tooLong + ",2\n");
    expectLimit(loadDataset(bad), bad, 3, 4, "item id of 257 bytes; expected at most 256 bytes");
}

TEST(Limits, TextFieldsLongerThanTheLimitAreErrors) {
    const std::string dir = test::scratchDir("text");
    writeFile(dir + "/interactions.csv", "user,item,timestamp\nu1,a,1\nu1,b,2\n");
    const std::string title(kMaxTextFieldBytes, 't');
    writeFile(dir + "/catalog.csv", "item,title\na," + title + "\nb,short\n");
    auto fine = loadDataset(dir);
    ASSERT_TRUE(fine.ok()) << fine.error().message;
    EXPECT_EQ(fine->items[0].title.size(), kMaxTextFieldBytes);
    writeFile(dir + "/catalog.csv", "item,title\na,short\nb," + title + "x\n");
    expectLimit(loadDataset(dir), dir + "/catalog.csv", 3, 3,
                "title of 65537 bytes; expected at most 64 KiB");
}

TEST(Limits, LongHistoriesKeepTheMostRecentInteractions) {
    const std::string dir = test::scratchDir("history");
    const std::int64_t limit = DataLimits{}.maxHistory;
    std::string text = "user,item,timestamp\n";
    // Written newest first, so keeping "the last rows" instead of "the latest times" would fail.
    for (std::int64_t t = limit + 5; t >= 1; --t)
        text += "bot,i" + std::to_string(t % 97) + "," + std::to_string(t) + "\n";
    text += "u2,i1,5\nu2,i2,6\n";
    auto ds = loadDataset(writeFile(dir + "/i.csv", text));
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    const User& bot = ds->users[static_cast<std::size_t>(ds->findUser("bot"))];
    ASSERT_EQ(static_cast<std::int64_t>(bot.sequence.size()), limit);
    EXPECT_EQ(bot.times.front(), 6); // times 1..5 were the oldest
    EXPECT_EQ(bot.times.back(), limit + 5);
    EXPECT_EQ(ds->cleanup.historyTruncated, 5);
    EXPECT_EQ(ds->interactionCount(), ds->cleanup.rowsKept - ds->cleanup.historyTruncated);
    bool noted = false;
    for (const auto& n : ds->cleanup.notes)
        noted = noted || n.find("1 user") != std::string::npos;
    EXPECT_TRUE(noted);

    ImportOptions opt;
    opt.limits.maxHistory = 3;
    auto capped = loadDataset(dir + "/i.csv", opt);
    ASSERT_TRUE(capped.ok());
    EXPECT_EQ(capped->cleanup.historyTruncated, limit + 5 - 3);
    EXPECT_EQ(capped->users[static_cast<std::size_t>(capped->findUser("u2"))].sequence.size(), 2u);
}

TEST(Limits, ItemAndUserCountsAreEnforcedWhereTheyAreExceeded) {
    const std::string dir = test::scratchDir("counts");
    std::string text = "user,item,timestamp\n";
    for (int i = 0; i < 120; ++i)
        text +=
            "u" + std::to_string(i % 7) + ",i" + std::to_string(i) + "," + std::to_string(i) + "\n";
    const std::string path = writeFile(dir + "/i.csv", text);
    ImportOptions opt;
    opt.limits.maxItems = 100;
    expectLimit(loadDataset(path, opt), path, 102, 4, "more than 100 items");
    opt.limits.maxItems = 120;
    EXPECT_TRUE(loadDataset(path, opt).ok());
    opt.limits.maxUsers = 5;
    expectLimit(loadDataset(path, opt), path, 7, 1, "more than 5 users");

    // The catalog counts too, and so do the other formats.
    std::string catalog = "item\n";
    for (int i = 0; i < 120; ++i)
        catalog += "c" + std::to_string(i) + "\n";
    opt = {};
    opt.limits.maxItems = 100;
    opt.catalogPath = writeFile(dir + "/catalog.csv", catalog);
    expectLimit(loadDataset(path, opt), opt.catalogPath, 102, 1, "more than 100 items");

    DataLimits few;
    few.maxUsers = 1;
    const std::string uci = test::sourcePath("tests/data/malformed/uci_duplicate_rows.csv");
    EXPECT_TRUE(loadUciRetail(uci, true, few).ok());
    auto twoUsers = loadUciRetail(
        test::sourcePath("tests/data/malformed/uci_float_customer_ids.csv"), true, few);
    ASSERT_FALSE(twoUsers.ok());
    EXPECT_EQ(twoUsers.error().code, ErrorCode::Limit);
    few = {};
    few.maxItems = 2;
    auto ml = loadMovieLens(test::sourcePath("tests/data/malformed/ml_quoted_titles_ok"), few);
    ASSERT_FALSE(ml.ok());
    EXPECT_EQ(ml.error().code, ErrorCode::Limit) << ml.error().message;
    EXPECT_EQ(ml.error().line, 4) << ml.error().message;
    auto us = loadUniSrec(test::sourcePath("tests/data/malformed/us_crlf"), few);
    ASSERT_FALSE(us.ok());
    EXPECT_EQ(us.error().code, ErrorCode::Limit) << us.error().message;
    EXPECT_NE(us.error().message.find("T.item2index"), std::string::npos) << us.error().message;
}

// AddressSanitizer's redzones and quarantine double the footprint of the same load (measured:
// 1,376 MiB in the -O1 ASan build against 681 MiB in Release), so its bound is doubled too.
#if defined(__SANITIZE_ADDRESS__)
constexpr double kPeakBoundMiB = 2048.0;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr double kPeakBoundMiB = 2048.0;
#else
constexpr double kPeakBoundMiB = 1024.0;
#endif
#else
constexpr double kPeakBoundMiB = 1024.0;
#endif

// 2 million catalog items and a 100 MB interaction file: the load succeeds and its peak memory
// stays under the bound docs/HARDENING.md states: 1 GiB above the process's previous use
// (measured: ~670 MiB, so a 50 % regression fails).
TEST(Limits, TwoMillionItemsAndAHundredMegabytesStayWithinTheMemoryBound) {
    const std::string dir = test::scratchDir("bigload");
    const test::BigInputSpec spec{.items = 2'000'000,
                                  .interactionBytes = std::size_t{100} << 20,
                                  .users = 200'000,
                                  .userIdDigits = 6};
    const auto rows = test::writeBigInputs(dir, spec);
    ASSERT_TRUE(rows.has_value()) << "cannot write the inputs under " << dir;
    const test::ChildLoad f = test::loadInChild(dir);
    fs::remove_all(dir);
    ASSERT_EQ(f.ok, 1) << f.message;
    EXPECT_EQ(f.items, spec.items);
    EXPECT_EQ(f.interactions, static_cast<long long>(*rows));
    const double peakMiB = f.peakMiB();
    std::printf("2 M items + 100 MB interactions (%zu rows): %.1f s, peak RSS +%.0f MiB\n", *rows,
                f.seconds, peakMiB);
    RecordProperty("load_seconds", std::to_string(f.seconds));
    RecordProperty("peak_rss_mib", std::to_string(peakMiB));
    EXPECT_LT(peakMiB, kPeakBoundMiB) << "the stated bound in docs/HARDENING.md";
}
