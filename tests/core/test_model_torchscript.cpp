// TorchScriptModel and exportTorchScript (issue 13): a RecLens model exported to TorchScript
// and opened again gives the native model's scores, attention, gradients and explanation
// bundle; a model file trained elsewhere (tests/data/torchscript/good.pt) is opened with its
// item map, items it does not know are counted and never scored as another item, and methods
// it lacks are reported unavailable. Broken files are in the malformed corpus.

#include "data/importers.h"
#include "explain/explanation.h"
#include "model/modelfile.h"
#include "model/sasrecmodel.h"
#include "model/torchscriptexport.h"
#include "model/torchscriptmodel.h"
#include "test_model_fixtures.h"
#include "testdata.h"
#include "train/trainer.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <gtest/gtest.h>

using namespace reclens;

namespace {

constexpr double kTol = 1e-4;

void expectClose(const std::vector<float>& a, const std::vector<float>& b,
                 const std::string& what) {
    ASSERT_EQ(a.size(), b.size()) << what;
    for (size_t i = 0; i < a.size(); ++i)
        ASSERT_NEAR(a[i], b[i], kTol * (1.0 + std::abs(b[i]))) << what << " [" << i << "]";
}

struct RoundTrip {
    Dataset ds;
    std::unique_ptr<SasRecModel> native;
    std::unique_ptr<TorchScriptModel> script;
};

/// A tiny model with category and brand embeddings (two layers, two heads), trained for one
/// epoch, exported and opened again; built once for every test below.
const RoundTrip& roundTrip() {
    static RoundTrip rt = [] {
        RoundTrip r;
        r.ds = test::randomDataset(30, 40, 11, "roundtrip");
        r.ds.finalize(); // the id lookup the item map goes through
        TrainConfig tc;
        tc.model.maxLength = 8;
        tc.model.dim = 16;
        tc.model.layers = 2;
        tc.model.heads = 2;
        tc.epochs = 1;
        tc.patience = 0;
        tc.threads = 1;
        auto m = SasRecModel::create(r.ds, tc.model, 3);
        EXPECT_TRUE(m.ok());
        EXPECT_TRUE(train(*m, r.ds, tc).ok());
        r.native = std::make_unique<SasRecModel>(std::move(*m));
        const std::string dir = test::scratchDir("torchscript_roundtrip");
        auto done = exportTorchScript(*r.native, r.ds, dir + "/m.pt", dir + "/m.items.csv");
        EXPECT_TRUE(done.ok()) << done.error().message;
        auto s = TorchScriptModel::load(dir + "/m.pt", dir + "/m.items.csv", r.ds);
        EXPECT_TRUE(s.ok()) << s.error().message;
        r.script = std::make_unique<TorchScriptModel>(std::move(*s));
        return r;
    }();
    return rt;
}

std::vector<History> someHistories() {
    // Empty, short, exactly maxLength, longer than maxLength (clipped), a masked slot.
    return {{},
            {3},
            {1, 2, 3, 4, 5},
            {0, 1, 2, 3, 4, 5, 6, 7},
            {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 11},
            {4, kMaskedSlot, 6}};
}

} // namespace

TEST(TorchScriptRoundTrip, ScoresEqualTheNativeModel) {
    const auto& rt = roundTrip();
    ASSERT_TRUE(rt.script);
    EXPECT_EQ(rt.script->itemCount(), rt.native->itemCount());
    EXPECT_EQ(rt.script->maxLength(), rt.native->maxLength());
    EXPECT_EQ(rt.script->mapping().mappedItems, 30);
    const auto hs = someHistories();
    expectClose(rt.script->scoreAll(hs), rt.native->scoreAll(hs), "scoreAll");
    const std::vector<ItemIndex> targets{0, 5, 29, 7, 12, 3};
    expectClose(rt.script->scoreTargets(hs, targets), rt.native->scoreTargets(hs, targets),
                "scoreTargets");
}

TEST(TorchScriptRoundTrip, AttentionAndGradientsEqualTheNativeModel) {
    const auto& rt = roundTrip();
    ASSERT_TRUE(rt.script);
    const History h{5, 9, 1, 22, 7};
    const auto a = rt.script->attention(h);
    const auto b = rt.native->attention(h);
    EXPECT_EQ(a.layers, 2);
    EXPECT_EQ(a.heads, 2);
    EXPECT_EQ(a.length, b.length);
    expectClose(a.weights, b.weights, "attention");
    // The native model splits the input into item, category and brand parts; the file has their
    // sum (embed()), and the gradient with respect to each part is the gradient of the sum.
    const auto gs = rt.script->gradients(h, 4);
    const auto gn = rt.native->gradients(h, 4);
    EXPECT_NEAR(gs.score, gn.score, kTol * (1 + std::abs(gn.score)));
    expectClose(gs.gradient[0], gn.gradient[0], "gradient");
    std::vector<float> sum(gn.input[0].size(), 0.0f);
    for (const auto& part : gn.input)
        for (size_t i = 0; i < part.size(); ++i)
            sum[i] += part[i];
    expectClose(gs.input[0], sum, "embedding");
}

