// The Project view draws the training curves stored in a checkpoint when it is opened (they
// used to be empty axes outside a live run), and says where the points come from.

#include "projectview.h"
#include "qcp.h"
#include "trainingcurves.h"
#include "workbenchfixture.h"

#include <QFileInfo>
#include <QTemporaryDir>

namespace reclens::test {

namespace {

void expectGraphHolds(QCPGraph* g, const std::vector<EpochRecord>& h, double EpochRecord::*field) {
    ASSERT_EQ(g->dataCount(), static_cast<int>(h.size())) << g->name().toStdString();
    for (size_t i = 0; i < h.size(); ++i) {
        EXPECT_DOUBLE_EQ(g->data()->at(static_cast<int>(i))->key, h[i].epoch);
        EXPECT_DOUBLE_EQ(g->data()->at(static_cast<int>(i))->value, h[i].*field);
    }
}

} // namespace

TEST_F(WorkbenchTest, OpeningACheckpointDrawsItsStoredTrainingCurves) {
    openSampleWithModel();
    const QString path = tinyModelPath(controller->dataset()->fingerprint);
    controller->openCheckpoint(path);
    ASSERT_TRUE(waitFor(&WorkbenchController::modelChanged))
        << errors.join(QStringLiteral("\n")).toStdString();
    const std::vector<EpochRecord>& h = controller->model()->info().history;
    ASSERT_EQ(static_cast<int>(h.size()), controller->model()->info().epochsTrained);
    ASSERT_FALSE(h.empty());

    ProjectView* view = window->projectView();
    view->flushPlots();
    expectGraphHolds(view->lossPlot()->graph(0), h, &EpochRecord::loss);
    expectGraphHolds(view->metricPlot()->graph(0), h, &EpochRecord::validNdcg10);
    expectGraphHolds(view->metricPlot()->graph(1), h, &EpochRecord::validHr10);
    EXPECT_TRUE(view->curves()->note().contains(QStringLiteral("checkpoint")))
        << view->curves()->note().toStdString();
    EXPECT_TRUE(view->curves()->note().contains(QFileInfo(path).fileName()));
    // The tiny model trains with early stopping: it holds the best epoch's weights.
    ASSERT_GT(controller->model()->info().training.patience, 0);
    EXPECT_EQ(view->curves()->markedEpoch(), controller->model()->info().bestEpoch);
    // Every point is inside the visible ranges (not drawn off the axes).
    for (QCustomPlot* p : {view->lossPlot(), view->metricPlot()})
        for (int g = 0; g < p->graphCount(); ++g)
            for (auto it = p->graph(g)->data()->constBegin(); it != p->graph(g)->data()->constEnd();
                 ++it) {
                EXPECT_TRUE(p->xAxis->range().contains(it->key));
                EXPECT_TRUE(p->yAxis->range().contains(it->value));
            }
    // No point lies under the legend (it covered the last NDCG point in the bottom-right
    // corner): drawn on the tab, every point's pixel is outside the legend's rectangle.
    window->showTab(MainWindow::ProjectTab);
    QCoreApplication::processEvents();
    view->flushPlots();
    QCustomPlot* metric = view->metricPlot();
    metric->replot(QCustomPlot::rpImmediateRefresh);
    ASSERT_TRUE(metric->legend->visible());
    const QRect legend = metric->legend->outerRect();
    ASSERT_FALSE(legend.isEmpty());
    for (int g = 0; g < metric->graphCount(); ++g)
        for (auto it = metric->graph(g)->data()->constBegin();
             it != metric->graph(g)->data()->constEnd(); ++it) {
            const QPointF px(metric->xAxis->coordToPixel(it->key),
                             metric->yAxis->coordToPixel(it->value));
            EXPECT_FALSE(legend.adjusted(-4, -4, 4, 4).contains(px.toPoint()))
                << "epoch " << it->key << " of " << metric->graph(g)->name().toStdString()
                << " is under the legend";
        }

    const QString out = QString::fromLocal8Bit(qgetenv("RECLENS_SCREENSHOT_DIR"));
    if (!out.isEmpty()) {
        window->showTab(MainWindow::ProjectTab);
        QCoreApplication::processEvents();
        view->flushPlots();
        EXPECT_TRUE(window->grab().save(out + QStringLiteral("/project_checkpoint.png")));
    }
}

TEST_F(WorkbenchTest, CheckpointWithoutHistoryShowsEmptyCurvesAndSaysWhy) {
    openSampleWithModel();
    // A checkpoint as written before the history was recorded.
    auto loaded = SasRecModel::load(tinyModelPath(controller->dataset()->fingerprint).toStdString(),
                                    controller->dataset().get());
    ASSERT_TRUE(loaded.ok());
    loaded->mutableInfo().history.clear();
    QTemporaryDir dir;
    const QString old = dir.filePath(QStringLiteral("old.rlm"));
    ASSERT_TRUE(loaded->save(old.toStdString()).ok());
    controller->openCheckpoint(old);
    ASSERT_TRUE(waitFor(&WorkbenchController::modelChanged));
    ProjectView* view = window->projectView();
    EXPECT_EQ(view->lossPlot()->graph(0)->dataCount(), 0);
    EXPECT_EQ(view->metricPlot()->graph(0)->dataCount(), 0);
    EXPECT_TRUE(view->curves()->note().contains(QStringLiteral("no training history")))
        << view->curves()->note().toStdString();
    EXPECT_EQ(view->curves()->markedEpoch(), 0);
}

TEST(TrainingCurves, LossAxisFollowsTheDataSoASmallDescentIsVisible) {
    // A loss going 6.5 -> 6.1 on an axis from 0 looked flat; metrics from 0.02 to 0.17 too.
    TrainingCurves curves;
    std::vector<EpochRecord> h;
    const double loss[] = {6.5, 6.35, 6.22, 6.1};
    const double ndcg[] = {0.02, 0.09, 0.15, 0.17};
    const double hr[] = {0.05, 0.16, 0.26, 0.30};
    for (int e = 0; e < 4; ++e)
        h.push_back({e + 1, loss[e], hr[e], ndcg[e], 1.0, 100.0});
    curves.showHistory(h, 4, QStringLiteral("test"));
    auto expectFills = [](QCustomPlot* p, double lo, double hi) {
        QCPRange y = p->yAxis->range();
        EXPECT_LT(y.lower, lo);
        EXPECT_GT(y.upper, hi);
        // The data spans most of the axis: padding, not an axis from zero.
        EXPECT_GT((hi - lo) / y.size(), 0.75) << y.lower << " .. " << y.upper;
    };
    expectFills(curves.lossPlot(), 6.1, 6.5);
    expectFills(curves.metricPlot(), 0.02, 0.30);
    EXPECT_GE(curves.metricPlot()->yAxis->range().lower, 0.0); // metrics are never negative
    // A single epoch (a flat line) still gets a visible, non-empty range around its value.
    curves.showHistory({h.front()}, 1, QStringLiteral("one epoch"));
    QCPRange y = curves.lossPlot()->yAxis->range();
    EXPECT_TRUE(y.contains(6.5));
    EXPECT_GT(y.size(), 0.0);
    EXPECT_LT(y.size(), 2.0);
}

} // namespace reclens::test
