// Replays every committed fuzz input (the hand-made seeds and each crash input the fuzzers
// found, tests/fuzz/corpus/<target>/) through the same entry points as the libFuzzer targets,
// in the normal test run: each input loads, or fails with an Error that names it.

#include "data/importers.h"
#include "fuzz_entry.h"
#include "testdata.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

using namespace reclens;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> corpusFiles(const std::string& target) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e :
         fs::recursive_directory_iterator(test::sourcePath("tests/fuzz/corpus/" + target), ec))
        if (e.is_regular_file())
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

class FuzzCorpus : public testing::TestWithParam<fuzz::FuzzTarget> {};

} // namespace

namespace reclens::fuzz {
// Names the target in gtest's messages instead of dumping the struct's bytes.
void PrintTo(const FuzzTarget& target, std::ostream* os) {
    *os << target.name;
}
} // namespace reclens::fuzz

TEST_P(FuzzCorpus, EveryCommittedInputLoadsOrFailsWithAnErrorNamingIt) {
    const fuzz::FuzzTarget target = GetParam();
    const auto files = corpusFiles(target.name);
    ASSERT_GE(files.size(), 2u) << "no corpus in tests/fuzz/corpus/" << target.name;
    int loaded = 0;
    for (const auto& file : files) {
        const std::string name = file.string();
        const fuzz::FuzzOutcome out = target.entry(test::readFile(file.string()), name);
        EXPECT_EQ(out.violation, "") << name;
        if (out.status.ok()) {
            ++loaded;
            continue;
        }
        const Error& e = out.status.error();
        EXPECT_FALSE(e.message.empty()) << name;
        EXPECT_EQ(e.file.rfind(name, 0), 0u) << name << ": " << e.message;
        EXPECT_NE(e.message.find(name), std::string::npos) << name << ": " << e.message;
    }
    // The hand-made seeds are valid inputs; only crash inputs may fail.
    EXPECT_GE(loaded, 1) << target.name;
}

INSTANTIATE_TEST_SUITE_P(AllTargets, FuzzCorpus, testing::ValuesIn(fuzz::fuzzTargets()),
                         [](const testing::TestParamInfo<fuzz::FuzzTarget>& info) {
                             return std::string(info.param.name);
                         });

TEST(FuzzCorpus, PartsSplitAtPercentLinesAndKeepTheirLineBreaks) {
    const auto parts = fuzz::splitFuzzParts("a\nb\n%%\nc\n%%\n%%\nd", 5);
    ASSERT_EQ(parts.size(), 4u);
    EXPECT_EQ(parts[0], "a\nb\n");
    EXPECT_EQ(parts[1], "c\n");
    EXPECT_EQ(parts[2], "");
    EXPECT_EQ(parts[3], "d");
    // At the part limit the last part keeps the rest, separators included.
    const auto two = fuzz::splitFuzzParts("x\n%%\ny\n%%\nz\n", 2);
    ASSERT_EQ(two.size(), 2u);
    EXPECT_EQ(two[1], "y\n%%\nz\n");
    EXPECT_EQ(fuzz::splitFuzzParts("no separator %%\n", 3).size(), 1u);
}

// The fuzz entries read their parts from memory; the same bytes on disk must load into the same
// dataset through the public loaders, so the fuzzers test what users run.
TEST(FuzzCorpus, InMemoryLoadsMatchTheSameFilesOnDisk) {
    const std::string dir = test::scratchDir("fuzz_corpus_disk");
    auto write = [](const fs::path& path, std::string_view bytes) {
        std::ofstream(path, std::ios::binary) << bytes;
    };

    const std::string uni = test::readFile(test::sourcePath("tests/fuzz/corpus/unisrec/full.txt"));
    const auto uniParts = fuzz::splitFuzzParts(uni, 5);
    ASSERT_EQ(uniParts.size(), 5u);
    const char* ext[] = {".item2index", ".user2index", ".test.inter", ".valid.inter", ".text"};
    fs::create_directories(dir + "/uni");
    for (std::size_t i = 0; i < 5; ++i)
        write(dir + "/uni/T" + ext[i], uniParts[i]);
    const auto uniMemory = fuzz::fuzzUniSrec(uni, "mem");
    const auto uniDisk = loadUniSrec(dir + "/uni");
    ASSERT_TRUE(uniMemory.status.ok());
    ASSERT_TRUE(uniDisk.ok()) << uniDisk.error().message;
    EXPECT_EQ(uniMemory.fingerprint, uniDisk->fingerprint);

    const std::string csv =
        test::readFile(test::sourcePath("tests/fuzz/corpus/genericcsv/with_catalog.txt"));
    const auto csvParts = fuzz::splitFuzzParts(csv, 2);
    ASSERT_EQ(csvParts.size(), 2u);
    fs::create_directories(dir + "/csv");
    write(dir + "/csv/interactions.csv", csvParts[0]);
    write(dir + "/csv/catalog.csv", csvParts[1]);
    const auto csvMemory = fuzz::fuzzGenericCsv(csv, "mem");
    const auto csvDisk = loadDataset(dir + "/csv");
    ASSERT_TRUE(csvMemory.status.ok());
    ASSERT_TRUE(csvDisk.ok()) << csvDisk.error().message;
    EXPECT_EQ(csvMemory.fingerprint, csvDisk->fingerprint);
}
