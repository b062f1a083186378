// scripts/recbole_to_torchscript.py (issue 13): a RecBole SASRec checkpoint, built by
// recbole_checkpoint.py the way RecBole writes one (its Config object, RecBole's parameter
// names, a saved dataset holding the item tokens), converted WITHOUT RecBole installed, opens in
// RecLens and gives the scores RecBole's own forward computed (right-padded rows, gathered at
// the last item) to 1e-4, with complete integrated gradients and attention rows summing to 1.
// The converter refuses what it cannot convert with exit code 3 and a message naming the file.

#include "data/importers.h"
#include "explain/explainmethods.h"
#include "explain/explanation.h"
#include "interop_util.h"
#include "model/modelfile.h"

#include <fstream>
#include <sstream>

using namespace reclens;
using namespace reclens::interoptest;

namespace {

struct Converted {
    std::string error; // empty when both scripts ran and the model opened
    std::string dir;
    Dataset ds;
    OpenedModel model;
    nlohmann::json reference;
};

const Converted& converted() {
    static Converted c = [] {
        Converted r;
        r.dir = tempDir();
        const std::string src = RECLENS_SOURCE_DIR;
        if (runPython("tests/interop/recbole_checkpoint.py", src + "/sample_data " + r.dir) != 0) {
            r.error = "recbole_checkpoint.py failed: python3 with PyTorch 1.13 and numpy needed "
                      "(Debian python3-torch, installed by scripts/install-deps.sh)";
            return r;
        }
        const int rc = runPython("scripts/recbole_to_torchscript.py",
                                 r.dir + "/SASRec-sample.pth --dataset " + r.dir +
                                     "/sample-SequentialDataset.pth --out " + r.dir + "/shop.pt");
        if (rc != 0) {
            r.error = "recbole_to_torchscript.py exited with " + std::to_string(rc);
            return r;
        }
        auto ds = loadDataset(src + "/sample_data");
        if (!ds) {
            r.error = ds.error().message;
            return r;
        }
        r.ds = std::move(*ds);
        // The item map the converter writes beside the model by default.
        auto m = openModel(r.dir + "/shop.pt", r.dir + "/shop.items.csv", r.ds);
        if (!m) {
            r.error = m.error().message;
            return r;
        }
        r.model = std::move(*m);
        std::ifstream in(r.dir + "/reference.json");
        r.reference = nlohmann::json::parse(in);
        return r;
    }();
    return c;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST(RecBoleConverter, ScoresEqualRecBolesOwnForward) {
    const auto& c = converted();
    ASSERT_TRUE(c.error.empty()) << c.error;
    EXPECT_EQ(c.model.kind, "torchscript");
    EXPECT_EQ(c.model.mapping->mappedItems, static_cast<int>(c.ds.items.size()));
    EXPECT_EQ(c.model.model->maxLength(), c.reference["max_length"].get<int>());
    const auto& items = c.reference["items"];
    ASSERT_GE(c.reference["cases"].size(), 20u);
    for (const auto& k : c.reference["cases"]) {
        const History h = historyOf(c.ds, k["history"]);
        const auto row = c.model.model->scoreAll({h});
        ASSERT_EQ(k["scores"].size(), items.size());
        for (size_t j = 0; j < items.size(); ++j) {
            const ItemIndex i = c.ds.findItem(items[j].get<std::string>());
            expectRelative(row[static_cast<size_t>(i)], k["scores"][j].get<double>(), 1e-4,
                           "score of " + items[j].get<std::string>() + " after " +
                               std::to_string(h.size()) + " items");
        }
    }
}

TEST(RecBoleConverter, ExplanationsWorkOnTheConvertedModel) {
    const auto& c = converted();
    ASSERT_TRUE(c.error.empty()) << c.error;
    const SequenceModel& m = *c.model.model;
    ASSERT_TRUE(m.supportsAttention()) << "the converter exports attention()";
    ExplainConfig cfg;
    cfg.igBaseline = IgBaseline::Padding;
    for (size_t n = 0; n < 8; ++n) {
        const auto& k = c.reference["cases"][n];
        const History h = clipHistory(historyOf(c.ds, k["history"]), m.maxLength());
        const auto row = m.scoreAll({h});
        const auto target =
            static_cast<ItemIndex>(std::max_element(row.begin(), row.end()) - row.begin());
        const auto ig = explainIntegratedGradients(m, h, target, cfg, c.ds);
        EXPECT_LT(ig.completenessError, 0.01) << "IG completeness, history of " << h.size();
        const auto maps = m.attention(h);
        ASSERT_EQ(maps.length, static_cast<int>(h.size()));
        for (int l = 0; l < maps.layers; ++l)
            for (int q = 0; q < maps.length; ++q) {
                float sum = 0;
                for (int key = 0; key < maps.length; ++key)
                    sum += maps.at(l, 0, q, key);
                EXPECT_NEAR(sum, 1.0f, 1e-4f) << "layer " << l << " row " << q;
            }
    }
}

TEST(RecBoleConverter, ItemTokensFileGivesTheSameItemMap) {
    const auto& c = converted();
    ASSERT_TRUE(c.error.empty()) << c.error;
    ASSERT_EQ(runPython("scripts/recbole_to_torchscript.py",
                        c.dir + "/SASRec-sample.pth --item-tokens " + c.dir +
                            "/item_tokens.txt --out " + c.dir + "/again.pt --item-map " + c.dir +
                            "/again.csv"),
              0);
    EXPECT_EQ(readFile(c.dir + "/again.csv"), readFile(c.dir + "/shop.items.csv"));
}

TEST(RecBoleConverter, RefusesOtherModelsAndMismatchedTokensWithExitCode3) {
    const auto& c = converted();
    ASSERT_TRUE(c.error.empty()) << c.error;
    const std::string err = c.dir + "/stderr.txt";
    EXPECT_EQ(runPython("scripts/recbole_to_torchscript.py",
                        c.dir + "/GRU4Rec-sample.pth --dataset " + c.dir +
                            "/sample-SequentialDataset.pth --out " + c.dir + "/gru.pt",
                        err),
              3);
    EXPECT_NE(readFile(err).find("GRU4Rec-sample.pth: the checkpoint is a RecBole GRU4Rec, not a "
                                 "SASRec"),
              std::string::npos)
        << readFile(err);
    // Item tokens of another dataset: one token fewer than the model's table.
    {
        std::ifstream in(c.dir + "/item_tokens.txt");
        std::ofstream out(c.dir + "/short_tokens.txt");
        std::string line;
        std::getline(in, line);
        out << line << "\n";
        std::getline(in, line); // drop one token
        while (std::getline(in, line))
            out << line << "\n";
    }
    EXPECT_EQ(runPython("scripts/recbole_to_torchscript.py",
                        c.dir + "/SASRec-sample.pth --item-tokens " + c.dir +
                            "/short_tokens.txt --out " + c.dir + "/short.pt",
                        err),
              3);
    EXPECT_NE(readFile(err).find("short_tokens.txt:"), std::string::npos) << readFile(err);
    std::ifstream written(c.dir + "/short.pt");
    EXPECT_FALSE(written.good()) << "nothing is written for a refused conversion";
    // Not a pickle at all.
    EXPECT_EQ(runPython("scripts/recbole_to_torchscript.py",
                        c.dir + "/item_tokens.txt --item-tokens " + c.dir +
                            "/item_tokens.txt --out " + c.dir + "/bad.pt",
                        err),
              3);
    EXPECT_NE(readFile(err).find("item_tokens.txt: cannot be read as a RecBole checkpoint"),
              std::string::npos)
        << readFile(err);
}
