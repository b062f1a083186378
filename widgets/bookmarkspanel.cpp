#include "bookmarkspanel.h"

#include "projectdocument.h"
#include "titletext.h"
#include "workbenchcontroller.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace reclens {

BookmarksPanel::BookmarksPanel(WorkbenchController* controller, ProjectDocument* document,
                               QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_document(document) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_list = new QTreeWidget;
    m_list->setObjectName(QStringLiteral("bookmarksList"));
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({tr("Customer"), tr("Product"), tr("Label")});
    m_list->setTextElideMode(Qt::ElideMiddle); // similar titles differ at both ends
    m_list->header()->setStretchLastSection(true);
    m_list->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_list->setToolTip(tr("Double-click to open the explanation; Delete removes a bookmark. "
                          "Bookmark with Edit \u2192 Bookmark this explanation (Ctrl+D)."));
    m_list->installEventFilter(this);
    m_list->setEditTriggers(QAbstractItemView::EditKeyPressed); // F2; double-click opens
    connect(m_list, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
        if (m_rebuilding || column != 2)
            return;
        // The row already shows the new label; rebuilding inside its own itemChanged would
        // delete the item under the signal.
        m_editingLabel = true;
        m_document->setBookmarkLabel(m_list->indexOfTopLevelItem(item), item->text(2));
        m_editingLabel = false;
    });
    layout->addWidget(m_list);
    connect(m_list, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem* item) { openBookmark(m_list->indexOfTopLevelItem(item)); });
    connect(document, &ProjectDocument::bookmarksChanged, this, &BookmarksPanel::rebuild);
    // Titles come from the dataset: a project opened before its dataset shows ids until then.
    connect(controller, &WorkbenchController::datasetChanged, this, &BookmarksPanel::rebuild);
    rebuild();
}

void BookmarksPanel::rebuild() {
    if (m_editingLabel)
        return;
    m_rebuilding = true;
    m_list->clear();
    auto ds = m_controller->dataset();
    for (const Bookmark& b : m_document->project().bookmarks) {
        QString product = tr("(the customer as a whole)");
        QString tip = product;
        if (!b.target.empty()) {
            const QString id = QString::fromStdString(b.target);
            const ItemIndex t = ds ? ds->findItem(b.target) : -1;
            const std::string title = t >= 0 ? ds->items[static_cast<size_t>(t)].title : "";
            tip = title.empty() || title == b.target
                      ? id
                      : QStringLiteral("%1 (%2)").arg(QString::fromStdString(title), id);
            if (ds && t < 0)
                tip += tr(" \u2014 not in the open dataset");
            product = elideTitleMiddle(tip, 60);
        }
        auto* row = new QTreeWidgetItem(
            {QString::fromStdString(b.customer), product, QString::fromStdString(b.label)});
        row->setToolTip(0, tr("Customer %1").arg(QString::fromStdString(b.customer)));
        row->setToolTip(1, tip);
        row->setToolTip(2, b.label.empty() ? tr("Select and press F2 to name the bookmark")
                                           : QString::fromStdString(b.label));
        row->setFlags(row->flags() | Qt::ItemIsEditable); // only the Label column (see below)
        m_list->addTopLevelItem(row);
    }
    m_list->resizeColumnToContents(0);
    m_rebuilding = false;
}

bool BookmarksPanel::openBookmark(int index) {
    const auto& all = m_document->project().bookmarks;
    auto ds = m_controller->dataset();
    if (index < 0 || static_cast<size_t>(index) >= all.size() || !ds)
        return false;
    const Bookmark& b = all[static_cast<size_t>(index)];
    const UserIndex u = ds->findUser(b.customer);
    const ItemIndex t = b.target.empty() ? -1 : ds->findItem(b.target);
    if (u < 0 || (!b.target.empty() && t < 0)) {
        Q_EMIT m_controller->statusMessage(
            tr("Bookmark not opened: %1 is not in the open dataset")
                .arg(u < 0 ? tr("customer %1").arg(QString::fromStdString(b.customer))
                           : tr("product %1").arg(QString::fromStdString(b.target))));
        return false;
    }
    // The Merchant view's drill-down: that customer, then this product as the target.
    m_controller->selectCustomer(u);
    if (t >= 0)
        m_controller->setTarget(t);
    Q_EMIT bookmarkOpened();
    return true;
}

void BookmarksPanel::removeSelected() {
    if (QTreeWidgetItem* item = m_list->currentItem())
        m_document->removeBookmark(m_list->indexOfTopLevelItem(item));
}

bool BookmarksPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_list && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_F2 && m_list->currentItem()) {
            m_list->editItem(m_list->currentItem(), 2); // the label, whatever column is current
            return true;
        }
        if (key == Qt::Key_Delete) {
            removeSelected();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace reclens
