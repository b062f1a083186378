// Help -> Guide (issue 15, point 6): every panel, every method an explanation carries and every
// faithfulness score has a plain-words entry; the "?" beside the tabs opens the Guide at the
// panel on show; method tooltips are the Guide's own definitions.

#include "attributiontext.h"
#include "glossary.h"
#include "guidedialog.h"
#include "workbenchfixture.h"

#include <QAction>
#include <QScrollBar>
#include <QTabWidget>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>

#include <set>

namespace reclens::test {

TEST(Glossary, KeysAreUniqueAndEveryEntrySaysSomething) {
    std::set<std::string> keys;
    for (const auto& section : glossary())
        for (const auto& e : section.entries) {
            EXPECT_TRUE(keys.insert(e.key).second) << "duplicate key " << e.key;
            EXPECT_FALSE(e.term.isEmpty()) << e.key;
            EXPECT_GT(e.text.size(), 40) << e.key << ": a definition, not a label";
        }
    for (int t = MainWindow::ProjectTab; t <= MainWindow::SearchTab; ++t)
        EXPECT_NE(glossaryEntry(MainWindow::panelTopic(static_cast<MainWindow::Tab>(t))), nullptr)
            << "tab " << t;
}

TEST_F(WorkbenchTest, GuideCoversEveryMethodOfAnExplanationAndOpensAtThePanelOnShow) {
    openSampleWithModel();
    selectAndWait(0);
    const auto bundle = controller->explanation();
    ASSERT_TRUE(bundle && bundle->faithfulness);
    for (const auto& a : bundle->attributions) {
        const GlossaryEntry* e = glossaryEntry(a.method);
        ASSERT_NE(e, nullptr) << "no Guide entry for method " << a.method;
        EXPECT_EQ(methodTooltip(a.method), e->text) << a.method;
        EXPECT_EQ(methodLabel(a.method), e->term) << a.method;
    }
    for (const char* key : {"deletion_auc", "insertion_auc", "lxr", "completeness", "agreement",
                            "ndcg", "hr", "mrr", "score", "rank", "exclude_bought"})
        EXPECT_NE(glossaryEntry(key), nullptr) << key;

    auto* help = qobject_cast<QToolButton*>(window->tabs()->cornerWidget(Qt::TopRightCorner));
    ASSERT_NE(help, nullptr) << "a ? button beside the tabs";
    int lastScroll = -1;
    for (int t = MainWindow::ProjectTab; t <= MainWindow::SearchTab; ++t) {
        window->showTab(static_cast<MainWindow::Tab>(t));
        QTest::mouseClick(help, Qt::LeftButton);
        GuideDialog* guide = window->findChild<GuideDialog*>();
        ASSERT_NE(guide, nullptr);
        EXPECT_TRUE(guide->isVisible());
        const std::string topic = MainWindow::panelTopic(static_cast<MainWindow::Tab>(t));
        EXPECT_EQ(guide->topic(), topic);
        // The panels come in tab order in the Guide, so each scrolls at least as far down.
        const int scroll = guide->browser()->verticalScrollBar()->value();
        EXPECT_GE(scroll, lastScroll) << topic;
        lastScroll = scroll;
    }
    GuideDialog* guide = window->findChild<GuideDialog*>();
    guide->showTopic("loo");
    const int methods = guide->browser()->verticalScrollBar()->value();
    guide->showTopic("torchscript");
    EXPECT_GT(guide->browser()->verticalScrollBar()->value(), methods)
        << "a later entry scrolls further down";
    EXPECT_TRUE(guide->browser()->toPlainText().contains(glossaryEntry("ig")->term));

    bool f1 = false;
    for (QAction* a : window->findChildren<QAction*>())
        f1 |= a->shortcut() == QKeySequence(QKeySequence::HelpContents);
    EXPECT_TRUE(f1) << "F1 opens the Guide";
}

} // namespace reclens::test
