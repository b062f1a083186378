// The parallel reader of a large generic CSV (data/interactionrows.h): the same Dataset and the
// same errors as the serial reader, with the file forced into many tiny chunks.

#include "data/chunkedtext.h"
#include "data/csvreader.h"
#include "data/idtable.h"
#include "data/importers.h"
#include "data/interactionrows.h"
#include "data/synth.h"
#include "data/textinput.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <sstream>

using namespace reclens;

namespace {

struct TempDir {
    std::string path;
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "reclens-chunked-XXXXXX").string();
        path = ::mkdtemp(pattern.data()) ? pattern : "";
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeText(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

// A planted shop whose rows are shuffled (seeded), so every customer's purchases are spread
// over many chunks and first appearances interleave.
std::string shuffledShop(const std::string& dir) {
    SynthConfig config;
    config.users = 600;
    config.items = 200;
    EXPECT_TRUE(writeSyntheticShop(dir, config).ok());
    std::istringstream in(readText(dir + "/interactions.csv"));
    std::string header;
    std::getline(in, header);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    std::sort(lines.begin(), lines.end(), [](const std::string& a, const std::string& b) {
        const auto ha = std::hash<std::string>{}(a), hb = std::hash<std::string>{}(b);
        return ha != hb ? ha < hb : a < b;
    });
    std::string text = header + "\n";
    for (const auto& l : lines)
        text += l + "\n";
    return text;
}

ImportOptions serialOptions() {
    ImportOptions o;
    o.threads = 1;
    return o;
}

ImportOptions tinyChunks() {
    ImportOptions o;
    o.threads = 3;
    o.chunkBytes = 97; // a few rows per chunk
    return o;
}

void expectSameDataset(const Dataset& a, const Dataset& b) {
    ASSERT_EQ(a.users.size(), b.users.size());
    ASSERT_EQ(a.items.size(), b.items.size());
    for (std::size_t i = 0; i < a.items.size(); ++i)
        ASSERT_EQ(a.items[i].id, b.items[i].id) << "item " << i;
    for (std::size_t u = 0; u < a.users.size(); ++u) {
        ASSERT_EQ(a.users[u].id, b.users[u].id) << "user " << u;
        ASSERT_EQ(a.users[u].sequence, b.users[u].sequence) << "user " << u;
        ASSERT_EQ(a.users[u].times, b.users[u].times) << "user " << u;
        ASSERT_EQ(a.users[u].testPos, b.users[u].testPos);
    }
    EXPECT_EQ(a.fingerprint, b.fingerprint);
    EXPECT_EQ(a.cleanup.rowsRead, b.cleanup.rowsRead);
    EXPECT_EQ(a.cleanup.notes, b.cleanup.notes);
}

// Reads `text` through the chunked reader itself (not the loader, which could fall back):
// nullopt if it declined.
std::optional<Expected<Dataset>> readChunkedDirectly(std::string text, const ImportOptions& o,
                                                     const std::string& file = "f.csv") {
    data::CsvReader reader(text, file, ',');
    data::CsvRecord header;
    EXPECT_TRUE(reader.next(header).ok());
    data::InteractionColumns columns;
    columns.header = header.fields;
    columns.user = 0;
    columns.item = 1;
    columns.time = 2;
    data::DatasetBuilder builder;
    auto rows = data::readInteractionsInChunks(text, reader.offset(), reader.line(), file, ',',
                                               columns, o, builder);
    if (!rows)
        return std::nullopt;
    if (!*rows)
        return Expected<Dataset>(rows->error());
    return Expected<Dataset>(builder.build("csv", file, true));
}

} // namespace

TEST(DataChunkedImport, IdTableKeepsFirstAppearanceOrderAcrossGrowth) {
    data::IdTable ids;
    for (int round = 0; round < 2; ++round)
        for (int i = 0; i < 5000; ++i)
            ASSERT_EQ(ids.intern("id" + std::to_string(i)), i);
    EXPECT_EQ(ids.size(), 5000u);
    EXPECT_EQ(ids.at(4321), "id4321");
}

TEST(DataChunkedImport, ChunksEndAtLineEndsAndKnowTheirFirstLine) {
    const std::string body = "a\nbb\n\nccc\ndddd";
    const auto chunks = data::cutAtLineEnds(body, 2, 3, 2);
    std::string joined;
    for (const auto& c : chunks) {
        joined += c.text;
        if (&c != &chunks.back()) {
            EXPECT_EQ(c.text.back(), '\n');
        }
    }
    EXPECT_EQ(joined, body);
    ASSERT_EQ(chunks.size(), 3u); // "a\nbb\n", "\nccc\n", "dddd"
    EXPECT_EQ(chunks[1].firstLine, 4);
    EXPECT_EQ(chunks[2].firstLine, 6);
}

TEST(DataChunkedImport, TinyChunksGiveTheSerialDataset) {
    TempDir dir;
    const std::string text = shuffledShop(dir.path);
    writeText(dir.path + "/interactions.csv", text);
    auto serial = loadGenericCsv(dir.path, serialOptions());
    auto chunked = loadGenericCsv(dir.path, tinyChunks()); // with catalog.csv
    ASSERT_TRUE(serial.ok()) << serial.error().message;
    ASSERT_TRUE(chunked.ok()) << chunked.error().message;
    expectSameDataset(*serial, *chunked);
    EXPECT_EQ(serial->items.size(), 200u);

    // The chunked reader itself (the loader would hide a silent fallback to the serial one).
    auto direct = readChunkedDirectly(text, tinyChunks());
    ASSERT_TRUE(direct.has_value()) << "the chunked reader declined a quote-free file";
    ASSERT_TRUE(direct->ok());
    auto serialNoCatalog = loadGenericCsv(dir.path + "/interactions.csv", serialOptions());
    ASSERT_TRUE(serialNoCatalog.ok());
    EXPECT_EQ(direct->value().fingerprint, serialNoCatalog->fingerprint);

    // Without a time column the row number orders events: it must count across chunks.
    ImportOptions noTime = tinyChunks();
    noTime.timeColumn.clear();
    ImportOptions noTimeSerial = serialOptions();
    noTimeSerial.timeColumn.clear();
    auto a = loadGenericCsv(dir.path, noTimeSerial);
    auto b = loadGenericCsv(dir.path, noTime);
    ASSERT_TRUE(a.ok() && b.ok());
    expectSameDataset(*a, *b);
}

TEST(DataChunkedImport, MalformedRowsNameTheSameLineAsTheSerialReader) {
    TempDir dir;
    const std::string text = shuffledShop(dir.path);
    const std::string csv = dir.path + "/interactions.csv";
    // Damage a row far into the file (line 3001): a bad timestamp, a missing field, a bare CR,
    // an empty user id; and invalid UTF-8 late in the file after a bad row, which the serial
    // reader reports first (it checks all the bytes before the rows).
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        lines.push_back(l);
    ASSERT_GT(lines.size(), 3500u);
    const std::string good = lines[3000];
    const std::vector<std::pair<std::string, std::string>> damages = {
        {good.substr(0, good.rfind(',')) + ",yesterday", ""},
        {good.substr(0, good.rfind(',')), ""},
        {good.substr(0, 3) + "\r" + good.substr(3), ""},
        {good.substr(good.find(',')), ""},
        {good + ",extra", "C1,\xC3(,1700000000"},
    };
    for (const auto& [row, lateRow] : damages) {
        auto damaged = lines;
        damaged[3000] = row;
        if (!lateRow.empty())
            damaged[3400] = lateRow;
        std::string out;
        for (const auto& l : damaged)
            out += l + "\n";
        writeText(csv, out);
        auto serial = loadGenericCsv(csv, serialOptions());
        auto chunked = loadGenericCsv(csv, tinyChunks());
        ASSERT_FALSE(serial.ok());
        ASSERT_FALSE(chunked.ok());
        EXPECT_EQ(chunked.error().message, serial.error().message);
        EXPECT_EQ(serial.error().line, lateRow.empty() ? 3001 : 3401) << serial.error().message;
        if (lateRow.empty()) {
            auto direct = readChunkedDirectly(out, tinyChunks(), csv);
            ASSERT_TRUE(direct.has_value()) << row;
            ASSERT_FALSE(direct->ok());
            EXPECT_EQ(direct->error().message, serial.error().message);
        }
    }
}

TEST(DataChunkedImport, LimitsAndQuotedFieldsFallBackToTheSerialReader) {
    TempDir dir;
    const std::string text = shuffledShop(dir.path);
    const std::string csv = dir.path + "/interactions.csv";
    writeText(csv, text);
    ImportOptions serial = serialOptions();
    ImportOptions chunked = tinyChunks();
    serial.limits.maxUsers = chunked.limits.maxUsers = 300;
    auto a = loadGenericCsv(csv, serial);
    auto b = loadGenericCsv(csv, chunked);
    ASSERT_FALSE(a.ok());
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.error().message, a.error().message);
    EXPECT_EQ(a.error().code, ErrorCode::Limit);

