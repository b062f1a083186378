#pragma once
// Help -> Guide: the glossary (glossary.h) as one readable page with a find box, opened at a
// topic by the "?" beside the panels and by F1. One dialog per main window, not modal, so it can
// stay open beside the view it explains.

#include <QDialog>

#include <string>

class QLineEdit;
class QTextBrowser;

namespace reclens {

class GuideDialog : public QDialog {
    Q_OBJECT
public:
    explicit GuideDialog(QWidget* parent = nullptr);
    /// Shows the dialog scrolled to the entry `key` (glossary.h); unknown keys show the top.
    void showTopic(const std::string& key);
    /// The key of the last topic shown (for tests and for reopening where the user was).
    const std::string& topic() const { return m_topic; }
    QTextBrowser* browser() const { return m_browser; }

    /// The whole guide as HTML: every section and entry, each entry with an anchor = its key.
    static QString html();

private:
    void find(bool backwards);

    QTextBrowser* m_browser;
    QLineEdit* m_find;
    std::string m_topic;
};

} // namespace reclens
