#include "tuningtable.h"

#include <QHeaderView>

namespace reclens {

namespace {
enum Column { Trial, Bracket, Epochs, Ndcg, Dropout, Lr, Wd, Dim, Length, Features, Count };
} // namespace

TuningTable::TuningTable(QWidget* parent)
    : QTableWidget(0, Count, parent) {
    setHorizontalHeaderLabels({tr("Trial"), tr("Bracket/rung"), tr("Epochs"), tr("Valid NDCG@10"),
                               tr("Dropout"), tr("LR"), tr("WD"), tr("Dim/heads"), tr("Length"),
                               tr("Side features")});
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    verticalHeader()->setVisible(false);
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
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

void TuningTable::reset() {
    setRowCount(0);
}

} // namespace reclens
