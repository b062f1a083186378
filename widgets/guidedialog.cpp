#include "guidedialog.h"

#include "glossary.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace reclens {

QString GuideDialog::html() {
    QString out = QStringLiteral("<h2>%1</h2><p>%2</p>")
                      .arg(tr("RecLens guide"),
                           tr("What each panel shows, what each explanation method measures and "
                              "how to read the numbers beside it, in plain words."));
    // A table of contents first: the panels are what a new user looks for.
    for (const GlossarySection& s : glossary()) {
        out += QStringLiteral("<p><b>%1:</b> ").arg(s.title.toHtmlEscaped());
        QStringList links;
        for (const GlossaryEntry& e : s.entries)
            links << QStringLiteral("<a href=\"#%1\">%2</a>")
                         .arg(QString::fromStdString(e.key), e.term.toHtmlEscaped());
        out += links.join(QStringLiteral(" · ")) + QStringLiteral("</p>");
    }
    for (const GlossarySection& s : glossary()) {
        out += QStringLiteral("<h3>%1</h3>").arg(s.title.toHtmlEscaped());
        for (const GlossaryEntry& e : s.entries)
            out += QStringLiteral("<p><a name=\"%1\"></a><b>%2</b><br>%3</p>")
                       .arg(QString::fromStdString(e.key), e.term.toHtmlEscaped(), e.text);
    }
    return out;
}

GuideDialog::GuideDialog(QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("RecLens guide"));
    setModal(false);
    auto* layout = new QVBoxLayout(this);
    auto* row = new QHBoxLayout;
    m_find = new QLineEdit;
    m_find->setPlaceholderText(tr("Find a word (Enter: next, Shift+Enter: previous)"));
    m_find->setClearButtonEnabled(true);
    row->addWidget(new QLabel(tr("Find:")));
    row->addWidget(m_find, 1);
    auto* close = new QPushButton(tr("Close"));
    row->addWidget(close);
    layout->addLayout(row);
    m_browser = new QTextBrowser;
    m_browser->setOpenLinks(false); // internal anchors only: scrolled to below
    m_browser->setHtml(html());
    layout->addWidget(m_browser, 1);
    connect(m_browser, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.hasFragment())
            showTopic(url.fragment().toStdString());
    });
    connect(m_find, &QLineEdit::returnPressed, this,
            [this] { find(QApplication::keyboardModifiers() & Qt::ShiftModifier); });
    connect(close, &QPushButton::clicked, this, &QDialog::hide);
    resize(620, 560);
}

void GuideDialog::showTopic(const std::string& key) {
    m_topic = glossaryEntry(key) ? key : std::string();
    show();
    raise();
    activateWindow();
    if (m_topic.empty())
        m_browser->scrollToAnchor(QString());
    else
        m_browser->scrollToAnchor(QString::fromStdString(m_topic));
}

void GuideDialog::find(bool backwards) {
    const QString word = m_find->text();
    if (word.isEmpty())
        return;
    const auto flags = backwards ? QTextDocument::FindBackward : QTextDocument::FindFlags();
    if (!m_browser->find(word, flags)) {
        // Wrap around once, like an editor's find.
        QTextCursor c = m_browser->textCursor();
        c.movePosition(backwards ? QTextCursor::End : QTextCursor::Start);
        m_browser->setTextCursor(c);
        m_browser->find(word, flags);
    }
}

} // namespace reclens
