#include "explainsettingsdialog.h"

#include "explainsettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <initializer_list>

namespace reclens {

namespace {

QSpinBox* spin(IntRange r, const QString& suffix, const QString& tip) {
    auto* s = new QSpinBox;
    s->setRange(r.lo, r.hi);
    s->setSuffix(suffix);
    s->setToolTip(tip);
    s->setAccelerated(true);
    return s;
}

QFormLayout* form(QGroupBox* box) {
    auto* f = new QFormLayout(box);
    // Fields grow with the dialog instead of sitting at their minimum width next to long labels.
    f->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    return f;
}

/// The label carries the field's tooltip too: users hover the text, not only the box.
void addRow(QFormLayout* f, const QString& label, QWidget* field) {
    auto* l = new QLabel(label);
    l->setToolTip(field->toolTip());
    l->setBuddy(field);
    f->addRow(l, field);
}

void alignLabels(std::initializer_list<QGroupBox*> boxes) {
    int width = 0;
    for (QGroupBox* b : boxes)
        for (QLabel* l : b->findChildren<QLabel*>())
            width = std::max(width, l->sizeHint().width());
    for (QGroupBox* b : boxes)
        for (QLabel* l : b->findChildren<QLabel*>())
            l->setMinimumWidth(width);
}

void selectData(QComboBox* box, int value) {
    const int i = box->findData(value);
    box->setCurrentIndex(i < 0 ? 0 : i);
}

} // namespace

ExplainSettingsDialog::ExplainSettingsDialog(const ExplainConfig& config, QWidget* parent)
    : QDialog(parent)
    , m_base(config) {
    namespace L = explainlimits;
    setWindowTitle(tr("Explanation settings"));
    setMinimumWidth(720); // two columns of label + field side by side without squeezing
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("How the explanation of the selected recommendation is computed. "
                                "Changes re-explain the current customer at once and are "
                                "remembered. Hover a field for what it does and what it costs."));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* general = new QGroupBox(tr("General"));
    auto* generalForm = form(general);
    m_k = spin(L::k, QString(),
               tr("How many recommendations count as the top-K: the ranks, the counterfactual "
                  "goal and the summary use it. Costs nothing."));
    m_whatIfK = spin(L::whatIfK, tr(" items"),
                     tr("Length of the before / after lists of a what-if edit. Costs nothing: "
                        "both lists come from the same two scoring passes."));
    m_seed = spin(L::seed, QString(),
                  tr("Seed of the Shapley sampling and the random orders: the same seed gives "
                     "the same numbers. Costs nothing."));
    addRow(generalForm, tr("Top-K"), m_k);
    addRow(generalForm, tr("What-if list length"), m_whatIfK);
    addRow(generalForm, tr("Seed"), m_seed);

