#pragma once
// The explanation part of the Search tab: why one search result is where it is
// (search/searchexplain.h). The share of the score that comes from the words typed and from
// the purchases, the personalisation gate, one labelled bar per query word and per purchase
// for the chosen attribution method, and only the facts the core verified by fresh forward
// passes (its summary sentence and the kind-restricted counterfactuals). It also fills the
// attention per layer and head over the purchases and words (the Attention tab's view), which
// the Search tab lays out in an inner tab of its own.

#include <QWidget>

#include <memory>
#include <string>

class QCPBars;
class QComboBox;
class QCustomPlot;
class QLabel;

namespace reclens {

struct Dataset;
class AttentionView;
class ReplotCoalescer;

namespace search {
struct SearchExplanation;
}

class SearchExplainPanel : public QWidget {
    Q_OBJECT
public:
    explicit SearchExplainPanel(QWidget* parent = nullptr);

    /// Shows `e` (null clears the panel and shows `placeholder`).
    void setExplanation(std::shared_ptr<const search::SearchExplanation> e,
                        std::shared_ptr<const Dataset> ds, const QString& placeholder = {});

    /// For tests and screenshots: the texts on show and the bars' (label, value) pairs.
    QString headlineText() const;
    QString shareText() const;
    QString gateText() const;
    QString factsText() const;
    QStringList barLabels() const { return m_barLabels; }
    /// The attention heatmap over the purchases, the query words and the SEARCH token; not in
    /// this panel's layout (the owner places it).
    AttentionView* attentionView() const { return m_attention; }
    std::string method() const;
    void setMethod(const std::string& method);
    void flush();

private:
    void refreshBars();

    std::shared_ptr<const search::SearchExplanation> m_e;
    std::shared_ptr<const Dataset> m_ds;
    QLabel* m_headline;
    QLabel* m_share;
    QLabel* m_gate;
    QComboBox* m_method;
    QLabel* m_methodNote;
    QCustomPlot* m_plot;
    QCPBars* m_words;
    QCPBars* m_purchases;
    ReplotCoalescer* m_replot;
    QLabel* m_facts;
    AttentionView* m_attention;
    QStringList m_barLabels;
};

} // namespace reclens
