// The malformed-input corpus: every file or directory in tests/data/malformed/ is loaded with
// the importer its MANIFEST.tsv entry names, and the outcome must be exactly the one the manifest
// states: an Error with its code, file, line, column and message fragment, or a Dataset with the
// stated clean-up counts. A corpus entry without a manifest line fails, so nothing in the corpus
// goes untested.

#include "data/importers.h"
#include "data/querylog.h"
#include "model/sasrecmodel.h"
#include "model/torchscriptmodel.h"
#include "procstatus.h"
#include "test_model_fixtures.h"
#include "testdata.h"
#include "train/trainer.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace reclens;

namespace {

struct Case {
    std::string name;    // file or directory in tests/data/malformed/
    std::string loader;  // uci, csv, movielens, unisrec, checkpoint
    std::string outcome; // error or ok
    std::string code;    // error code name (errorCodeName) or "-"
    std::string file;    // suffix of Error::file, relative to tests/data/malformed/
    std::int64_t line = 0;
    int column = 0;
    std::string expect; // message fragment, or key=value;... for accepted inputs
    int manifestLine = 0;
};

std::string corpusDir() {
    return test::sourcePath("tests/data/malformed");
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    std::istringstream in(s);
    while (std::getline(in, cur, sep))
        out.push_back(cur);
    return out;
}

// Manifest lines: case, loader, outcome, code, file, line, column, expect (tab-separated);
// '#' starts a comment line.
std::map<std::string, Case> readManifest() {
    std::map<std::string, Case> cases;
    std::ifstream in(corpusDir() + "/MANIFEST.tsv");
    std::string text;
    int lineNo = 0;
    while (std::getline(in, text)) {
        ++lineNo;
        if (text.empty() || text[0] == '#')
            continue;
        auto f = split(text, '\t');
        if (f.size() != 8) {
            ADD_FAILURE() << "MANIFEST.tsv:" << lineNo
                          << ": expected 8 tab-separated fields, found " << f.size();
            continue;
        }
        Case c{f[0], f[1], f[2], f[3], f[4], 0, 0, f[7], lineNo};
        c.line = f[5] == "-" ? 0 : std::stoll(f[5]);
        c.column = f[6] == "-" ? 0 : std::stoi(f[6]);
        if (!cases.emplace(c.name, c).second)
            ADD_FAILURE() << "MANIFEST.tsv:" << lineNo << ": second entry for " << c.name;
    }
    return cases;
}

// Every top-level entry of the corpus except the manifest itself.
std::vector<std::string> corpusEntries() {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(corpusDir(), ec))
        if (e.path().filename() != "MANIFEST.tsv")
            names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Expected<Dataset> loadWith(const std::string& loader, const std::string& path) {
    ImportOptions opt;
    if (loader == "uci")
        opt.format = DataFormat::UciRetail;
    else if (loader == "csv")
        opt.format = DataFormat::Csv;
    else if (loader == "movielens")
        opt.format = DataFormat::MovieLens;
    else if (loader == "unisrec")
        opt.format = DataFormat::UniSrec;
    else
        return makeError(ErrorCode::InvalidArgument, "MANIFEST.tsv", 0, 0,
                         "unknown loader '" + loader + "'");
    return loadDataset(path, opt);
}

void checkError(const Case& c, const Error& e) {
    EXPECT_STREQ(errorCodeName(e.code), c.code.c_str()) << e.message;
    EXPECT_TRUE(endsWith(e.file, "malformed/" + c.file)) << e.file << " vs " << c.file;
    EXPECT_EQ(e.line, c.line) << e.message;
    EXPECT_EQ(e.column, c.column) << e.message;
    std::string where = e.file;
    if (c.line > 0)
        where +=
            ":" + std::to_string(c.line) + (c.column > 0 ? ":" + std::to_string(c.column) : "");
    EXPECT_NE(e.message.find(where), std::string::npos)
        << "message must name " << where << ": " << e.message;
    EXPECT_NE(e.message.find(c.expect), std::string::npos) << e.message;
    if (c.loader != "checkpoint") { // a damaged binary file has no "expected" syntax to name
        EXPECT_NE(e.message.find("expected"), std::string::npos)
            << "the message should say what was expected: " << e.message;
    }
}

std::int64_t cleanupCount(const Dataset::CleanupReport& r, const std::string& key, bool& known) {
    known = true;
    if (key == "rowsRead")
        return r.rowsRead;
    if (key == "rowsKept")
        return r.rowsKept;
    if (key == "cancellations")
        return r.cancellations;
    if (key == "nonPositiveQuantity")
        return r.nonPositiveQuantity;
    if (key == "missingUser")
        return r.missingUser;
    if (key == "nonProductCodes")
        return r.nonProductCodes;
    if (key == "other")
        return r.other;
    if (key == "historyTruncated")
        return r.historyTruncated;
    known = false;
    return 0;
}

std::string joinSequence(const Dataset& ds, const User& u) {
    std::string s;
    for (ItemIndex i : u.sequence)
        s += (s.empty() ? "" : ",") + ds.items[static_cast<std::size_t>(i)].id;
    return s;
}

// `expect` is key=value;... : users, items, interactions, any CleanupReport counter, note~TEXT
// (a clean-up note contains TEXT), title:ITEM=TEXT, seq:USER=ITEM,ITEM,...
void checkAccepted(const Case& c, const Dataset& ds) {
    for (const auto& kv : split(c.expect, ';')) {
        if (kv.rfind("note~", 0) == 0) {
            const std::string want = kv.substr(5);
            bool found = false;
            for (const auto& n : ds.cleanup.notes)
                found = found || n.find(want) != std::string::npos;
            EXPECT_TRUE(found) << "no clean-up note contains '" << want << "'";
            continue;
        }
        const auto eq = kv.rfind('=');
        ASSERT_NE(eq, std::string::npos) << "MANIFEST.tsv:" << c.manifestLine << ": bad " << kv;
        const std::string key = kv.substr(0, eq);
        const std::string value = kv.substr(eq + 1);
        if (key == "users") {
            EXPECT_EQ(ds.users.size(), std::stoul(value));
        } else if (key == "items") {
            EXPECT_EQ(ds.items.size(), std::stoul(value));
        } else if (key == "interactions") {
            EXPECT_EQ(ds.interactionCount(), std::stoll(value));
        } else if (key.rfind("title:", 0) == 0) {
            const ItemIndex i = ds.findItem(key.substr(6));
            ASSERT_GE(i, 0) << key;
            std::string title = ds.items[static_cast<std::size_t>(i)].title;
            std::replace(title.begin(), title.end(), '\n', '|'); // the manifest is line-based
            EXPECT_EQ(title, value);
        } else if (key.rfind("seq:", 0) == 0) {
            const UserIndex u = ds.findUser(key.substr(4));
            ASSERT_GE(u, 0) << key;
            EXPECT_EQ(joinSequence(ds, ds.users[static_cast<std::size_t>(u)]), value);
        } else {
            bool known = false;
            const auto got = cleanupCount(ds.cleanup, key, known);
            EXPECT_TRUE(known) << "MANIFEST.tsv:" << c.manifestLine << ": unknown key " << key;
            EXPECT_EQ(got, std::stoll(value)) << key;
        }
    }
    // Whatever was accepted is internally consistent.
    EXPECT_EQ(ds.fingerprint.size(), 16u);
    for (const auto& u : ds.users)
        for (ItemIndex i : u.sequence)
            ASSERT_TRUE(i >= 0 && static_cast<std::size_t>(i) < ds.items.size());
}

// A query-log case: the directory's interactions.csv loads, then its queries.csv is matched
// against it. Accepted logs are checked with the clean-up keys and queries=N (kept rows).
void checkQueryLogCase(const Case& c, const std::string& dir) {
    ImportOptions opt;
    opt.format = DataFormat::Csv;
    auto ds = loadDataset(dir + "/interactions.csv", opt);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    auto log = loadQueryLog(dir + "/queries.csv", *ds);
    if (c.outcome == "error") {
        ASSERT_FALSE(log.ok()) << "expected an error containing '" << c.expect << "'";
        checkError(c, log.error());
        return;
    }
    ASSERT_TRUE(log.ok()) << log.error().message;
    for (const auto& kv : split(c.expect, ';')) {
        if (kv.rfind("note~", 0) == 0) {
            bool found = false;
            for (const auto& n : log->cleanup.notes)
                found = found || n.find(kv.substr(5)) != std::string::npos;
            EXPECT_TRUE(found) << "no clean-up note contains '" << kv.substr(5) << "'";
            continue;
        }
        const auto eq = kv.rfind('=');
        ASSERT_NE(eq, std::string::npos) << kv;
        const std::string key = kv.substr(0, eq);
        if (key == "queries") {
            EXPECT_EQ(log->records.size(), std::stoul(kv.substr(eq + 1)));
            continue;
        }
        bool known = false;
        EXPECT_EQ(cleanupCount(log->cleanup, key, known), std::stoll(kv.substr(eq + 1))) << key;
        EXPECT_TRUE(known) << "MANIFEST.tsv:" << c.manifestLine << ": unknown key " << key;
    }
}

class MalformedCorpus : public ::testing::TestWithParam<std::string> {};

TEST_P(MalformedCorpus, OutcomeMatchesManifest) {
    static const auto manifest = readManifest();
    const auto it = manifest.find(GetParam());
    ASSERT_NE(it, manifest.end()) << "tests/data/malformed/" << GetParam()
                                  << " has no entry in MANIFEST.tsv; add its expected outcome";
    const Case& c = it->second;
    const std::string path = corpusDir() + "/" + c.name;
    ASSERT_TRUE(c.outcome == "error" || c.outcome == "ok")
        << "MANIFEST.tsv:" << c.manifestLine << ": outcome must be error or ok";
    if (c.loader == "torchscript" || c.loader == "itemmap") {
        // A 5-item model's files for the dataset beside tests/data/torchscript/items.csv.
        const std::string dir = test::sourcePath("tests/data/torchscript");
        ImportOptions opt;
        opt.format = DataFormat::Csv;
        auto ds = loadDataset(dir + "/interactions.csv", opt);
        ASSERT_TRUE(ds.ok()) << ds.error().message;
        ASSERT_EQ(c.outcome, "error") << "model file cases are damaged files";
        if (c.loader == "itemmap") {
            auto r = loadItemMap(path, 5, *ds);
            ASSERT_FALSE(r.ok()) << "expected an error containing '" << c.expect << "'";
            checkError(c, r.error());
        } else {
            auto r = TorchScriptModel::load(path, dir + "/items.csv", *ds);
            ASSERT_FALSE(r.ok()) << "expected an error containing '" << c.expect << "'";
            checkError(c, r.error());
        }
        return;
    }
    if (c.loader == "checkpoint") {
        auto r = SasRecModel::load(path);
        ASSERT_EQ(c.outcome, "error") << "checkpoint cases are damaged files";
        ASSERT_FALSE(r.ok());
        checkError(c, r.error());
        return;
    }
    if (c.loader == "querylog") {
        checkQueryLogCase(c, path);
        return;
    }
    auto r = loadWith(c.loader, path);
    if (c.outcome == "error") {
        ASSERT_FALSE(r.ok()) << "expected an error containing '" << c.expect << "'";
        checkError(c, r.error());
    } else {
        ASSERT_TRUE(r.ok()) << r.error().message;
        checkAccepted(c, *r);
    }
}

std::string caseName(const ::testing::TestParamInfo<std::string>& info) {
    std::string s = info.param;
    for (auto& ch : s)
        if (!std::isalnum(static_cast<unsigned char>(ch)))
            ch = '_';
    return s;
}

INSTANTIATE_TEST_SUITE_P(Files, MalformedCorpus, ::testing::ValuesIn(corpusEntries()), caseName);

} // namespace

