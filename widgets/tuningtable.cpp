#include "tuningtable.h"

#include "tableutil.h"

#include <QHeaderView>
#include <QScrollBar>

namespace reclens {

namespace {
enum Column { Trial, Bracket, Epochs, Ndcg, Dropout, Lr, Wd, Dim, Length, Features, Count };
constexpr int kLeastFeaturesWidth = 70; // px: "history + c…"
} // namespace

TuningTable::TuningTable(QWidget* parent)
    : QTableWidget(0, Count, parent) {
    // Short headers, the long names in their tooltips: ten columns fit a 1,024-px window.
    setHorizontalHeaderLabels({tr("Trial"), tr("Bracket/rung"), tr("Epochs"), tr("NDCG@10"),
                               tr("Dropout"), tr("LR"), tr("WD"), tr("Dim/heads"), tr("Length"),
                               tr("Features")});
    horizontalHeaderItem(Ndcg)->setToolTip(tr("Validation NDCG@10 after the trial's epochs"));
    horizontalHeaderItem(Lr)->setToolTip(tr("Learning rate"));
    horizontalHeaderItem(Wd)->setToolTip(tr("Weight decay"));
    horizontalHeaderItem(Features)->setToolTip(
        tr("Side features: category and brand embeddings on the history, or on the history and "
           "the candidates"));
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    installTableActions(this); // copy, CSV export, the whole text of an elided cell as tooltip
    setObjectName(QStringLiteral("tuningTable"));
}

void TuningTable::addTrial(const TrialRecord& t) {
    const int row = rowCount();
    insertRow(row);
    const auto& m = t.model;
    const QString features = !(m.useCategory || m.useBrand) ? tr("none")
                             : m.outputFeatures             ? tr("history + candidates")
                                                            : tr("history");
    const QStringList cells = {QString::number(t.id),
                               QStringLiteral("%1/%2").arg(t.bracket).arg(t.rung),
                               QString::number(t.epochs),
                               QString::number(t.validNdcg10, 'f', 4),
                               QString::number(static_cast<double>(m.dropout), 'f', 1),
                               QString::number(static_cast<double>(t.learningRate), 'g', 2),
                               QString::number(static_cast<double>(t.weightDecay), 'g', 2),
                               QStringLiteral("%1/%2").arg(m.dim).arg(m.heads),
                               QString::number(m.maxLength),
                               features};
    for (int c = 0; c < cells.size(); ++c) {
        auto* item = new QTableWidgetItem(cells[c]);
        item->setData(Qt::UserRole, t.id);
        setItem(row, c, item);
    }
    // The side features give way (elided) so every figure and header stays in view: with ten
    // columns sized to their contents the table scrolled sideways at 1,024 px. They also take
    // any width left over, so the table ends at its frame instead of beside an empty strip.
    fitColumnsStretching(this, Features, 220, kLeastFeaturesWidth, /*fill=*/true);
    scrollToBottom();
}

void TuningTable::markChosen(int trialId) {
    for (int r = 0; r < rowCount(); ++r) {
        const bool chosen = item(r, 0) && item(r, 0)->data(Qt::UserRole).toInt() == trialId;
        for (int c = 0; c < columnCount(); ++c)
            if (auto* it = item(r, c)) {
                QFont f = it->font();
                f.setBold(chosen);
                it->setFont(f);
            }
    }
}

int TuningTable::fullWidth() const {
    int width = kLeastFeaturesWidth + 2 * frameWidth() + verticalScrollBar()->sizeHint().width();
    for (int c = 0; c < Features; ++c)
        width += horizontalHeader()->sectionSize(c);
    return width;
}

void TuningTable::reset() {
    setRowCount(0);
}

} // namespace reclens
