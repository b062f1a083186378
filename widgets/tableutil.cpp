#include "tableutil.h"

#include "numbertext.h"
#include "rowquerymodel.h"

#include "common/atomicfile.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QHelpEvent>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QStandardItem>
#include <QStatusBar>
#include <QTableView>
#include <QToolTip>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <fstream>
#include <map>

namespace reclens {

namespace {

constexpr int CountRole = Qt::UserRole + 90; // the number behind a grouped count cell

/// Compares counts by number: "10,000" sorts after "9,999", not before it as text would.
class CountItem : public QStandardItem {
public:
    explicit CountItem(long long v)
        : QStandardItem(groupedCount(v)) {
        setData(v, CountRole);
        setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    QStandardItem* clone() const override { return new CountItem(data(CountRole).toLongLong()); }
    bool operator<(const QStandardItem& other) const override {
        const QVariant mine = data(CountRole);
        const QVariant theirs = other.data(CountRole);
        if (mine.isValid() && theirs.isValid())
            return mine.toLongLong() < theirs.toLongLong();
        return QStandardItem::operator<(other);
    }
};

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

namespace {

/// Keeps a table's name column at the width the others leave, on every resize of the view,
/// while every column stays user-resizable (Interactive): a Stretch section cannot be dragged.
/// Once the user drags a column, their widths win and the fitting stops.
class NameColumnFitter : public QObject {
public:
    NameColumnFitter(QTableView* view, int column, int minWidth)
        : QObject(view)
        , m_view(view)
        , m_column(column)
        , m_minWidth(minWidth) {
        view->viewport()->installEventFilter(this);
        connect(view->horizontalHeader(), &QHeaderView::sectionResized, this,
                [this](int, int, int) {
                    if (!m_fitting && m_view->horizontalHeader()->underMouse())
                        m_userSized = true;
                });
    }
    void setColumn(int column, int minWidth, bool fill) {
        m_column = column;
        m_minWidth = minWidth;
        m_fill = fill;
    }
    void fit() {
        QHeaderView* h = m_view->horizontalHeader();
        if (m_userSized || m_column >= h->count() || h->isSectionHidden(m_column))
            return;
        int others = 0;
        for (int c = 0; c < h->count(); ++c)
            if (c != m_column && !h->isSectionHidden(c))
                others += h->sectionSize(c);
        const int wanted = contentWidth() + 16;
        const int room = m_view->viewport()->width() - others;
        m_fitting = true;
        h->resizeSection(m_column, std::max(m_minWidth, m_fill ? room : std::min(wanted, room)));
        m_fitting = false;
    }

protected:
    /// The widest cell of the column (the first 500 rows are enough to size it).
    int contentWidth() const {
        const QAbstractItemModel* model = m_view->model();
        if (!model)
            return 0;
        const QFontMetrics fm = m_view->fontMetrics();
        int widest = fm.horizontalAdvance(model->headerData(m_column, Qt::Horizontal).toString());
        for (int r = 0, n = std::min(model->rowCount(), 500); r < n; ++r)
            widest =
                std::max(widest, fm.horizontalAdvance(model->index(r, m_column).data().toString()));
        return widest;
    }

    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Resize)
            fit();
        return QObject::eventFilter(watched, event);
    }

private:
    QTableView* m_view;
    int m_column;
    int m_minWidth;
    bool m_fill = false;
    bool m_fitting = false;
    bool m_userSized = false;
};

/// Shows a cell's whole text as its tooltip when the column elides it and the model has no
/// tooltip of its own: long product titles and categories stay readable without widening
/// anything.
class ElidedCellToolTip : public QObject {
public:
    explicit ElidedCellToolTip(QTableView* view)
        : QObject(view)
        , m_view(view) {
        view->viewport()->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() != QEvent::ToolTip)
            return QObject::eventFilter(watched, event);
        auto* help = static_cast<QHelpEvent*>(event);
        const QModelIndex i = m_view->indexAt(help->pos());
        if (!i.isValid() || i.data(Qt::ToolTipRole).isValid())
            return QObject::eventFilter(watched, event); // the model's own tooltip
        const QString text = i.data(Qt::DisplayRole).toString();
        const int room = m_view->visualRect(i).width() - 8;
        if (!text.isEmpty() && m_view->fontMetrics().horizontalAdvance(text) > room) {
            QToolTip::showText(help->globalPos(), text, m_view->viewport(), m_view->visualRect(i));
            return true;
        }
        QToolTip::hideText();
        return true;
    }

private:
    QTableView* m_view;
};

} // namespace