    auto* ig = new QGroupBox(tr("Integrated gradients"));
    auto* igForm = form(ig);
    m_igBaseline = new QComboBox;
    m_igBaseline->addItem(tr("Padding (no history)"), static_cast<int>(IgBaseline::Padding));
    m_igBaseline->addItem(tr("Mean item"), static_cast<int>(IgBaseline::MeanItem));
    m_igBaseline->addItem(tr("Sampled customers (SPINRec)"), static_cast<int>(IgBaseline::Sampled));
    m_igBaseline->setToolTip(tr("The reference input the path starts from: every purchase "
                                "replaced by the padding embedding, by the catalog's mean item, "
                                "or by other customers' real purchases (SPINRec: IG from each "
                                "sampled customer's history, averaged). Padding and mean item "
                                "cost the same; sampled costs one IG run per customer."));
    m_igBaselineSamples =
        spin(L::igBaselineSamples, tr(" customers"),
             tr("Sampled baseline only: how many other customers' histories are drawn (seeded "
                "by the seed below). IG runs once from each, so it costs this many times more."));
    m_igRule = new QComboBox;
    m_igRule->addItem(tr("Adaptive (default)"), static_cast<int>(IgRule::Adaptive));
    m_igRule->addItem(tr("Gauss–Legendre"), static_cast<int>(IgRule::GaussLegendre));
    m_igRule->addItem(tr("Midpoint"), static_cast<int>(IgRule::Midpoint));
    m_igRule->addItem(tr("Trapezoid (nested)"), static_cast<int>(IgRule::Trapezoid));
    m_igRule->addItem(tr("Simpson (nested)"), static_cast<int>(IgRule::Simpson));
    m_igRule->setToolTip(tr("How the path integral is approximated. Adaptive tries "
                            "Gauss–Legendre first and, if the attributions do not add up, "
                            "refines only the parts of the path where they fail (usually just "
                            "above the baseline). The others double every step on a retry; "
                            "trapezoid and Simpson reuse their earlier points but need many."));
    m_igStartSteps = spin(L::igSteps, tr(" steps"),
                          tr("Steps of the first try. Each step is one gradient evaluation "
                             "(a forward and a backward pass over the history)."));
    m_igMaxSteps = spin(L::igSteps, tr(" steps"),
                        tr("The steps double from the start value (adaptive: panels are added) "
                           "until completeness holds or this cap is reached; the worst case "
                           "costs about twice the cap in gradient evaluations."));
    m_igTolerance = new QDoubleSpinBox;
    m_igTolerance->setDecimals(2);
    m_igTolerance->setRange(L::igTolerancePercentLo, L::igTolerancePercentHi);
    m_igTolerance->setSingleStep(0.5);
    m_igTolerance->setSuffix(tr(" %"));
    m_igTolerance->setToolTip(tr("IG stops doubling once the attributions add up to the score "
                                 "difference f(x) − f(baseline) within this percentage. Lower "
                                 "is more exact and may cost several doublings more."));
    addRow(igForm, tr("Baseline"), m_igBaseline);
    addRow(igForm, tr("Sampled baselines"), m_igBaselineSamples);
    addRow(igForm, tr("Quadrature rule"), m_igRule);
    addRow(igForm, tr("Start steps"), m_igStartSteps);
    addRow(igForm, tr("Max steps"), m_igMaxSteps);
    addRow(igForm, tr("Completeness tolerance"), m_igTolerance);

    auto* shapley = new QGroupBox(tr("Shapley values"));
    auto* shapleyForm = form(shapley);
    m_shapleyExactLimit =
        spin(L::shapleyExactLimit, tr(" items"),
             tr("Histories of up to this many purchases get exact Shapley values, which cost "
                "2^n forward passes (12 items: 4,096; 20 items: about a million). 0 = always "
                "sample."));
    m_shapleyExactLimit->setSpecialValueText(tr("never (always sample)"));
    m_shapleyPermutations =
        spin(L::shapleyPermutations, QString(),
             tr("Random orders sampled for longer histories (in antithetic pairs); each costs "
                "n + 1 forward passes. Standard errors shrink as 1/√permutations."));
    m_shapleyNewest =
        spin(L::shapleyNewestSamples, QString(),
             tr("Recency-stratified sampling: coalitions per purchase (at least 2) in which it is "
                "the newest purchase present, where a sequential model's Shapley values vary "
                "most. Cheap for older purchases (short coalitions). 0 = random orders only."));
    m_shapleyNewest->setSpecialValueText(tr("off (orders only)"));
    m_shapleyExactOnLast = new QCheckBox(tr("Exact over the last items of longer histories"));
    m_shapleyExactOnLast->setToolTip(
        tr("Instead of sampling, compute exact values over the last N purchases (N = the "
           "exact limit) with the older ones fixed as context: 2^N forward passes (seconds at "
           "12 items, not for interactive use)."));
    addRow(shapleyForm, tr("Exact up to"), m_shapleyExactLimit);
    addRow(shapleyForm, tr("Sampled permutations"), m_shapleyPermutations);
    addRow(shapleyForm, tr("Newest-purchase samples"), m_shapleyNewest);
    shapleyForm->addRow(m_shapleyExactOnLast);

