#include "modelview.h"

#include "numbertext.h"
#include "tableutil.h"
#include "workbenchcontroller.h"

#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

namespace reclens {

namespace {

void addRow(QStandardItemModel* m, const QString& key, const QString& value) {
    auto* v = new QStandardItem(value);
    m->appendRow({new QStandardItem(key), v});
}

QString metricNote(const std::string& key) {
    if (key.find("ndcg") != std::string::npos)
        return QObject::tr("ranking quality of the held-out item (1 = always first)");
    if (key.find("hr@") != std::string::npos)
        return QObject::tr("share of customers whose held-out item is in the top K");
    if (key.find("mrr") != std::string::npos)
        return QObject::tr("mean reciprocal rank of the held-out item");
    if (key.find("coverage") != std::string::npos)
        return QObject::tr("share of the catalog that appears in some top-K list");
    if (key.find("gini") != std::string::npos)
        return QObject::tr("inequality of exposure (0 = equal, 1 = one item gets everything)");
    if (key.find("popularity") != std::string::npos)
        return QObject::tr("mean training interactions of recommended items");
    if (key.find("longtail") != std::string::npos)
        return QObject::tr("share of recommendations outside the most popular 20 %");
    if (key.ends_with(".users"))
        return QObject::tr("customers the metrics were computed on");
    return {};
}

} // namespace

ModelView::ModelView(WorkbenchController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller) {
    auto* layout = new QGridLayout(this);
    m_header = new QLabel;
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_header, 0, 0, 1, 2);
    auto make = [this](QStandardItemModel*& model, QTableView*& view) {
        model = new QStandardItemModel(this);
        view = new QTableView;
        view->setModel(model);
        view->setEditTriggers(QAbstractItemView::NoEditTriggers);
        installTableActions(view);
    };
    make(m_metrics, m_metricsTable);
    make(m_config, m_configTable);
    make(m_arch, m_archTable);
    layout->addWidget(new QLabel(tr("<b>Metrics</b> (full ranking over all items)")), 1, 0);
    layout->addWidget(m_metricsTable, 2, 0, 3, 1);
    layout->addWidget(new QLabel(tr("<b>Configuration</b>")), 1, 1);
    layout->addWidget(m_configTable, 2, 1);
    layout->addWidget(new QLabel(tr("<b>Architecture</b> (parameters per module)")), 3, 1);
    layout->addWidget(m_archTable, 4, 1);
    // Even columns: at 3:2 the settings' values were cut at 1,024 px.
    layout->setColumnStretch(0, 1);
    layout->setColumnStretch(1, 1);
    layout->setRowStretch(2, 2);
    layout->setRowStretch(4, 2);
    m_layout = layout;
    connect(m_controller, &WorkbenchController::modelChanged, this, &ModelView::refresh);
    refresh();
}

