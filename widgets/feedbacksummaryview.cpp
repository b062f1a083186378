#include "feedbacksummaryview.h"

#include "explain/methodnames.h"
#include "projectdocument.h"
#include "tableutil.h"

#include <QHeaderView>
#include <QLabel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace reclens {

FeedbackSummaryView::FeedbackSummaryView(ProjectDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_preferred = new QLabel;
    m_preferred->setWordWrap(true);
    m_preferred->setAlignment(Qt::AlignLeft | Qt::AlignTop); // under its heading, not centred
    m_model = new QStandardItemModel(this);
    m_table = new QTableView;
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(m_preferred);
    layout->addWidget(m_table);
    connect(document, &ProjectDocument::feedbackChanged, this, &FeedbackSummaryView::refresh);
    refresh();
}

QString FeedbackSummaryView::preferredText() const {
    return m_preferred->text();
}

void FeedbackSummaryView::refresh() {
    const FeedbackSummary s = m_document->summary();
    m_model->clear();
    m_model->setHorizontalHeaderLabels(
        {tr("Method"), tr("Helpful"), tr("Wrong"), tr("Unclear"), tr("Helpful − wrong")});
    // Without ratings the table would be an empty grid of headers taking the Model tab's
    // height from the metrics at 1,024 x 700: the sentence alone says so.
    m_table->setVisible(s.ratings > 0);
    if (s.ratings == 0) {
        m_preferred->setText(tr("No analyst feedback in this project yet: rate explanations on "
                                "the Saliency tab."));
        return;
    }
    for (const MethodFeedback& m : s.ranking) {
        if (m.total() == 0)
            continue;
        m_model->appendRow({new QStandardItem(QString::fromStdString(methodDisplayName(m.method))),
                            countItem(m.helpful), countItem(m.wrong), countItem(m.unclear),
                            countItem(m.net())});
    }
    m_table->resizeColumnsToContents();
    m_preferred->setText(
        tr("%n rating(s) in this project. Analysts found %1 most helpful; the Saliency tab shows "
           "it first.",
           nullptr, s.ratings)
            .arg(QString::fromStdString(methodDisplayName(s.preferredMethod))));
}

} // namespace reclens