    auto* cf = new QGroupBox(tr("Counterfactual search"));
    auto* cfForm = form(cf);
    m_cfGoal = new QComboBox;
    m_cfGoal->addItem(tr("Leave the top-K"), static_cast<int>(CounterfactualGoal::LeaveTopK));
    m_cfGoal->addItem(tr("Replace the top-1"), static_cast<int>(CounterfactualGoal::ReplaceTop1));
    m_cfGoal->setToolTip(tr("What the removal set must achieve: push the target out of the "
                            "top-K, or make another item the top-1 (only meaningful when the "
                            "target is ranked first)."));
    m_cfBudget = spin(L::counterfactualBudget, tr(" passes"),
                      tr("Most candidate histories scored (forward passes) per search; the "
                         "search gives up, or stops pruning, when it is spent."));
    m_cfMaxRemovals = spin(L::counterfactualMaxRemovals, tr(" items"),
                           tr("Give up when more than this many purchases would have to be "
                              "removed; such a set explains little."));
    addRow(cfForm, tr("Goal"), m_cfGoal);
    addRow(cfForm, tr("Budget"), m_cfBudget);
    addRow(cfForm, tr("Max removals"), m_cfMaxRemovals);

    auto* faith = new QGroupBox(tr("Faithfulness"));
    auto* faithForm = form(faith);
    m_faithPoints = spin(L::faithfulnessCurvePoints, tr(" points"),
                         tr("Points per deletion and insertion curve (every purchase when the "
                            "history is shorter); each point is one forward pass per method."));
    m_faithOrders = spin(L::faithfulnessRandomOrders, QString(),
                         tr("Random removal orders averaged for the reference deletion AUC; "
                            "each costs one curve of forward passes."));
    addRow(faithForm, tr("Curve points"), m_faithPoints);
    addRow(faithForm, tr("Random orders"), m_faithOrders);

    // Two balanced columns: the two attribution methods with settings on the left; what
    // ranks count, the searches and the checks on the right. The labels of a column share one
    // width so its fields line up across the groups.
    auto* columns = new QHBoxLayout;
    auto* left = new QVBoxLayout;
    left->addWidget(ig);
    left->addWidget(shapley);
    left->addStretch();
    auto* right = new QVBoxLayout;
    right->addWidget(general);
    right->addWidget(cf);
    right->addWidget(faith);
    right->addStretch();
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);
    layout->addLayout(columns);
    alignLabels({ig, shapley});
    alignLabels({general, cf, faith});

    m_problem = new QLabel;
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b00020;"));
    layout->addWidget(m_problem);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel |
                                     QDialogButtonBox::RestoreDefaults);
    restoreDefaultsButton()->setToolTip(tr("Put the RecLens defaults in every field."));
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &ExplainSettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ExplainSettingsDialog::reject);
    connect(restoreDefaultsButton(), &QPushButton::clicked, this,
            &ExplainSettingsDialog::restoreDefaults);
    for (QSpinBox* s : {m_k, m_whatIfK, m_igBaselineSamples, m_igStartSteps, m_igMaxSteps,
                        m_shapleyExactLimit, m_shapleyPermutations, m_shapleyNewest, m_cfBudget,
                        m_cfMaxRemovals, m_faithPoints, m_faithOrders, m_seed})
        connect(s, &QSpinBox::valueChanged, this, &ExplainSettingsDialog::revalidate);
    connect(m_igTolerance, &QDoubleSpinBox::valueChanged, this, &ExplainSettingsDialog::revalidate);
    connect(m_igRule, &QComboBox::currentIndexChanged, this, &ExplainSettingsDialog::revalidate);
    connect(m_igBaseline, &QComboBox::currentIndexChanged, this, [this] {
        m_igBaselineSamples->setEnabled(m_igBaseline->currentData().toInt() ==
                                        static_cast<int>(IgBaseline::Sampled));
        revalidate();
    });
    connect(m_shapleyExactOnLast, &QCheckBox::toggled, this, &ExplainSettingsDialog::revalidate);

    setConfig(config);
}

