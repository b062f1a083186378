#pragma once
// The workbench at 1,024 x 700 and the checks its layout tests share (test_layout1024*.cpp).

#include "workbenchfixture.h"

#include <QTemporaryDir>

#include <memory>
#include <string>

class QListView;
class QTableView;
class QWidget;

namespace reclens::test {

class Layout1024Test : public WorkbenchTest {
protected:
    /// The window at 1,024 x 700 with its docks fitted as on a first start.
    void showAt1024x700();
    /// The sample and its tiny model at 1,024 x 700, customer 3 explained, and the Merchant tab
    /// with a finished analysis of the target over a 200-customer sample.
    void analyseMerchantAt1024x700();
    /// The shop of writeLongTitleShop (titles 150-200 characters sharing a long prefix, as on
    /// Amazon) in a temporary folder, opened at 1,024 x 700; with `withModel` its tiny model too.
    void openLongTitleShopAt1024x700(bool withModel = false);

    static void settle();
    /// Rows of `table` (or `list`) fully inside its viewport.
    static int visibleRows(const QTableView* table);
    static int visibleRows(const QListView* list);
    /// True when `w` is shown and its whole rectangle lies inside `window`, and inside every
    /// ancestor's rectangle on the way (a scroll area's viewport would clip it).
    static bool fullyOnScreen(const QWidget* w, const QWidget* window);
    /// Whether every column of `table` shows its whole header inside the viewport, with no
    /// sideways scrolling: each section at least as wide as its header asks (text, margins and
    /// sort arrow) and ending inside the viewport. `why` names the first column that is not.
    static bool headersFullyVisible(const QTableView* table, std::string* why);
    static UserIndex customerWithHistory(const Dataset& ds, size_t minLen);

private:
    std::unique_ptr<QTemporaryDir> m_longTitleDir; // lives as long as the test
};

} // namespace reclens::test
