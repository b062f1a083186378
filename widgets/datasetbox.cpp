#include "datasetbox.h"

#include "numbertext.h"
#include "workbenchcontroller.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace reclens {

/// An arrow toggle whose text is cut to the width it gets: a long summary must not widen the
/// settings column.
class DetailsToggle : public QToolButton {
public:
    void setFullText(const QString& text) {
        m_full = text;
        elide();
    }

protected:
    void resizeEvent(QResizeEvent* event) override {
        QToolButton::resizeEvent(event);
        elide();
    }

private:
    void elide() {
        constexpr int kArrowRoom = 28; // the arrow beside the text
        setText(fontMetrics().elidedText(m_full, Qt::ElideRight, width() - kArrowRoom));
    }
    QString m_full;
};

DatasetBox::DatasetBox(WorkbenchController* controller, QWidget* parent)
    : QGroupBox(tr("Dataset"), parent)
    , m_controller(controller) {
    auto* layout = new QVBoxLayout(this);
    m_summary = new QLabel;
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    // The clean-up counts and the notes took seven lines on Amazon Scientific: at 1,024 x 700
    // the box was taller than its half of the tab and cut its own buttons. One line closed.
    m_toggle = new DetailsToggle;
    m_toggle->setObjectName(QStringLiteral("datasetDetailsToggle"));
    m_toggle->setCheckable(true);
    m_toggle->setAutoRaise(true);
    m_toggle->setArrowType(Qt::RightArrow);
    m_toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toggle->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_details = new QLabel;
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setVisible(false);
    auto* openRow = new QHBoxLayout;
    auto* openBtn = new QPushButton(tr("Open dataset…"));
    auto* sampleBtn = new QPushButton(tr("Open bundled sample"));
    openRow->addWidget(openBtn);
    openRow->addWidget(sampleBtn);
    openRow->addWidget(m_toggle, 1);
    openRow->addStretch(); // keeps the buttons left while there is no toggle
    layout->addLayout(openRow);
    layout->addWidget(m_details);

    connect(openBtn, &QPushButton::clicked, this, &DatasetBox::openDatasetRequested);
    connect(sampleBtn, &QPushButton::clicked, this, &DatasetBox::openSampleRequested);
    connect(m_toggle, &QToolButton::toggled, this, &DatasetBox::showDetails);
    connect(m_controller, &WorkbenchController::datasetChanged, this, &DatasetBox::update);
    update();
}

QString DatasetBox::summaryText() const {
    return m_summary->text();
}

QToolButton* DatasetBox::detailsToggle() const {
    return m_toggle;
}

QString DatasetBox::detailsText() const {
    return m_details->text();
}

void DatasetBox::showDetails(bool open) {
    m_toggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    m_details->setVisible(open);
}

void DatasetBox::update() {
    auto ds = m_controller->dataset();
    if (!ds) {
        m_summary->setText(tr("No dataset open. Drop a file here or use File → Open dataset."));
        m_details->clear();
        m_toggle->setChecked(false);
        m_toggle->setVisible(false);
        return;
    }
    m_summary->setText(tr("<b>%1</b><br>%2<br>%3 customers · %4 products · %5 interactions · "
                          "%6 categories · %7 brands · fingerprint <code>%8</code>")
                           .arg(QString::fromStdString(ds->name).toHtmlEscaped(),
                                QString::fromStdString(ds->sourcePath).toHtmlEscaped())
                           .arg(groupedCount(static_cast<long long>(ds->users.size())),
                                groupedCount(static_cast<long long>(ds->items.size())),
                                groupedCount(static_cast<long long>(ds->interactionCount())),
                                groupedCount(static_cast<long long>(ds->categories.size())),
                                groupedCount(static_cast<long long>(ds->brands.size())),
                                QString::fromStdString(ds->fingerprint)));
    const auto& c = ds->cleanup;
    QStringList lines;
    if (c.rowsRead > 0)
        lines << tr("Clean-up: %1 of %2 rows kept (cancellations %3, non-positive quantity %4, "
                    "no customer %5, non-product codes %6, other %7)")
                     .arg(groupedCount(c.rowsKept), groupedCount(c.rowsRead),
                          groupedCount(c.cancellations), groupedCount(c.nonPositiveQuantity),
                          groupedCount(c.missingUser), groupedCount(c.nonProductCodes),
                          groupedCount(c.other));
    QStringList notes;
    for (const auto& note : c.notes)
        notes << QString::fromStdString(note).toHtmlEscaped();
    if (!notes.isEmpty())
        lines << QStringLiteral("<small>") + notes.join(QStringLiteral(" · ")) +
                     QStringLiteral("</small>");
    m_details->setText(lines.join(QStringLiteral("<br>")));
    // Closed, the toggle says what is behind it: the rows kept and how many notes.
    QString summary = c.rowsRead > 0 ? tr("Clean-up: %1 of %2 rows kept")
                                           .arg(groupedCount(c.rowsKept), groupedCount(c.rowsRead))
                                     : tr("Import");
    if (!notes.isEmpty())
        summary += notes.size() == 1 ? tr(" · 1 note") : tr(" · %1 notes").arg(notes.size());
    m_toggle->setFullText(summary);
    m_toggle->setToolTip(tr("Show or hide the import's clean-up and notes"));
    m_toggle->setVisible(!lines.isEmpty());
}

} // namespace reclens