    // A quoted id holding a line break: only the serial reader sees it as one record.
    std::string quoted = text;
    quoted.insert(quoted.find('\n', 5000) + 1, "\"C9\n9\",SKU1,1700000000\n");
    writeText(csv, quoted);
    EXPECT_FALSE(readChunkedDirectly(quoted, tinyChunks()).has_value());
    a = loadGenericCsv(csv, serialOptions());
    b = loadGenericCsv(csv, tinyChunks());
    ASSERT_FALSE(a.ok()); // a control character in an id
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.error().message, a.error().message);
}

// Two threads (the default on a 2-core machine, which also sorts users and builds the lookup
// tables in parallel) against one, on a shop large enough for several blocks of users
// (DatasetBuilder::build shares 8,192 users per block): duplicate rows, purchases out of time
// order, histories cut at maxHistory, then a malformed row late in the file.
TEST(DataChunkedImport, TwoThreadsGiveTheOneThreadDatasetWithDuplicatesAndLongHistories) {
    TempDir dir;
    SynthConfig config;
    config.users = 20'000;
    config.items = 300;
    ASSERT_TRUE(writeSyntheticShop(dir.path, config).ok());
    std::istringstream in(readText(dir.path + "/interactions.csv"));
    std::string header;
    std::getline(in, header);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    // Every 7th row twice, and the file in reverse blocks of 5 rows so times run backwards.
    std::string text = header + "\n";
    for (std::size_t b = 0; b < lines.size(); b += 5)
        for (std::size_t k = std::min(lines.size(), b + 5); k-- > b;) {
            text += lines[k] + "\n";
            if (k % 7 == 0)
                text += lines[k] + "\n";
        }
    const std::string csv = dir.path + "/interactions.csv";
    writeText(csv, text);

    ImportOptions one = serialOptions();
    ImportOptions two;
    two.threads = 2;
    two.chunkBytes = text.size() / 2; // the file is under the 4 MB a chunk needs by default
    for (std::int64_t maxHistory : {std::int64_t{0}, std::int64_t{4}}) {
        one.limits.maxHistory = two.limits.maxHistory = maxHistory;
        auto a = loadGenericCsv(csv, one);
        auto b = loadGenericCsv(csv, two);
        ASSERT_TRUE(a.ok()) << a.error().message;
        ASSERT_TRUE(b.ok()) << b.error().message;
        ASSERT_GT(a->users.size(), 2u * 8192u); // three blocks of users
        expectSameDataset(*a, *b);
        EXPECT_EQ(a->cleanup.historyTruncated, b->cleanup.historyTruncated);
        if (maxHistory > 0) {
            EXPECT_GT(a->cleanup.historyTruncated, 0);
        }
        for (std::size_t u = 0; u < b->users.size(); u += 997)
            EXPECT_TRUE(std::is_sorted(b->users[u].times.begin(), b->users[u].times.end()));
        EXPECT_EQ(b->findUser(b->users.back().id), static_cast<UserIndex>(b->users.size() - 1));
        EXPECT_EQ(b->findItem(b->items.front().id), 0);
    }

    const std::size_t late = text.rfind('\n', text.size() - 2000);
    std::string damaged = text;
    damaged.insert(late + 1, "C1,SKU1,not-a-time\n");
    writeText(csv, damaged);
    auto a = loadGenericCsv(csv, one);
    auto b = loadGenericCsv(csv, two);
    ASSERT_FALSE(a.ok());
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.error().message, a.error().message);
    EXPECT_EQ(a.error().line, std::count(damaged.begin(), damaged.begin() + late + 1, '\n') + 1);
}
