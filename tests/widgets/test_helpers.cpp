// Small pieces of the workbench that need no model: CSV export, distinct elision of similar
// titles, the import preview, the sentences the Merchant and Saliency views build from a result.

#include "attributiontext.h"
#include "distinctelide.h"
#include "importdialog.h"
#include "merchantview.h"
#include "numbertext.h"
#include "tableutil.h"

#include <QHeaderView>
#include <QStandardItemModel>
#include <QTableView>

#include <gtest/gtest.h>

#include <set>

namespace reclens::test {

TEST(WidgetHelpers, TableCsvQuotesFieldsPerRfc4180) {
    QStandardItemModel m;
    m.setHorizontalHeaderLabels({QStringLiteral("a"), QStringLiteral("b,c")});
    m.appendRow(
        {new QStandardItem(QStringLiteral("say \"hi\"")), new QStandardItem(QStringLiteral("x"))});
    EXPECT_EQ(tableToCsv(&m), QStringLiteral("a,\"b,c\"\n\"say \"\"hi\"\"\",x\n"));
}

TEST(WidgetHelpers, DistinctElisionTellsSimilarAndRepeatedTitlesApart) {
    // Amazon Scientific: two products under one title, and two titles that share their start
    // and their end. In a 180-px column Qt's middle elision shows each pair as one text.
    const QString acurite = QStringLiteral("AcuRite 00613 Humidity Monitor with Indoor "
                                           "Thermometer, Digital Hygrometer and Humidity Gauge "
                                           "Indicator");
    const QStringList titles{
        acurite, acurite,
        QStringLiteral("3D Solutech Real Orange 1.75mm PLA 3D Printer Filament 2.2 LBS (1.0KG)"),
        QStringLiteral("3D Solutech Real Grey 1.75mm PLA 3D Printer Filament 2.2 LBS (1.0KG)")};
    const QStringList ids{QStringLiteral("B0013BKDO8"), QStringLiteral("B00DRALJ28"),
                          QStringLiteral("B00ME7CV7C"), QStringLiteral("B00J0GO8I0")};
    QStandardItemModel model;
    for (int r = 0; r < titles.size(); ++r) {
        auto* c = new QStandardItem(titles[r]);
        c->setData(ids[r], DistinctKeyRole);
        model.appendRow(c);
    }
    QTableView view;
    view.setModel(&model);
    view.setTextElideMode(Qt::ElideMiddle);
    view.horizontalHeader()->setStretchLastSection(false);
    view.setColumnWidth(0, 180);
    auto shownTexts = [&] {
        std::set<QString> shown;
        for (int r = 0; r < model.rowCount(); ++r) {
            const QString s = shownCellText(&view, model.index(r, 0));
            EXPECT_LE(view.fontMetrics().horizontalAdvance(s), 180) << s.toStdString();
            shown.insert(s);
        }
        return shown;
    };
    EXPECT_EQ(shownTexts().size(), 2u) << "the case: each pair reads the same";
    elideColumnDistinctly(&view, 0);
    const std::set<QString> shown = shownTexts();
    EXPECT_EQ(shown.size(), 4u);
    for (const QString& s : shown)
        EXPECT_FALSE(titles.contains(s)) << "elided: " << s.toStdString();
    // The model keeps the whole titles: copy and CSV export write them.
    EXPECT_EQ(model.index(0, 0).data().toString(), acurite);
}

TEST(WidgetHelpers, ImportPreviewReadsTheSampleHeader) {
    QString file = ImportDialog::previewFileFor(QStringLiteral(RECLENS_SOURCE_DIR "/sample_data"));
    ASSERT_TRUE(file.endsWith(QStringLiteral("interactions.csv")));
    QChar sep;
    auto rows = ImportDialog::readPreview(file, 5, &sep);
    ASSERT_EQ(rows.size(), 6);
    EXPECT_EQ(sep, QLatin1Char(','));
    EXPECT_EQ(rows.front(), (QStringList{QStringLiteral("user"), QStringLiteral("item"),
                                         QStringLiteral("timestamp")}));
}

TEST(WidgetHelpers, MerchantSaysWhenTheDriversComeFromASample) {
    MerchantExplanation r;
    r.k = 10;
    r.inTopK = 1977;
    r.driverUsers = 312;
    r.driverUsersSampled = true;
    const QString sampled = MerchantView::driversNote(r);
    EXPECT_TRUE(sampled.contains(QStringLiteral("312 of 1,977 customers")))
        << sampled.toStdString();
    EXPECT_TRUE(sampled.contains(QStringLiteral("top-10"))) << sampled.toStdString();
    EXPECT_TRUE(sampled.contains(QStringLiteral("sample"))) << sampled.toStdString();
    r.driverUsers = r.inTopK;
    r.driverUsersSampled = false;
    const QString all = MerchantView::driversNote(r);
    EXPECT_TRUE(all.contains(QStringLiteral("all 1,977 customers"))) << all.toStdString();
    EXPECT_FALSE(all.contains(QStringLiteral("sample"))) << all.toStdString();
    r.inTopK = 0;
    r.driverUsers = 0;
    EXPECT_TRUE(MerchantView::driversNote(r).contains(QStringLiteral("No customer")));
}

TEST(WidgetHelpers, IgDetailsNameTheRuleAndTheGradientEvaluations) {
    IgExplanation ig;
    ig.rule = IgRule::Simpson;
    ig.stepsTried = {32, 64};
    ig.stepsUsed = 64;
    ig.gradientEvaluations = 65; // nested: doubling reuses the 33 points of the first try
    ig.completenessError = 0.0042f;
    ig.converged = true;
    QString text = igDetails(ig);
    EXPECT_TRUE(text.contains(QStringLiteral("Simpson rule"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("64 steps (tried 32 → 64)"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("65 gradient evaluations"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("0.420 %"))) << text.toStdString();
    ig.rule = IgRule::GaussLegendre;
    ig.stepsTried = {32};
    ig.stepsUsed = 32;
    ig.gradientEvaluations = 32;
    ig.converged = false;
    text = igDetails(ig);
    EXPECT_TRUE(text.contains(QStringLiteral("Gauss–Legendre rule, 32 steps,")))
        << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("not converged"))) << text.toStdString();
    // The adaptive rule says that its first try was Gauss–Legendre and then lists the panels.
    ig.rule = IgRule::Adaptive;
    ig.stepsTried = {32, 32, 44};
    ig.stepsUsed = 44;
    ig.gradientEvaluations = 81;
    ig.converged = true;
    text = igDetails(ig);
    EXPECT_TRUE(text.contains(
        QStringLiteral("adaptive rule, 44 steps (Gauss–Legendre 32, then panels 32 → 44)")))
        << text.toStdString();
}

TEST(WidgetHelpers, IgDetailsSayWhichCriterionDecidedAndShowTheAbsoluteError) {
    IgExplanation ig;
    ig.rule = IgRule::GaussLegendre;
    ig.stepsTried = {32};
    ig.stepsUsed = 32;
    ig.gradientEvaluations = 32;
    // Not converged, relative criterion: no claim of meeting the tolerance.
    ig.completenessError = 0.037f;
    ig.completenessAbsError = 0.052f;
    ig.absoluteCriterion = false;
    ig.converged = false;
    QString text = igDetails(ig);
    EXPECT_TRUE(text.contains(QStringLiteral("3.700 %"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("0.052 logits"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("not converged"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("relative error stayed above"))) << text.toStdString();
    EXPECT_FALSE(text.contains(QStringLiteral("Converged by"))) << text.toStdString();
    EXPECT_FALSE(text.contains(QStringLiteral("< 1 %"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("path's own forward pass"))) << text.toStdString();
    // Converged by the absolute criterion: a large percentage, a tiny absolute error.
    ig.completenessError = 0.25f;
    ig.completenessAbsError = 0.0004f;
    ig.absoluteCriterion = true;
    ig.converged = true;
    text = igDetails(ig);
    EXPECT_TRUE(text.contains(QStringLiteral("Converged by the absolute criterion")))
        << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("0.0004 logits"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("25.000 %"))) << text.toStdString();
    EXPECT_FALSE(text.contains(QStringLiteral("relative criterion"))) << text.toStdString();
    // Not converged under the absolute criterion says so, not "relative".
    ig.converged = false;
    text = igDetails(ig);
    EXPECT_TRUE(text.contains(QStringLiteral("absolute error stayed above"))) << text.toStdString();
    // Converged by the relative criterion.
    ig.absoluteCriterion = false;
    ig.completenessError = 0.004f;
    ig.converged = true;
    text = igDetails(ig);
    EXPECT_TRUE(text.contains(QStringLiteral("Converged by the relative criterion")))
        << text.toStdString();
    // Sampled baselines: how many, how many converged, the worst per-baseline error.
    ig.baseline = IgBaseline::Sampled;
    ig.stepsTried = {32, 44};
    ig.sampled.resize(2);
    ig.sampled[0].converged = true;
    ig.sampled[0].completenessError = 0.002f;
    ig.sampled[1].converged = false;
    ig.sampled[1].completenessError = 0.031f;
    text = igDetails(ig);
    EXPECT_TRUE(text.contains(QStringLiteral("2 other customer(s)' histories (SPINRec)")))
        << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("1 of them converged"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("3.100 %"))) << text.toStdString();
}

TEST(WidgetHelpers, CostLineShowsHistoriesScoredAndTheTimings) {
    ExplanationBundle b;
    b.historiesScored = 1234;
    b.timingsMs = {{"ig", 40.4}, {"loo", 3.0}, {"total", 51.2}};
    const QString text = explanationCost(b);
    EXPECT_TRUE(text.contains(QStringLiteral("1,234 distinct histories"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("51 ms in all"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("IG 40, leave-one-out 3"))) << text.toStdString();
}

TEST(WidgetHelpers, FixedTextNeverShowsANegativeZero) {
    // The search panel's share line printed "purchases -0.000 logits" for a gate of 0.
    EXPECT_EQ(fixedText(-0.0000004, 3), QStringLiteral("0.000"));
    EXPECT_EQ(fixedText(-0.0, 2), QStringLiteral("0.00"));
    EXPECT_EQ(fixedText(-0.0006, 3), QStringLiteral("-0.001"));
    EXPECT_EQ(fixedText(14.8472, 3), QStringLiteral("14.847"));
}

} // namespace reclens::test
