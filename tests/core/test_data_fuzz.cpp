// Randomly damaged inputs (flipped bytes, stray quotes and line breaks, cut and duplicated
// ranges) never crash an importer: each load either succeeds with a consistent Dataset or
// returns an Error naming a file.

#include "data/importers.h"
#include "testdata.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <random>

using namespace reclens;

namespace {

std::string mutate(std::string s, std::mt19937& rng) {
    static const char noise[] = {'"', ',', '\n', '\r', '\t', '\xFF', '\xC3',
                                 '0', '-', ';',  ' ',  '\0', '.'};
    const int ops = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < ops && !s.empty(); ++k) {
        const std::size_t at = rng() % s.size();
        const std::size_t len = 1 + rng() % std::min<std::size_t>(40, s.size() - at);
        switch (rng() % 5) {
        case 0:
            s[at] = noise[rng() % sizeof noise];
            break;
        case 1:
            s.insert(at, 1, noise[rng() % sizeof noise]);
            break;
        case 2:
            s.erase(at, len);
            break;
        case 3:
            s.insert(at, s.substr(at, len));
            break;
        default:
            s.resize(at);
            break;
        }
    }
    return s;
}

void write(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

void checkOutcome(const Expected<Dataset>& r, int round) {
    if (!r.ok()) {
        EXPECT_FALSE(r.error().message.empty()) << round;
        EXPECT_FALSE(r.error().file.empty()) << round << ": " << r.error().message;
        return;
    }
    const Dataset& ds = *r;
    EXPECT_EQ(ds.fingerprint.size(), 16u);
    for (const auto& u : ds.users) {
        ASSERT_FALSE(u.sequence.empty()) << round;
        for (ItemIndex i : u.sequence)
            ASSERT_TRUE(i >= 0 && static_cast<std::size_t>(i) < ds.items.size()) << round;
        ASSERT_LT(u.testPos, static_cast<int>(u.sequence.size())) << round;
        ASSERT_LT(u.validPos, std::max(u.testPos, 0)) << round;
    }
}

std::string firstLines(const std::string& path, int n) {
    std::ifstream in(path, std::ios::binary);
    std::string line, out;
    for (int i = 0; i < n && std::getline(in, line); ++i)
        out += line + "\n";
    return out;
}

} // namespace

TEST(DataFuzz, DamagedFilesNeverCrash) {
    const std::string dir = test::scratchDir("fuzz");
    const std::string interactions =
        firstLines(test::sourcePath("sample_data/interactions.csv"), 80);
    const std::string catalog = firstLines(test::sourcePath("sample_data/catalog.csv"), 30);
    const std::string uci =
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
        "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United "
        "Kingdom\n"
        "536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom\n"
        "C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527,United Kingdom\n"
        "536370,22728,\"ALARM CLOCK, PINK\",24,12/1/2010 8:45,3.75,12583,France\n";
    const std::string movies =
        "movieId,title,genres\n1,Toy Story (1995),Animation|Comedy\n"
        "2,\"American President, The (1995)\",Comedy|Drama\n3,Heat (1995),Action\n";
    const std::string ratings = "userId,movieId,rating,timestamp\n1,1,4.0,100\n1,2,3.5,200\n"
                                "2,3,5.0,300\n2,1,1.0,250\n";
    const std::string items = "A1\t0\nA2\t1\nA3\t2\nA4\t3\n";
    const std::string users = "U1\t0\nU2\t1\n";
    const std::string test =
        "user_id:token\titem_id_list:token_seq\titem_id:token\n0\t0 1 2\t3\n1\t3 2\t1\n";
    const std::string valid =
        "user_id:token\titem_id_list:token_seq\titem_id:token\n0\t0 1\t2\n1\t3\t2\n";
    const std::string text = "item_id:token\ttext:token_seq\nA1\tRed Mug. Kitchen Mugs. Acme. \n"
                             "A2\tNo. 2 Pencil. Office Pens. . \nA3\tBlue Pan. . Acme. \n";

    std::mt19937 rng(20261127);
    for (int round = 0; round < 150; ++round) {
        const std::string d = dir + "/r" + std::to_string(round);
        std::filesystem::create_directories(d);
        write(d + "/interactions.csv", mutate(interactions, rng));
        write(d + "/catalog.csv", round % 3 == 0 ? mutate(catalog, rng) : catalog);
        checkOutcome(loadDataset(d), round);
        write(d + "/uci.csv", mutate(uci, rng));
        checkOutcome(loadUciRetail(d + "/uci.csv"), round);
        std::filesystem::create_directories(d + "/ml");
        write(d + "/ml/movies.csv", round % 2 ? mutate(movies, rng) : movies);
        write(d + "/ml/ratings.csv", round % 2 ? ratings : mutate(ratings, rng));
        checkOutcome(loadMovieLens(d + "/ml"), round);
        std::filesystem::create_directories(d + "/us");
        write(d + "/us/T.item2index", round % 5 == 0 ? mutate(items, rng) : items);
        write(d + "/us/T.user2index", round % 5 == 1 ? mutate(users, rng) : users);
        write(d + "/us/T.test.inter", round % 5 == 2 ? mutate(test, rng) : test);
        write(d + "/us/T.valid.inter", round % 5 == 3 ? mutate(valid, rng) : valid);
        write(d + "/us/T.text", round % 5 == 4 ? mutate(text, rng) : text);
        checkOutcome(loadUniSrec(d + "/us"), round);
    }
}
