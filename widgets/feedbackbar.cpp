#include "feedbackbar.h"

#include "explain/methodnames.h"
#include "projectdocument.h"
#include "workbenchcontroller.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace reclens {

FeedbackBar::FeedbackBar(WorkbenchController* controller, ProjectDocument* document,
                         std::function<std::string()> currentMethod, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_document(document)
    , m_method(std::move(currentMethod)) {
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(new QLabel(tr("Rate this explanation:")));
    m_helpful = new QPushButton(tr("Helpful"));
    m_wrong = new QPushButton(tr("Wrong"));
    m_unclear = new QPushButton(tr("Unclear"));
    m_comment = new QLineEdit;
    m_comment->setPlaceholderText(tr("Comment (optional)"));
    m_comment->setToolTip(tr("Stored with the rating in the open project"));
    m_verdict = new QLabel;
    for (QPushButton* b : {m_helpful, m_wrong, m_unclear})
        row->addWidget(b);
    row->addWidget(m_comment, 1);
    row->addWidget(m_verdict);
    auto rateWith = [this](FeedbackRating r) {
        if (m_document->rate(m_method(), r, m_comment->text()))
            m_comment->clear();
    };
    connect(m_helpful, &QPushButton::clicked, this,
            [rateWith] { rateWith(FeedbackRating::Helpful); });
    connect(m_wrong, &QPushButton::clicked, this, [rateWith] { rateWith(FeedbackRating::Wrong); });
    connect(m_unclear, &QPushButton::clicked, this,
            [rateWith] { rateWith(FeedbackRating::Unclear); });
    connect(document, &ProjectDocument::feedbackChanged, this, &FeedbackBar::refresh);
    connect(controller, &WorkbenchController::explanationChanged, this, &FeedbackBar::refresh);
    connect(controller, &WorkbenchController::customerChanged, this, &FeedbackBar::refresh);
    refresh();
}

QString FeedbackBar::verdictText() const {
    return m_verdict->text();
}

void FeedbackBar::refresh() {
    const bool explained = m_controller->customer() >= 0 && m_controller->target() >= 0;
    for (QPushButton* b : {m_helpful, m_wrong, m_unclear})
        b->setEnabled(explained);
    m_comment->setEnabled(explained);
    const std::string method = m_method();
    const Feedback* f = explained ? m_document->currentVerdict(method) : nullptr;
    if (!f) {
        m_verdict->setText(explained ? tr("not rated yet") : QString());
        return;
    }
    QString text = tr("%1 rated %2")
                       .arg(QString::fromStdString(methodDisplayName(method)),
                            QString::fromLatin1(feedbackRatingName(f->rating)));
    if (!f->comment.empty())
        text += QStringLiteral(": ") + QString::fromStdString(f->comment);
    m_verdict->setText(text);
}

} // namespace reclens