TEST(MalformedCorpusManifest, EveryEntryNamesAnExistingCaseAndTheCorpusIsLarge) {
    const auto manifest = readManifest();
    const auto entries = corpusEntries();
    EXPECT_GE(entries.size(), 50u);
    for (const auto& [name, c] : manifest)
        EXPECT_TRUE(std::binary_search(entries.begin(), entries.end(), name))
            << "MANIFEST.tsv:" << c.manifestLine << " names " << name
            << ", which is not in tests/data/malformed/";
    // Every importer is covered, with both outcomes where the importer has a clean-up.
    std::map<std::string, int> perLoader;
    for (const auto& [name, c] : manifest)
        ++perLoader[c.loader + "/" + c.outcome];
    for (const char* k : {"uci/error", "uci/ok", "csv/error", "csv/ok", "movielens/error",
                          "movielens/ok", "unisrec/error", "unisrec/ok", "checkpoint/error"})
        EXPECT_GE(perLoader[k], 1) << k;
}

// Cases generated at test time: too big to commit, or needing a trained model.

namespace {

using test::peakGrowthKb;
using test::readFile;
using test::writeFile;

// A model trained for one epoch on a tiny dataset: a real checkpoint with optimizer state.
SasRecModel tinyTrainedModel(const Dataset& ds) {
    TrainConfig tc;
    tc.model.maxLength = 8;
    tc.model.dim = 16;
    tc.model.layers = 1;
    tc.epochs = 1;
    tc.patience = 0;
    tc.threads = 1;
    auto model = SasRecModel::create(ds, tc.model, 5);
    EXPECT_TRUE(model.ok());
    auto r = train(*model, ds, tc);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return std::move(model).value();
}

} // namespace

