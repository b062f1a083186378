#include "tableutil.h"

#include "common/atomicfile.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QMenu>
#include <QMessageBox>
#include <QTableView>

#include <map>

namespace reclens {

namespace {

QString csvField(QString s) {
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) ||
        s.contains(QLatin1Char('\n'))) {
        s.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        return QLatin1Char('"') + s + QLatin1Char('"');
    }
    return s;
}

void copySelection(QTableView* view) {
    QModelIndexList sel =
        view->selectionModel() ? view->selectionModel()->selectedIndexes() : QModelIndexList();
    if (sel.isEmpty())
        return;
    std::map<int, std::map<int, QString>> cells;
    for (const QModelIndex& i : sel)
        cells[i.row()][i.column()] = i.data(Qt::DisplayRole).toString();
    QString out;
    for (const auto& [row, cols] : cells) {
        QStringList line;
        for (const auto& [col, text] : cols)
            line << text;
        out += line.join(QLatin1Char('\t')) + QLatin1Char('\n');
    }
    QApplication::clipboard()->setText(out);
}

} // namespace

void fitColumnsStretching(QTableView* view, int column) {
    QHeaderView* h = view->horizontalHeader();
    h->setStretchLastSection(false);
    view->resizeColumnsToContents();
    if (column < h->count())
        h->setSectionResizeMode(column, QHeaderView::Stretch);
}

QString tableToCsv(const QAbstractItemModel* model) {
    QString out;
    QStringList header;
    for (int c = 0; c < model->columnCount(); ++c)
        header << csvField(model->headerData(c, Qt::Horizontal).toString());
    out += header.join(QLatin1Char(',')) + QLatin1Char('\n');
    for (int r = 0; r < model->rowCount(); ++r) {
        QStringList line;
        for (int c = 0; c < model->columnCount(); ++c)
            line << csvField(model->index(r, c).data(Qt::DisplayRole).toString());
        out += line.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return out;
}

QString writeTextFile(const QString& path, const QString& text) {
    Status st = writeFileAtomically(path.toStdString(), text.toStdString());
    return st ? QString() : QString::fromStdString(st.error().message);
}

void installTableActions(QTableView* view) {
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->horizontalHeader()->setStretchLastSection(true);
    view->verticalHeader()->setVisible(false);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    auto* copy = new QAction(QObject::tr("Copy"), view);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    QObject::connect(copy, &QAction::triggered, view, [view] { copySelection(view); });
    view->addAction(copy);
    auto* exportCsv = new QAction(QObject::tr("Export table as CSV…"), view);
    QObject::connect(exportCsv, &QAction::triggered, view, [view] {
        if (!view->model())
            return;
        QString path =
            QFileDialog::getSaveFileName(view, QObject::tr("Export CSV"),
                                         QStringLiteral("table.csv"), QObject::tr("CSV (*.csv)"));
        if (path.isEmpty())
            return;
        QString err = writeTextFile(path, tableToCsv(view->model()));
        if (!err.isEmpty())
            QMessageBox::warning(view, QObject::tr("Export failed"), err);
    });
    view->addAction(exportCsv);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
}

} // namespace reclens
