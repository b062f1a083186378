// The documented limits (docs/HARDENING.md, "Limits") are enforced with Limit errors that name
// the file and line, and inputs of the sizes a real shop produces load within a stated memory
// bound. Big inputs are generated here, under $TMPDIR, and deleted afterwards.

#include "data/importers.h"
#include "data/limits.h"
#include "testdata.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace reclens;

namespace {

std::string writeFile(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

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

namespace {

struct LoadFigures {
    int ok = 0;
    long baseKb = 0;
    long peakKb = 0;
    double seconds = 0;
    long long items = 0;
    long long interactions = 0;
    char message[512] = {};
};

long statusKb(const char* key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::size_t n = std::strlen(key);
    while (std::getline(in, line))
        if (line.compare(0, n, key) == 0)
            return std::atol(line.c_str() + n + 1);
    return -1;
}

// Loads `path` in a forked child and reports the child's peak RSS above what it had before the
// load (VmHWM after resetting it through /proc/self/clear_refs).
LoadFigures loadInChild(const std::string& path, const ImportOptions& options) {
    int fds[2];
    if (::pipe(fds) != 0)
        return {};
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        LoadFigures f;
        std::ofstream("/proc/self/clear_refs") << "5"; // VmHWM := VmRSS
        f.baseKb = statusKb("VmRSS:");
        const auto start = std::chrono::steady_clock::now();
        {
            auto ds = loadDataset(path, options);
            f.seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            f.ok = ds.ok() ? 1 : 0;
            if (ds.ok()) {
                f.items = static_cast<long long>(ds->items.size());
                f.interactions = static_cast<long long>(ds->interactionCount());
            } else {
                std::snprintf(f.message, sizeof f.message, "%s", ds.error().message.c_str());
            }
            f.peakKb = statusKb("VmHWM:");
        }
        [[maybe_unused]] auto w = ::write(fds[1], &f, sizeof f);
        ::_exit(0);
    }
    ::close(fds[1]);
    LoadFigures f;
    const auto got = ::read(fds[0], &f, sizeof f);
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (got != static_cast<ssize_t>(sizeof f))
        std::snprintf(f.message, sizeof f.message, "the child died (status %d)", status);
    return f;
}

} // namespace

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
    constexpr int kItems = 2'000'000;
    constexpr int kUsers = 200'000;
    constexpr std::size_t kInteractionBytes = std::size_t{100} << 20;
    {
        std::FILE* f = std::fopen((dir + "/catalog.csv").c_str(), "wb");
        ASSERT_NE(f, nullptr);
        std::fputs("item,title,category,brand,price\n", f);
        for (int i = 0; i < kItems; ++i)
            std::fprintf(f, "i%07d,Product %d,Category %d,Brand %d,%d.99\n", i, i, i % 300,
                         i % 1000, i % 50);
        std::fclose(f);
    }
    std::size_t rows = 0;
    {
        std::FILE* f = std::fopen((dir + "/interactions.csv").c_str(), "wb");
        ASSERT_NE(f, nullptr);
        std::size_t written = std::fprintf(f, "user,item,timestamp\n");
        std::uint64_t x = 88172645463325252ull; // xorshift: cheap, reproducible
        while (written < kInteractionBytes) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            written += static_cast<std::size_t>(
                std::fprintf(f, "u%06d,i%07d,%lld\n", static_cast<int>(x % kUsers),
                             static_cast<int>((x >> 20) % kItems),
                             1'300'000'000LL + static_cast<long long>(rows)));
            ++rows;
        }
        std::fclose(f);
    }
    LoadFigures f = loadInChild(dir, {});
    fs::remove_all(dir);
    ASSERT_EQ(f.ok, 1) << f.message;
    EXPECT_EQ(f.items, kItems);
    EXPECT_EQ(f.interactions, static_cast<long long>(rows));
    const double peakMiB = static_cast<double>(f.peakKb - f.baseKb) / 1024.0;
    std::printf("2 M items + 100 MB interactions (%zu rows): %.1f s, peak RSS +%.0f MiB\n", rows,
                f.seconds, peakMiB);
    RecordProperty("load_seconds", std::to_string(f.seconds));
    RecordProperty("peak_rss_mib", std::to_string(peakMiB));
    EXPECT_LT(peakMiB, kPeakBoundMiB) << "the stated bound in docs/HARDENING.md";
}
