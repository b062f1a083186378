// The What-if tab's editable purchase list: whatever the user does to it (untick, reorder,
// insert), the edits it hands to the engine must rebuild exactly the list as shown.

#include "historyeditlist.h"

#include <QSignalSpy>

#include <gtest/gtest.h>

namespace reclens::test {

namespace {

Dataset catalogOf(int items) {
    Dataset ds;
    for (int i = 0; i < items; ++i) {
        Item it;
        it.id = "I" + std::to_string(i);
        it.title = "Product " + std::to_string(i);
        ds.items.push_back(it);
    }
    ds.finalize();
    return ds;
}

} // namespace

TEST(HistoryEditList, UntickingRemovesExactlyThosePositions) {
    Dataset ds = catalogOf(10);
    HistoryEditList list;
    const History h{3, 1, 4, 1, 5};
    ASSERT_TRUE(list.load(ds, h));
    EXPECT_FALSE(list.load(ds, h)) << "reloading the same history must keep the user's edits";
    QSignalSpy edited(&list, &HistoryEditList::edited);
    list.setRemoved(1, true);
    list.setRemoved(4, true);
    EXPECT_EQ(edited.count(), 2);
    EXPECT_EQ(list.removedPositions(), (std::vector<int>{1, 4}));
    std::vector<HistoryEdit> e = list.edits();
    ASSERT_EQ(e.size(), 2u);
    EXPECT_EQ(applyEdits(h, e, 10), (History{3, 4, 1}));
    EXPECT_EQ(list.shownHistory(), (History{3, 4, 1}));
    list.setRemoved(1, false);
    EXPECT_EQ(applyEdits(h, list.edits(), 10), (History{3, 1, 4, 1}));
}

TEST(HistoryEditList, ReorderAndInsertRebuildTheListAsShown) {
    Dataset ds = catalogOf(10);
    HistoryEditList list;
    const History h{0, 1, 2, 3};
    list.load(ds, h);
    // Drag "Product 3" to the top (what InternalMove does to the rows), untick "Product 1",
    // insert catalog item 7 before the last row.
    list.insertItem(0, list.takeItem(3));
    list.setRemoved(1, true);
    QSignalSpy edited(&list, &HistoryEditList::edited);
    list.insertCatalogItem(ds, 7, list.count() - 1);
    EXPECT_EQ(edited.count(), 1);
    const History expected{3, 0, 7, 2};
    EXPECT_EQ(list.shownHistory(), expected);
    EXPECT_EQ(applyEdits(h, list.edits(), 10), expected);
    EXPECT_EQ(list.removedPositions(), (std::vector<int>{1}));
}

TEST(HistoryEditList, SettingTheCounterfactualSetIsSilentAndExact) {
    Dataset ds = catalogOf(10);
    HistoryEditList list;
    const History h{5, 6, 7, 8, 9};
    list.load(ds, h);
    list.setRemoved(0, true);
    QSignalSpy edited(&list, &HistoryEditList::edited);
    list.setRemovedExactly({2, 4});
    EXPECT_EQ(edited.count(), 0) << "the caller runs the what-if once, not once per tick";
    EXPECT_EQ(list.removedPositions(), (std::vector<int>{2, 4}));
    EXPECT_EQ(applyEdits(h, list.edits(), 10), (History{5, 6, 8}));
    list.clearHistory();
    EXPECT_EQ(list.count(), 0);
    EXPECT_TRUE(list.load(ds, h)) << "after clearing, the same history is loaded afresh";
    EXPECT_TRUE(list.removedPositions().empty());
}

} // namespace reclens::test