TEST(MalformedGenerated, SparseGigabyteFileIsRefusedWithoutReadingIt) {
    const std::string dir = test::scratchDir("sparse");
    constexpr off_t kGiB = off_t{1} << 30;
    struct Load {
        std::string name, head;
        std::int64_t line;
    };
    for (const Load& l : {Load{"interactions.csv", "user,item,timestamp\nu1,a,1\n", 3},
                          Load{"online_retail.csv", "", 1}, Load{"model.ckpt", "", 0}}) {
        const std::string path = dir + "/" + l.name;
        writeFile(path, l.head);
        ASSERT_EQ(::truncate(path.c_str(), kGiB), 0);
        Error e;
        const long grewKb = peakGrowthKb([&] {
            if (l.line == 0) {
                auto r = SasRecModel::load(path);
                ASSERT_FALSE(r.ok());
                e = r.error();
            } else {
                auto r = l.name == "online_retail.csv" ? loadUciRetail(path) : loadDataset(path);
                ASSERT_FALSE(r.ok());
                e = r.error();
            }
        });
        fs::remove(path);
        EXPECT_EQ(e.file, path);
        EXPECT_EQ(e.line, l.line) << e.message;
        EXPECT_NE(e.message.find(l.line == 0 ? "not a RecLens model" : "NUL byte"),
                  std::string::npos)
            << e.message;
        EXPECT_LT(grewKb, 64 * 1024) << l.name << ": the gigabyte must not be read into memory";
    }
}