TEST(TorchScriptRoundTrip, ExplanationBundleEqualsTheNativeModel) {
    const auto& rt = roundTrip();
    ASSERT_TRUE(rt.script);
    ExplainConfig cfg;
    cfg.threads = 1;
    cfg.methods.listShapley = false;
    const History h{2, 14, 8, 21, 3, 17};
    const auto bn = explain(*rt.native, rt.ds, h, -1, cfg);
    const auto bs = explain(*rt.script, rt.ds, h, -1, cfg);
    ASSERT_EQ(bs.target, bn.target);
    ASSERT_EQ(bs.topK.size(), bn.topK.size());
    for (size_t i = 0; i < bn.topK.size(); ++i)
        EXPECT_EQ(bs.topK[i].item, bn.topK[i].item) << "rank " << i + 1;
    EXPECT_NEAR(bs.targetScore, bn.targetScore, kTol * (1 + std::abs(bn.targetScore)));
    EXPECT_TRUE(bs.unavailable.empty());
    ASSERT_EQ(bs.attributions.size(), bn.attributions.size());
    for (size_t i = 0; i < bn.attributions.size(); ++i) {
        EXPECT_EQ(bs.attributions[i].method, bn.attributions[i].method);
        expectClose(bs.attributions[i].values, bn.attributions[i].values,
                    bn.attributions[i].method);
    }
}

TEST(TorchScriptModel, ForeignFileCountsUnknownItemsAndReportsMissingAttention) {
    const std::string dir = test::sourcePath("tests/data/torchscript");
    ImportOptions opt;
    opt.format = DataFormat::Csv;
    auto ds = loadDataset(dir + "/interactions.csv", opt);
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    auto opened = openModel(dir + "/good.pt", dir + "/items.csv", *ds);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_EQ(opened->kind, "torchscript");
    const auto& map = *opened->mapping;
    EXPECT_EQ(map.mappedItems, 5);
    EXPECT_EQ(map.datasetItemsUnknownToModel, 1); // I6
    EXPECT_EQ(map.modelItemsUnknownToDataset, 0);
    const SequenceModel& m = *opened->model;
    const ItemIndex unknown = ds->findItem("I6");
    const auto row = m.scoreAll({{ds->findItem("I1"), ds->findItem("I2")}});
    EXPECT_EQ(row[static_cast<size_t>(unknown)], kUnknownItemScore);
    for (const char* id : {"I1", "I2", "I3", "I4", "I5"})
        EXPECT_GT(row[static_cast<size_t>(ds->findItem(id))], kUnknownItemScore);
    EXPECT_FALSE(m.supportsAttention());
    ExplainConfig cfg;
    cfg.threads = 1;
    cfg.methods = ExplainMethods::none();
    cfg.methods.attention = cfg.methods.gradient = true;
    const auto b = explain(m, *ds, {ds->findItem("I1"), ds->findItem("I3")}, -1, cfg);
    ASSERT_EQ(b.unavailable.count("attention"), 1u);
    EXPECT_NE(b.unavailable.at("attention").find("no attention"), std::string::npos);
    EXPECT_FALSE(b.attention.has_value());
    EXPECT_THROW(m.gradients({ds->findItem("I1")}, unknown), std::invalid_argument);
}

TEST(TorchScriptModel, ItemMapWithANativeCheckpointIsRefused) {
    const auto& rt = roundTrip();
    const std::string dir = test::scratchDir("torchscript_native_map");
    ASSERT_TRUE(rt.native->save(dir + "/m.rlm").ok());
    auto r = openModel(dir + "/m.rlm", dir + "/whatever.csv", rt.ds);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("TorchScript models only"), std::string::npos);
    auto ok = openModel(dir + "/m.rlm", "", rt.ds);
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_EQ(ok->kind, "reclens");
    EXPECT_NE(ok->native, nullptr);
}

TEST(TorchScriptModel, ItemMapIsFoundBesideTheModel) {
    const std::string dir = test::scratchDir("torchscript_beside");
    const auto touch = [](const std::string& p) {
        std::ofstream(p) << "index,item\n";
    };
    EXPECT_EQ(findItemMapBeside(dir + "/shop.pt"), "");
    touch(dir + "/item_map.csv");
    EXPECT_EQ(findItemMapBeside(dir + "/shop.pt"), dir + "/item_map.csv");
    touch(dir + "/shop.items.csv"); // the model's own map comes first
    EXPECT_EQ(findItemMapBeside(dir + "/shop.pt"), dir + "/shop.items.csv");
}
