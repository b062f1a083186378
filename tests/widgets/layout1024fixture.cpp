#include "layout1024fixture.h"

#include "merchantview.h"

#include <QCoreApplication>
#include <QHeaderView>
#include <QListView>
#include <QScrollBar>
#include <QTableView>

#include <algorithm>

namespace reclens::test {

void Layout1024Test::showAt1024x700() {
    window->resize(1024, 700);
    window->fitDocksToWindow();
}

void Layout1024Test::analyseMerchantAt1024x700() {
    showAt1024x700();
    openSampleWithModel();
    ASSERT_FALSE(HasFatalFailure());
    selectAndWait(3);
    window->showTab(MainWindow::MerchantTab);
    window->merchantView()->setUserSample(200);
    window->merchantView()->analyse(controller->target());
    ASSERT_TRUE(waitFor(&WorkbenchController::merchantChanged));
    settle();
}

void Layout1024Test::openLongTitleShopAt1024x700(bool withModel) {
    m_longTitleDir = std::make_unique<QTemporaryDir>();
    ASSERT_TRUE(m_longTitleDir->isValid());
    showAt1024x700();
    const QString dir = writeLongTitleShop(m_longTitleDir->path());
    if (withModel) {
        openWithModel(dir);
        return;
    }
    controller->openDataset(dir);
    ASSERT_TRUE(waitFor(&WorkbenchController::datasetChanged))
        << errors.join(QStringLiteral("\n")).toStdString();
}

void Layout1024Test::settle() {
    for (int i = 0; i < 10; ++i)
        QCoreApplication::processEvents();
}

int Layout1024Test::visibleRows(const QTableView* table) {
    return table->viewport()->height() / table->verticalHeader()->defaultSectionSize();
}

int Layout1024Test::visibleRows(const QListView* list) {
    return list->viewport()->height() / std::max(1, list->sizeHintForRow(0));
}

bool Layout1024Test::fullyOnScreen(const QWidget* w, const QWidget* window) {
    if (!w->isVisible())
        return false;
    QRect r(w->mapTo(window, QPoint(0, 0)), w->size());
    for (const QWidget* p = w->parentWidget(); p && p != window; p = p->parentWidget()) {
        const QRect clip(p->mapTo(window, QPoint(0, 0)), p->size());
        if (!clip.contains(r))
            return false;
    }
    return window->rect().contains(r);
}

bool Layout1024Test::headersFullyVisible(const QTableView* table, std::string* why) {
    const QHeaderView* h = table->horizontalHeader();
    if (table->horizontalScrollBar()->maximum() > 0) {
        *why = "the table scrolls sideways by " +
               std::to_string(table->horizontalScrollBar()->maximum()) + " px";
        return false;
    }
    for (int c = 0; c < h->count(); ++c) {
        if (h->isSectionHidden(c))
            continue;
        const std::string name =
            table->model()->headerData(c, Qt::Horizontal).toString().toStdString();
        const int left = h->sectionViewportPosition(c);
        const int right = left + h->sectionSize(c);
        if (left < 0 || right > table->viewport()->width()) {
            *why = "'" + name + "' spans " + std::to_string(left) + "-" + std::to_string(right) +
                   " px of a " + std::to_string(table->viewport()->width()) + " px viewport";
            return false;
        }
        if (h->sectionSize(c) < h->sectionSizeHint(c)) {
            *why = "'" + name + "' is " + std::to_string(h->sectionSize(c)) +
                   " px wide, its header needs " + std::to_string(h->sectionSizeHint(c));
            return false;
        }
    }
    return true;
}

UserIndex Layout1024Test::customerWithHistory(const Dataset& ds, size_t minLen) {
    for (UserIndex u = 0; u < static_cast<UserIndex>(ds.users.size()); ++u)
        if (ds.users[static_cast<size_t>(u)].sequence.size() >= minLen)
            return u;
    return 0;
}

} // namespace reclens::test
