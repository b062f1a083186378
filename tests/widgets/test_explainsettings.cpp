// Explanation settings: the dialog shows and returns every field it edits, refuses combinations
// that cannot mean what the user wants, and the controller remembers an accepted config and
// re-explains with it; a damaged stored value falls back to the defaults.

#include "attributiontext.h"
#include "explain/explanationjson.h"
#include "explainsettings.h"
#include "explainsettingsdialog.h"
#include "saliencyview.h"
#include "workbenchfixture.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimer>

namespace reclens::test {

namespace {

/// Every field the dialog edits differs from ExplainConfig{}; so do two it must keep.
ExplainConfig nonDefaultConfig() {
    ExplainConfig c;
    c.k = 7;
    c.whatIfK = 33;
    c.igBaseline = IgBaseline::MeanItem;
    c.igBaselineSamples = 5;
    c.igRule = IgRule::Simpson;
    c.igStartSteps = 16;
    c.igMaxSteps = 256;
    c.igTolerance = 0.025;
    c.shapleyExactLimit = 9;
    c.shapleyPermutations = 40;
    c.shapleyExactOnLastItems = true;
    c.counterfactualBudget = 500;
    c.counterfactualMaxRemovals = 12;
    c.counterfactualGoal = CounterfactualGoal::ReplaceTop1;
    c.faithfulnessCurvePoints = 21;
    c.faithfulnessRandomOrders = 9;
    c.seed = 123456;
    c.igSmallDelta = 0.25;     // not in the dialog: kept
    c.methods.shapley = false; // not in the dialog: kept
    return c;
}

std::string json(const ExplainConfig& c) {
    return explainConfigToJson(c).dump();
}

QSpinBox* spinLabelled(QWidget& w, const QString& suffixOrTip) {
    for (QSpinBox* s : w.findChildren<QSpinBox*>())
        if (s->toolTip().contains(suffixOrTip))
            return s;
    return nullptr;
}

/// Settings removed before and after a test, so tests never see each other's values.
struct CleanExplainSettings {
    CleanExplainSettings() { QSettings().remove(explainSettingsKey()); }
    ~CleanExplainSettings() { QSettings().remove(explainSettingsKey()); }
};

} // namespace

TEST(ExplainSettingsDialog, RoundTripsANonDefaultConfig) {
    const ExplainConfig c = nonDefaultConfig();
    ASSERT_TRUE(explainConfigProblem(c).isEmpty()) << explainConfigProblem(c).toStdString();
    ExplainSettingsDialog dialog(c);
    EXPECT_EQ(json(dialog.config()), json(c));
    EXPECT_TRUE(dialog.okButton()->isEnabled());
    // setConfig on a dialog opened with the defaults shows the same values.
    ExplainSettingsDialog other{ExplainConfig{}};
    other.setConfig(c);
    EXPECT_EQ(json(other.config()), json(c));
}

TEST(ExplainSettingsDialog, RestoreDefaultsGivesTheDefaultConfig) {
    ExplainSettingsDialog dialog(nonDefaultConfig());
    dialog.restoreDefaultsButton()->click();
    ExplainConfig expected;
    expected.methods = nonDefaultConfig().methods; // which methods run is not this dialog's
    EXPECT_EQ(json(dialog.config()), json(expected));
    ExplainSettingsDialog plain{ExplainConfig{}};
    plain.restoreDefaults();
    EXPECT_EQ(json(plain.config()), json(ExplainConfig{}));
}

TEST(ExplainSettingsDialog, RefusesMaxStepsBelowStartStepsAndOtherBadCombinations) {
    ExplainSettingsDialog dialog{ExplainConfig{}};
    dialog.show();
    QSpinBox* start = spinLabelled(dialog, QStringLiteral("Steps of the first try"));
    QSpinBox* max = spinLabelled(dialog, QStringLiteral("double from the start value"));
    ASSERT_TRUE(start && max);
    start->setValue(64);
    max->setValue(32);
    EXPECT_FALSE(dialog.problem().isEmpty());
    EXPECT_FALSE(dialog.okButton()->isEnabled());
    dialog.accept();
    EXPECT_TRUE(dialog.isVisible()) << "an invalid form must not be accepted";
    EXPECT_NE(dialog.result(), QDialog::Accepted);
    max->setValue(64);
    EXPECT_TRUE(dialog.problem().isEmpty()) << dialog.problem().toStdString();
    EXPECT_TRUE(dialog.okButton()->isEnabled());
    dialog.accept();
    EXPECT_EQ(dialog.result(), QDialog::Accepted);

    ExplainConfig c;
    c.shapleyExactOnLastItems = true;
    c.shapleyExactLimit = 0;
    EXPECT_FALSE(explainConfigProblem(c).isEmpty());
    c = ExplainConfig{};
    c.counterfactualMaxRemovals = 80;
    c.counterfactualBudget = 40;
    EXPECT_FALSE(explainConfigProblem(c).isEmpty());
    c = ExplainConfig{};
    c.k = 0;
    EXPECT_FALSE(explainConfigProblem(c).isEmpty());
    EXPECT_TRUE(explainConfigProblem(ExplainConfig{}).isEmpty());
}

TEST(ExplainSettingsDialog, SimpsonOddStartStepsAreRefusedWithTheEvenCountToUse) {
    ExplainConfig c;
    c.igRule = IgRule::Simpson;
    c.igStartSteps = 33;
    c.igMaxSteps = 512;
    const QString why = explainConfigProblem(c);
    EXPECT_TRUE(why.contains(QStringLiteral("even number"))) << why.toStdString();
    EXPECT_TRUE(why.contains(QStringLiteral("use 34"))) << why.toStdString();
    c.igStartSteps = 34;
    EXPECT_TRUE(explainConfigProblem(c).isEmpty()) << explainConfigProblem(c).toStdString();
    c.igRule = IgRule::Trapezoid; // only Simpson pairs the intervals
    c.igStartSteps = 33;
    EXPECT_TRUE(explainConfigProblem(c).isEmpty());

    ExplainSettingsDialog dialog{ExplainConfig{}};
    QSpinBox* start = spinLabelled(dialog, QStringLiteral("Steps of the first try"));
    QComboBox* rule = nullptr; // the rule box: the one listing Adaptive first
    for (QComboBox* box : dialog.findChildren<QComboBox*>())
        if (box->findData(static_cast<int>(IgRule::Simpson)) >= 0 &&
            box->itemText(0).contains(QStringLiteral("Adaptive")))
            rule = box;
    ASSERT_TRUE(start && rule);
    start->setValue(33);
    EXPECT_TRUE(dialog.problem().isEmpty()) << "adaptive takes any start";
    rule->setCurrentIndex(rule->findData(static_cast<int>(IgRule::Simpson)));
    EXPECT_FALSE(dialog.okButton()->isEnabled()) << "changing the rule alone re-validates";
    EXPECT_TRUE(dialog.problem().contains(QStringLiteral("even number")));
}

TEST(ExplainSettingsDialog, SampledBaselineIsOfferedWithItsSampleCount) {
    ExplainConfig c;
    c.igBaseline = IgBaseline::Sampled;
    c.igBaselineSamples = 12;
    ExplainSettingsDialog dialog(c);
    EXPECT_EQ(json(dialog.config()), json(c));
    QSpinBox* samples = spinLabelled(dialog, QStringLiteral("other customers' histories"));
    ASSERT_TRUE(samples);
    EXPECT_TRUE(samples->isEnabled());
    dialog.setConfig(ExplainConfig{}); // padding: the count does not apply
    EXPECT_FALSE(samples->isEnabled());
    c.igBaselineSamples = 0;
    EXPECT_FALSE(explainConfigProblem(c).isEmpty());
}

TEST_F(WorkbenchTest, SampledIgBaselineIsExplainedAndNamedInTheSaliencyNote) {
    CleanExplainSettings clean;
    openSampleWithModel();
    const Dataset& ds = *controller->dataset();
    UserIndex u = 0;
    while (ds.users[static_cast<size_t>(u)].sequence.size() < 6)
        ++u;
    selectAndWait(u);
    ExplainConfig c = controller->explainConfig();
    c.igBaseline = IgBaseline::Sampled;
    c.igBaselineSamples = 3;
    QSignalSpy explained(controller.get(), &WorkbenchController::explanationChanged);
    ASSERT_TRUE(controller->setExplainConfig(c));
    for (int i = 0; i < 5; ++i) {
        auto b = controller->explanation();
        if (b && b->ig && b->ig->baseline == IgBaseline::Sampled)
            break;
        ASSERT_TRUE(explained.wait(60000)) << "no re-explanation with the sampled baseline";
    }
    auto b = controller->explanation();
    ASSERT_TRUE(b && b->ig);
    ASSERT_EQ(b->ig->sampled.size(), 3u);
    SaliencyView* sal = window->saliencyView();
    sal->setMethod("ig");
    EXPECT_TRUE(sal->methodNote().contains(igDetails(*b->ig))) << sal->methodNote().toStdString();
    EXPECT_TRUE(sal->methodNote().contains(QStringLiteral("3 other customer(s)' histories")))
        << sal->methodNote().toStdString();
}

TEST(ExplainSettingsStore, DamagedStoredValuesGiveTheDefaults) {
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    QString problem;
    EXPECT_EQ(json(loadExplainConfig(settings, &problem)), json(ExplainConfig{}));
    EXPECT_TRUE(problem.isEmpty()) << "nothing stored is not a problem";

    storeExplainConfig(settings, nonDefaultConfig());
    EXPECT_EQ(json(loadExplainConfig(settings, &problem)), json(nonDefaultConfig()));
    EXPECT_TRUE(problem.isEmpty()) << problem.toStdString();

    for (const char* bad :
         {"not json {", "[1, 2]", "42", R"({"k": "ten"})", R"({"k": 1e300})",
          R"({"k": 4294967297})", R"({"seed": -1})", R"({"k": 2.5})", R"({"ig_rule": "euler"})",
          R"({"ig_tolerance": 1e400})", R"({"ig_start_steps": 64, "ig_max_steps": 8})"}) {
        settings.setValue(explainSettingsKey(), QString::fromUtf8(bad));
        const ExplainConfig c = loadExplainConfig(settings, &problem);
        EXPECT_EQ(json(c), json(ExplainConfig{})) << bad;
        EXPECT_FALSE(problem.isEmpty()) << bad;
    }
}

TEST_F(WorkbenchTest, SetExplainConfigPersistsAndReExplainsTheCurrentTarget) {
    CleanExplainSettings clean;
    openSampleWithModel();
    const Dataset& ds = *controller->dataset();
    UserIndex u = 0;
    while (ds.users[static_cast<size_t>(u)].sequence.size() < 6)
        ++u;
    selectAndWait(u);
    const ItemIndex target = controller->target();
    ASSERT_GE(target, 0);

    ExplainConfig c = controller->explainConfig();
    c.k = 5;
    c.igRule = IgRule::Simpson;
    c.shapleyPermutations = 4;
    QSignalSpy explained(controller.get(), &WorkbenchController::explanationChanged);
    ASSERT_TRUE(controller->setExplainConfig(c));
    EXPECT_EQ(json(controller->explainConfig()), json(c));
    EXPECT_EQ(json(loadExplainConfig(QSettings())), json(c)) << "not persisted";
    // The explanation of the same customer and target is computed again with the new config.
    for (int i = 0; i < 5; ++i) {
        auto b = controller->explanation();
        if (b && b->k == 5 && b->ig && b->ig->rule == IgRule::Simpson)
            break;
        ASSERT_TRUE(explained.wait(60000)) << "no re-explanation after the settings changed";
    }
    auto b = controller->explanation();
    ASSERT_TRUE(b && b->ig);
    EXPECT_EQ(b->k, 5);
    EXPECT_EQ(b->ig->rule, IgRule::Simpson);
    EXPECT_EQ(b->target, target);
    EXPECT_EQ(controller->customer(), u);

    // A refused config changes nothing, in memory or on disk.
    ExplainConfig bad = c;
    bad.igMaxSteps = bad.igStartSteps - 1;
    errors.clear();
    EXPECT_FALSE(controller->setExplainConfig(bad));
    EXPECT_FALSE(errors.isEmpty());
    EXPECT_EQ(json(controller->explainConfig()), json(c));
    EXPECT_EQ(json(loadExplainConfig(QSettings())), json(c));

    // The next start restores it; a damaged value restores the defaults with a message.
    WorkbenchController next;
    next.restoreExplainConfig();
    EXPECT_EQ(json(next.explainConfig()), json(c));
    QSettings().setValue(explainSettingsKey(), QStringLiteral("{\"k\": "));
    QSignalSpy nextErrors(&next, &WorkbenchController::errorMessage);
    next.restoreExplainConfig();
    EXPECT_EQ(json(next.explainConfig()), json(ExplainConfig{}));
    EXPECT_EQ(nextErrors.size(), 1);
}

TEST_F(WorkbenchTest, EditMenuOpensExplainSettingsAndOkAppliesThem) {
    CleanExplainSettings clean;
    QAction* action = nullptr;
    for (QAction* a : window->menuBar()->findChildren<QAction*>())
        if (a->text().contains(QStringLiteral("xplanation settings")))
            action = a;
    ASSERT_TRUE(action) << "no Explanation settings… menu action";
    bool sawDialog = false;
    QTimer::singleShot(0, [&] {
        auto* dialog = qobject_cast<ExplainSettingsDialog*>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        sawDialog = true;
        ExplainConfig c = dialog->config();
        c.faithfulnessRandomOrders = 6;
        dialog->setConfig(c);
        dialog->okButton()->click();
    });
    action->trigger(); // runs the modal dialog until the timer above accepts it
    ASSERT_TRUE(sawDialog);
    EXPECT_EQ(controller->explainConfig().faithfulnessRandomOrders, 6);
}

TEST(ExplainSettingsDialog, EveryFieldHasALabelAndATooltip) {
    ExplainSettingsDialog dialog{ExplainConfig{}};
    dialog.show();
    QCoreApplication::processEvents();
    QSet<QWidget*> labelled;
    for (QLabel* l : dialog.findChildren<QLabel*>())
        if (l->buddy()) {
            labelled.insert(l->buddy());
            EXPECT_FALSE(l->toolTip().isEmpty()) << l->text().toStdString();
        }
    QList<QWidget*> fields;
    for (QAbstractSpinBox* w : dialog.findChildren<QAbstractSpinBox*>())
        fields << w;
    for (QComboBox* w : dialog.findChildren<QComboBox*>())
        fields << w;
    EXPECT_EQ(fields.size(), 17); // 15 + the sampled IG baselines count + newest-purchase samples
    for (QWidget* w : fields) {
        EXPECT_TRUE(labelled.contains(w)) << "unlabelled field";
        EXPECT_GT(w->toolTip().size(), 40) << "a tooltip says what the field does and costs";
    }
    for (QCheckBox* c : dialog.findChildren<QCheckBox*>())
        EXPECT_FALSE(c->toolTip().isEmpty()) << c->text().toStdString();

    // RECLENS_SCREENSHOT_DIR=DIR saves the dialog, valid and refusing, to look at.
    const QString out = QString::fromLocal8Bit(qgetenv("RECLENS_SCREENSHOT_DIR"));
    if (!out.isEmpty()) {
        EXPECT_TRUE(dialog.grab().save(out + QStringLiteral("/explain_settings.png")));
        ExplainConfig bad;
        bad.igMaxSteps = 16;
        dialog.setConfig(bad);
        dialog.adjustSize();
        QCoreApplication::processEvents();
        EXPECT_TRUE(dialog.grab().save(out + QStringLiteral("/explain_settings_refused.png")));
    }
}

} // namespace reclens::test
