// A SASRec written and trained in PyTorch (pmixer_sasrec.py, pmixer/SASRec.pytorch's
// architecture) and exported to TorchScript gives, inside RecLens, the numbers PyTorch computed:
// scores and leave-one-out changes to 1e-4 (relative), gradient x input to 1e-4, integrated
// gradients within 1 % (L1), and RecLens's own IG is complete to 1 %. The script runs here, so a
// missing python3 or torch fails the test.

#include "data/importers.h"
#include "explain/explainmethods.h"
#include "explain/explanation.h"
#include "interop_util.h"
#include "model/modelfile.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <stdexcept>
#include <string>

using namespace reclens;
using namespace reclens::interoptest;

namespace {

struct Interop {
    std::string error; // empty when the script ran and the files opened
    Dataset ds;
    OpenedModel model;
    nlohmann::json reference;
};

const Interop& interop() {
    static Interop it = [] {
        Interop r;
        const std::string src = RECLENS_SOURCE_DIR;
        const std::string dir = tempDir();
        const std::string cmd = std::string(RECLENS_PYTHON3) + " " + src +
                                "/tests/interop/pmixer_sasrec.py " + src + "/sample_data " + dir;
        if (std::system(cmd.c_str()) != 0) {
            r.error = "`" + cmd +
                      "` failed: the interop test needs python3 with PyTorch 1.13 (Debian "
                      "python3-torch, installed by scripts/install-deps.sh)";
            return r;
        }
        auto ds = loadDataset(src + "/sample_data");
        if (!ds) {
            r.error = ds.error().message;
            return r;
        }
        r.ds = std::move(*ds);
        auto m = openModel(dir + "/model.pt", dir + "/item_map.csv", r.ds);
        if (!m) {
            r.error = m.error().message;
            return r;
        }
        r.model = std::move(*m);
        std::ifstream in(dir + "/reference.json");
        r.reference = nlohmann::json::parse(in);
        return r;
    }();
    return it;
}

} // namespace

TEST(InteropPyTorch, ScoresMatchPyTorch) {
    const auto& it = interop();
    ASSERT_TRUE(it.error.empty()) << it.error;
    EXPECT_EQ(it.model.kind, "torchscript");
    EXPECT_EQ(it.model.mapping->mappedItems, static_cast<int>(it.ds.items.size()));
    const auto& items = it.reference["items"];
    ASSERT_GE(it.reference["cases"].size(), 20u);
    for (const auto& c : it.reference["cases"]) {
        const History h = historyOf(it.ds, c["history"]);
        const auto row = it.model.model->scoreAll({h});
        const auto& want = c["scores"];
        ASSERT_EQ(want.size(), items.size());
        for (size_t j = 0; j < items.size(); ++j) {
            const ItemIndex i = it.ds.findItem(items[j].get<std::string>());
            expectRelative(row[static_cast<size_t>(i)], want[j].get<double>(), 1e-4,
                           "score of " + items[j].get<std::string>());
        }
    }
}

TEST(InteropPyTorch, LeaveOneOutAndGradientsMatchPyTorch) {
    const auto& it = interop();
    ASSERT_TRUE(it.error.empty()) << it.error;
    const SequenceModel& m = *it.model.model;
    for (const auto& c : it.reference["cases"]) {
        const History h = historyOf(it.ds, c["history"]);
        const ItemIndex target = it.ds.findItem(c["target"].get<std::string>());
        const auto loo = explainLeaveOneOut(m, clipHistory(h, m.maxLength()), target);
        ASSERT_EQ(loo.effect.size(), c["loo"].size());
        for (size_t t = 0; t < loo.effect.size(); ++t)
            expectRelative(loo.effect[t], c["loo"][t].get<double>(), 1e-4, "loo");
        const auto [grad, gxi] = explainGradient(m, h, target);
        ASSERT_EQ(gxi.values.size(), c["grad_x_input"].size());
        for (size_t t = 0; t < gxi.values.size(); ++t)
            expectRelative(gxi.values[t], c["grad_x_input"][t].get<double>(), 1e-4, "grad x input");
    }
}

TEST(InteropPyTorch, IntegratedGradientsMatchPyTorchAndAreComplete) {
    const auto& it = interop();
    ASSERT_TRUE(it.error.empty()) << it.error;
    const SequenceModel& m = *it.model.model;
    ExplainConfig cfg;
    cfg.igBaseline = IgBaseline::Padding;
    for (const auto& c : it.reference["cases"]) {
        const History h = clipHistory(historyOf(it.ds, c["history"]), m.maxLength());
        const ItemIndex target = it.ds.findItem(c["target"].get<std::string>());
        const auto ig = explainIntegratedGradients(m, h, target, cfg, it.ds);
        const auto& want = c["ig"];
        ASSERT_EQ(ig.values.size(), want.size());
        double diff = 0;
        double norm = 0;
        for (size_t t = 0; t < want.size(); ++t) {
            diff += std::abs(ig.values[t] - want[t].get<double>());
            norm += std::abs(want[t].get<double>());
        }
        EXPECT_LT(diff, 0.01 * std::max(norm, 1e-3)) << "IG L1 difference, history of " << h.size();
        EXPECT_LT(ig.completenessError, 0.01) << "RecLens IG completeness";
    }
}

TEST(InteropPyTorch, AttentionIsReportedUnavailable) {
    const auto& it = interop();
    ASSERT_TRUE(it.error.empty()) << it.error;
    ExplainConfig cfg;
    cfg.threads = 1;
    cfg.methods = ExplainMethods::none();
    cfg.methods.attention = true;
    const auto& c = it.reference["cases"][5];
    const auto b = explain(*it.model.model, it.ds, historyOf(it.ds, c["history"]), -1, cfg);
    ASSERT_EQ(b.unavailable.count("attention"), 1u);
    EXPECT_FALSE(b.attention.has_value());
}

TEST(InteropPyTorch, DocumentedExportExampleOpens) {
    // docs/MODEL_INTERFACE.md's complete example: three sample_data items, with attention.
    const std::string src = RECLENS_SOURCE_DIR;
    const std::string dir = tempDir();
    const std::string cmd =
        "cd " + dir + " && " + RECLENS_PYTHON3 + " " + src + "/docs/examples/export_torchscript.py";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd << " failed (python3 with torch needed)";
    auto ds = loadDataset(src + "/sample_data");
    ASSERT_TRUE(ds.ok()) << ds.error().message;
    auto m = openModel(dir + "/shop_model.pt", dir + "/shop_model.items.csv", *ds);
    ASSERT_TRUE(m.ok()) << m.error().message;
    EXPECT_EQ(m->mapping->mappedItems, 3);
    EXPECT_EQ(m->mapping->datasetItemsUnknownToModel, static_cast<int>(ds->items.size()) - 3);
    ASSERT_TRUE(m->model->supportsAttention());
    const History h{ds->findItem("SKU1001"), ds->findItem("SKU1002")};
    const auto maps = m->model->attention(h);
    EXPECT_EQ(maps.layers, 1);
    EXPECT_EQ(maps.length, 2);
    for (int q = 0; q < 2; ++q) {
        float row = 0;
        for (int k = 0; k < 2; ++k)
            row += maps.at(0, 0, q, k);
        EXPECT_NEAR(row, 1.0f, 1e-5f) << "attention row " << q;
    }
    const auto scores = m->model->scoreAll({h});
    EXPECT_EQ(scores[static_cast<size_t>(ds->findItem("SKU1010"))], kUnknownItemScore);
}