void fitColumnsStretching(QTableView* view, int column, int maxOtherWidth, int minWidth,
                          bool fill) {
    QHeaderView* h = view->horizontalHeader();
    h->setStretchLastSection(false);
    h->setSectionResizeMode(QHeaderView::Interactive);
    view->resizeColumnsToContents();
    // Long categories or descriptions in other columns must not push the numbers away.
    for (int c = 0; c < h->count(); ++c)
        if (c != column && h->sectionSize(c) > maxOtherWidth)
            h->resizeSection(c, maxOtherWidth);
    // No Q_OBJECT on the helper (findChild<T> would match any QObject): found by name.
    const QString name = QStringLiteral("reclensNameColumnFitter");
    auto* fitter = dynamic_cast<NameColumnFitter*>(
        view->findChild<QObject*>(name, Qt::FindDirectChildrenOnly));
    if (!fitter) {
        fitter = new NameColumnFitter(view, column, minWidth);
        fitter->setObjectName(name);
    }
    fitter->setColumn(column, minWidth, fill);
    fitter->fit();
}

QStandardItem* countItem(long long v) {
    return new CountItem(v);
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

void exportTableCsv(QTableView* view, const QString& path,
                    const std::function<void(const QString& error)>& done) {
    const QAbstractItemModel* model = view->model();
    const auto* rowModel = qobject_cast<const RowQueryModel*>(model);
    RowQueryModel::CellText cell = rowModel ? rowModel->cellText() : RowQueryModel::CellText{};
    if (!cell) {
        done(writeTextFile(path, tableToCsv(model)));
        return;
    }
    QStringList header;
    for (int c = 0; c < model->columnCount(); ++c)
        header << csvField(model->headerData(c, Qt::Horizontal).toString());
    const int columns = model->columnCount();
    auto* watcher = new QFutureWatcher<QString>(view);
    QObject::connect(watcher, &QFutureWatcher<QString>::finished, view, [watcher, done] {
        done(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([rows = rowModel->rowsShown(), cell = std::move(cell),
                                          header = header.join(QLatin1Char(',')), columns,
                                          target = path.toStdString()] {
        const Status st = writeFileAtomicallyVia(target, [&](const std::string& tmp) {
            std::ofstream out(tmp, std::ios::binary);
            out << header.toStdString() << '\n';
            QStringList line;
            for (std::int32_t r : rows) {
                line.clear();
                for (int c = 0; c < columns; ++c)
                    line << csvField(cell(r, c));
                out << line.join(QLatin1Char(',')).toStdString() << '\n';
            }
            out.flush();
            return static_cast<bool>(out);
        });
        return st ? QString() : QString::fromStdString(st.error().message);
    }));
}

void installTableActions(QTableView* view) {
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Similar long titles differ at their ends ("… 1/2 in x 12 in"): elide in the middle.
    view->setTextElideMode(Qt::ElideMiddle);
    view->setWordWrap(false);
    new ElidedCellToolTip(view);
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
        exportTableCsv(view, path, [view, path](const QString& err) {
            if (!err.isEmpty())
                QMessageBox::warning(view, QObject::tr("Export failed"), err);
            else if (auto* w = qobject_cast<QMainWindow*>(view->window()))
                w->statusBar()->showMessage(QObject::tr("Exported %1").arg(path), 5000);
        });
    });
    view->addAction(exportCsv);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
}

} // namespace reclens