void ModelView::refresh() {
    m_metrics->clear();
    m_config->clear();
    m_arch->clear();
    auto model = m_controller->model();
    if (!model) {
        m_header->setText(tr("No model loaded."));
        return;
    }
    const ModelInfo& i = model->info();
    m_header->setText(
        tr("<b>%1</b><br>dataset <b>%2</b>, fingerprint <code>%3</code> · %4 items, "
           "%5 categories, %6 brands · created %7 · RecLens %8")
            .arg(m_controller->modelSource().toHtmlEscaped(),
                 QString::fromStdString(i.datasetName).toHtmlEscaped(),
                 QString::fromStdString(i.datasetFingerprint))
            .arg(groupedCount(i.itemCount), groupedCount(i.categoryCount),
                 groupedCount(i.brandCount))
            .arg(QString::fromStdString(i.createdAt), QString::fromStdString(i.reclensVersion)));
    m_metrics->setHorizontalHeaderLabels({tr("Metric"), tr("Value"), tr("Meaning")});
    for (const auto& [key, value] : i.metrics) {
        // Counts (test.users) are whole numbers: "2,000", not "2000.0000".
        auto* v = new QStandardItem(value == std::floor(value) && std::abs(value) >= 1.0
                                        ? groupedCount(static_cast<long long>(value))
                                        : QString::number(value, 'f', 4));
        v->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_metrics->appendRow({new QStandardItem(QString::fromStdString(key)), v,
                              new QStandardItem(metricNote(key))});
    }
    m_config->setHorizontalHeaderLabels({tr("Setting"), tr("Value")});
    const ModelConfig& c = i.config;
    addRow(m_config, tr("max history length"), QString::number(c.maxLength));
    addRow(m_config, tr("embedding size"), QString::number(c.dim));
    addRow(m_config, tr("layers × heads"), QStringLiteral("%1 × %2").arg(c.layers).arg(c.heads));
    addRow(m_config, tr("dropout"), QString::number(c.dropout));
    addRow(m_config, tr("category / brand embedding"),
           QStringLiteral("%1 / %2%3")
               .arg(c.useCategory ? tr("yes") : tr("no"), c.useBrand ? tr("yes") : tr("no"),
                    // Switched on, but without categories or brands there is nothing to embed.
                    i.categoryCount == 0 && i.brandCount == 0 ? tr(" (the data has none)")
                                                              : QString()));
    addRow(m_config, tr("side features score candidates"),
           c.outputFeatures ? tr("yes") : tr("no (history only)"));
    const TrainConfig& t = i.training;
    addRow(m_config, tr("loss"),
           t.loss == LossKind::Bce ? tr("BCE (sampled negative)")
                                   : tr("full softmax cross-entropy"));
    addRow(m_config, tr("learning rate / batch"),
           QStringLiteral("%1 / %2").arg(t.learningRate).arg(t.batchSize));
    addRow(m_config, tr("max epochs / patience"),
           QStringLiteral("%1 / %2").arg(t.epochs).arg(t.patience));
    addRow(m_config, tr("epochs trained (best)"),
           QStringLiteral("%1 (%2)").arg(i.epochsTrained).arg(i.bestEpoch));
    addRow(m_config, tr("training time"), tr("%1 s").arg(i.trainSeconds, 0, 'f', 1));
    addRow(m_config, tr("seed"), QString::number(t.seed));
    addRow(m_config, tr("weight decay"), QString::number(static_cast<double>(t.weightDecay)));
    addRow(m_config, tr("already-bought products"),
           t.excludeBought ? tr("masked in the loss and the rankings") : tr("candidates"));
    if (i.tuning.tuned) {
        const TuningRecord& r = i.tuning;
        addRow(m_config, tr("chosen by tuning"),
               tr("trial %1 of %2 rungs, %3 s of a %4 min budget%5")
                   .arg(r.chosenTrial)
                   .arg(r.trials.size())
                   .arg(r.seconds, 0, 'f', 1)
                   .arg(r.budgetMinutes)
                   .arg(r.budgetExhausted ? tr(" (budget reached)") : QString()));
        if (r.defaultValidNdcg10 >= 0.0)
            addRow(m_config, tr("data-driven default"),
                   tr("trained to the end as plain training does: valid NDCG@10 %1, %2")
                       .arg(r.defaultValidNdcg10, 0, 'f', 4)
                       .arg(r.defaultChosen ? tr("better than the search's winner, chosen")
                                            : tr("lower than the search's winner")));
        for (const TrialRecord& trial : r.trials)
            addRow(
                m_config,
                tr("trial %1 (iteration %2, bracket %3, rung %4)")
                    .arg(trial.id)
                    .arg(trial.iteration + 1)
                    .arg(trial.bracket)
                    .arg(trial.rung),
                tr("NDCG@10 %1 after %2 epochs · dropout %3 · lr %4 · wd %5 · dim %6/%7 · len %8")
                    .arg(trial.validNdcg10, 0, 'f', 4)
                    .arg(trial.epochs)
                    .arg(static_cast<double>(trial.model.dropout))
                    .arg(static_cast<double>(trial.learningRate))
                    .arg(static_cast<double>(trial.weightDecay))
                    .arg(trial.model.dim)
                    .arg(trial.model.heads)
                    .arg(trial.model.maxLength));
    }
    m_arch->setHorizontalHeaderLabels({tr("Module"), tr("Parameters")});
    for (const auto& [name, count] : i.parametersByModule) {
        auto* v = new QStandardItem(groupedCount(static_cast<long long>(count)));
        v->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_arch->appendRow({new QStandardItem(QString::fromStdString(name)), v});
    }
    auto* total = new QStandardItem(groupedCount(i.parameterCount));
    total->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    QFont bold = total->font();
    bold.setBold(true);
    total->setFont(bold);
    auto* totalName = new QStandardItem(tr("total"));
    totalName->setFont(bold);
    m_arch->appendRow({totalName, total});
    // The long column of each table takes the width the others leave, elided (its tooltip
    // has the whole text): at 1,024 x 700 the settings' values ran off behind a scroll bar.
    fitColumnsStretching(m_metricsTable, 2, 160, 80);
    fitColumnsStretching(m_configTable, 1, 190, 100);
    m_archTable->resizeColumnsToContents();
}

void ModelView::addSection(const QString& title, QWidget* widget) {
    const int row = m_layout->rowCount();
    m_layout->addWidget(new QLabel(title), row, 0, 1, 2);
    m_layout->addWidget(widget, row + 1, 0, 1, 2);
    m_layout->setRowStretch(row + 1, 1); // a share of the height, not the tables' room
}

} // namespace reclens
