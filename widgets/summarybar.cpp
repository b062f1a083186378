#include "summarybar.h"

#include "customersview.h"
#include "workbenchcontroller.h"

#include <QLabel>
#include <QVBoxLayout>

namespace reclens {

SummaryBar::SummaryBar(WorkbenchController* controller, QWidget* parent)
    : QFrame(parent)
    , m_controller(controller) {
    setObjectName(QStringLiteral("summaryBar"));
    setStyleSheet(QStringLiteral("#summaryBar { background: #f3f6fb; border: 1px solid #c9d3e3; "
                                 "border-radius: 4px; }"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    m_head = new QLabel;
    m_summary = new QLabel;
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont f = m_summary->font();
    f.setPointSizeF(f.pointSizeF() * 1.1);
    m_summary->setFont(f);
    layout->addWidget(m_head);
    layout->addWidget(m_summary);
    connect(m_controller, &WorkbenchController::explanationStarted, this, [this] {
        m_pending = true;
        refresh();
    });
    connect(m_controller, &WorkbenchController::explanationChanged, this, [this] {
        m_pending = false;
        refresh();
    });
    connect(m_controller, &WorkbenchController::customerChanged, this, &SummaryBar::refresh);
    connect(m_controller, &WorkbenchController::modelChanged, this, &SummaryBar::refresh);
    refresh();
}

QString SummaryBar::summaryText() const {
    return m_summary->text();
}

void SummaryBar::refresh() {
    auto ds = m_controller->dataset();
    auto bundle = m_controller->explanation();
    UserIndex u = m_controller->customer();
    if (!ds || !m_controller->model() || u < 0) {
        m_head->setText(tr("<b>Explanation</b>"));
        m_summary->setText(!ds ? tr("Open a dataset to begin (Ctrl+O), or the bundled sample.")
                           : !m_controller->model()
                               ? tr("Train a model (Ctrl+T) or open a checkpoint.")
                               : tr("Select a customer on the left."));
        return;
    }
    QString customer = QString::fromStdString(ds->users[static_cast<size_t>(u)].id).toHtmlEscaped();
    if (bundle && bundle->target >= 0) {
        m_head->setText(tr("<b>Customer %1</b> · target <b>%2</b> · rank <b>#%3</b> · score %4%5")
                            .arg(customer, itemTitle(*ds, bundle->target).toHtmlEscaped())
                            .arg(bundle->targetRank)
                            .arg(bundle->targetScore, 0, 'f', 3)
                            .arg(m_pending ? tr(" · <i>updating …</i>") : QString()));
        m_summary->setText(QString::fromStdString(bundle->summary));
    } else {
        m_head->setText(tr("<b>Customer %1</b>").arg(customer));
        m_summary->setText(m_pending ? tr("Explaining …")
                                     : tr("Choose a recommendation to explain."));
    }
}

} // namespace reclens
