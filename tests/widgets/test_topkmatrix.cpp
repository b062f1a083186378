// The "Top-K at once" tab: opening it explains every recommendation in a job, the matrix holds
// exactly the engine's numbers for each method, tooltips carry the full titles and the value,
// and another customer drops the old matrix.

#include "customersview.h"
#include "explain/explainmethods.h"
#include "plotutil.h"
#include "qcp.h"
#include "topkmatrixview.h"
#include "workbenchfixture.h"

#include <QPushButton>

#include <cmath>

using namespace reclens;
using namespace reclens::test;

TEST_F(WorkbenchTest, TopKMatrixHoldsTheEngineNumbersForEveryMethod) {
    openSampleWithModel();
    const Dataset& ds = *controller->dataset();
    UserIndex u = -1;
    for (UserIndex i = 0; i < static_cast<UserIndex>(ds.users.size()) && u < 0; ++i)
        if (ds.users[static_cast<size_t>(i)].sequence.size() >= 6)
            u = i;
    ASSERT_GE(u, 0);
    selectAndWait(u);
    TopKMatrixView* view = window->topKMatrixView();
    EXPECT_EQ(view->rowCount(), 0) << "nothing before the tab is opened";
    QSignalSpy done(controller.get(), &WorkbenchController::topKExplanationsChanged);
    window->show();
    window->showTab(MainWindow::TopKTab); // opening the tab starts the job
    ASSERT_TRUE(done.wait(120000));
    auto shown = controller->topKExplanations();
    ASSERT_TRUE(shown);

    ExplainConfig cfg = controller->explainConfig();
    cfg.methods = parseExplainMethods("loo,ig,shapley", nullptr);
    const History h = controller->historyOf(u);
    const auto direct = explainTopK(*controller->model(), ds, h, cfg.k, cfg);
    ASSERT_EQ(view->rowCount(), static_cast<int>(h.size()));
    ASSERT_EQ(view->columnCount(), static_cast<int>(direct.size()));
    for (const char* m : {"loo", "ig", "shapley"}) {
        view->setMethod(m);
        ASSERT_EQ(view->method(), m);
        for (int c = 0; c < view->columnCount(); ++c) {
            const Attribution* a = direct[static_cast<size_t>(c)].attribution(m);
            ASSERT_NE(a, nullptr) << m;
            for (int r = 0; r < view->rowCount(); ++r)
                EXPECT_NEAR(view->cellValue(r, c), a->values[static_cast<size_t>(r)], 1e-5)
                    << m << " purchase " << r << " rank " << c + 1;
        }
        // One symmetric scale: white is zero.
        const QCPRange range = view->colorMap()->dataRange();
        EXPECT_FLOAT_EQ(static_cast<float>(range.lower), static_cast<float>(-range.upper));
    }
    view->setMethod("loo");
    const QString tip = view->cellTooltip(0, 1);
    EXPECT_TRUE(tip.contains(itemTitle(ds, h[0]))) << tip.toStdString();
    EXPECT_TRUE(tip.contains(itemTitle(ds, direct[1].target))) << tip.toStdString();
    EXPECT_TRUE(tip.contains(QString::number(view->cellValue(0, 1), 'g', 5)));
    EXPECT_TRUE(view->cellTooltip(-1, 0).isEmpty());
    EXPECT_FALSE(view->caption().isEmpty());
    // "Why this list" rides along: the engine's values, its strongest purchase named.
    ASSERT_TRUE(shown->front().listShapley);
    const auto list = explainListShapley(*controller->model(), h, cfg.k, cfg);
    const auto& phi = shown->front().listShapley->shapley.values;
    ASSERT_EQ(phi.size(), list.shapley.values.size());
    size_t strongest = 0;
    for (size_t t = 0; t < phi.size(); ++t) {
        EXPECT_NEAR(phi[t], list.shapley.values[t], 1e-5) << t;
        if (std::fabs(phi[t]) > std::fabs(phi[strongest]))
            strongest = t;
    }
    EXPECT_TRUE(view->whyThisListText().contains(elide(itemTitle(ds, h[strongest]), 30)))
        << view->whyThisListText().toStdString();

    // Another customer: the old matrix is dropped at once (and recomputed for the new one).
    UserIndex other = u + 1 < static_cast<UserIndex>(ds.users.size()) ? u + 1 : 0;
    window->showTab(MainWindow::SaliencyTab); // off screen: no new run
    controller->selectCustomer(other);
    EXPECT_FALSE(controller->topKExplanations());
    EXPECT_EQ(view->rowCount(), 0);
}