TEST(MalformedGenerated, TrainedCheckpointCutAtEveryTenthIsAnError) {
    const Dataset ds = test::randomDataset(30, 24, 61, "tiny-shop");
    const SasRecModel model = tinyTrainedModel(ds);
    ASSERT_GT(model.info().epochsTrained, 0);
    const std::string dir = test::scratchDir("cut");
    ASSERT_TRUE(model.save(dir + "/full.ckpt").ok());
    const std::string bytes = readFile(dir + "/full.ckpt");
    ASSERT_GT(bytes.size(), std::size_t{10000});
    for (int tenth = 0; tenth <= 9; ++tenth) {
        const std::string path = dir + "/cut" + std::to_string(tenth * 10) + ".ckpt";
        writeFile(path, bytes.substr(0, bytes.size() * static_cast<std::size_t>(tenth) / 10));
        auto r = SasRecModel::load(path, &ds);
        ASSERT_FALSE(r.ok()) << "cut at " << tenth * 10 << " %";
        EXPECT_EQ(r.error().file, path);
        EXPECT_NE(r.error().message.find(path), std::string::npos) << r.error().message;
        EXPECT_NE(r.error().message.find(tenth == 0 ? "not a RecLens model" : "truncated"),
                  std::string::npos)
            << tenth * 10 << " %: " << r.error().message;
    }
    // One byte short of complete, too; and the whole file still loads with the same scores.
    writeFile(dir + "/short.ckpt", bytes.substr(0, bytes.size() - 1));
    EXPECT_FALSE(SasRecModel::load(dir + "/short.ckpt", &ds).ok());
    auto whole = SasRecModel::load(dir + "/full.ckpt", &ds);
    ASSERT_TRUE(whole.ok()) << whole.error().message;
    const std::vector<History> hs = {{1, 2, 3}, {7}};
    EXPECT_EQ(whole->scoreAll(hs), model.scoreAll(hs));
}

TEST(MalformedGenerated, CheckpointFromAnotherDatasetIsAMismatch) {
    const Dataset trainedOn = test::randomDataset(30, 24, 71, "shop-a");
    // Same number of items: only the fingerprint tells the datasets apart.
    const Dataset opened = test::randomDataset(30, 24, 72, "shop-b");
    ASSERT_NE(trainedOn.fingerprint, opened.fingerprint);
    const std::string path = test::scratchDir("other") + "/a.ckpt";
    ASSERT_TRUE(tinyTrainedModel(trainedOn).save(path).ok());
    auto r = SasRecModel::load(path, &opened);
    ASSERT_FALSE(r.ok());
    const Error& e = r.error();
    EXPECT_EQ(e.code, ErrorCode::Mismatch) << e.message;
    EXPECT_EQ(e.file, path);
    for (const std::string& part :
         {std::string("shop-a"), std::string("shop-b"), trainedOn.fingerprint, opened.fingerprint})
        EXPECT_NE(e.message.find(part), std::string::npos) << part << " in " << e.message;
    EXPECT_TRUE(SasRecModel::load(path, &trainedOn).ok());
}