ExplainConfig ExplainSettingsDialog::config() const {
    ExplainConfig c = m_base;
    c.k = m_k->value();
    c.whatIfK = m_whatIfK->value();
    c.igBaseline = static_cast<IgBaseline>(m_igBaseline->currentData().toInt());
    c.igBaselineSamples = m_igBaselineSamples->value();
    c.igRule = static_cast<IgRule>(m_igRule->currentData().toInt());
    c.igStartSteps = m_igStartSteps->value();
    c.igMaxSteps = m_igMaxSteps->value();
    c.igTolerance = m_igTolerance->value() / 100.0;
    c.shapleyExactLimit = m_shapleyExactLimit->value();
    c.shapleyPermutations = m_shapleyPermutations->value();
    c.shapleyNewestSamples = m_shapleyNewest->value();
    c.shapleyExactOnLastItems = m_shapleyExactOnLast->isChecked();
    c.counterfactualGoal = static_cast<CounterfactualGoal>(m_cfGoal->currentData().toInt());
    c.counterfactualBudget = m_cfBudget->value();
    c.counterfactualMaxRemovals = m_cfMaxRemovals->value();
    c.faithfulnessCurvePoints = m_faithPoints->value();
    c.faithfulnessRandomOrders = m_faithOrders->value();
    c.seed = static_cast<std::uint64_t>(m_seed->value());
    return c;
}

void ExplainSettingsDialog::setConfig(const ExplainConfig& c) {
    m_base = c;
    m_k->setValue(c.k);
    m_whatIfK->setValue(c.whatIfK);
    selectData(m_igBaseline, static_cast<int>(c.igBaseline));
    m_igBaselineSamples->setValue(c.igBaselineSamples);
    m_igBaselineSamples->setEnabled(c.igBaseline == IgBaseline::Sampled);
    selectData(m_igRule, static_cast<int>(c.igRule));
    m_igStartSteps->setValue(c.igStartSteps);
    m_igMaxSteps->setValue(c.igMaxSteps);
    m_igTolerance->setValue(c.igTolerance * 100.0);
    m_shapleyExactLimit->setValue(c.shapleyExactLimit);
    m_shapleyPermutations->setValue(c.shapleyPermutations);
    m_shapleyNewest->setValue(c.shapleyNewestSamples);
    m_shapleyExactOnLast->setChecked(c.shapleyExactOnLastItems);
    selectData(m_cfGoal, static_cast<int>(c.counterfactualGoal));
    m_cfBudget->setValue(c.counterfactualBudget);
    m_cfMaxRemovals->setValue(c.counterfactualMaxRemovals);
    m_faithPoints->setValue(c.faithfulnessCurvePoints);
    m_faithOrders->setValue(c.faithfulnessRandomOrders);
    m_seed->setValue(static_cast<int>(
        std::min<std::uint64_t>(c.seed, static_cast<std::uint64_t>(explainlimits::seed.hi))));
    revalidate();
}

void ExplainSettingsDialog::restoreDefaults() {
    // Only the dialog's fields: which methods run is not a setting of this dialog.
    ExplainConfig d;
    d.methods = m_base.methods;
    d.whatIfEdits = m_base.whatIfEdits;
    setConfig(d);
}

QString ExplainSettingsDialog::problem() const {
    return explainConfigProblem(config());
}

QPushButton* ExplainSettingsDialog::okButton() const {
    return m_buttons->button(QDialogButtonBox::Ok);
}

QPushButton* ExplainSettingsDialog::restoreDefaultsButton() const {
    return m_buttons->button(QDialogButtonBox::RestoreDefaults);
}

void ExplainSettingsDialog::accept() {
    revalidate();
    if (!problem().isEmpty())
        return; // the reason is on screen; the dialog stays open
    QDialog::accept();
}

void ExplainSettingsDialog::revalidate() {
    const QString why = problem();
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    okButton()->setEnabled(why.isEmpty());
}

} // namespace reclens
