#pragma once
// The Project tab's two training plots (loss; validation NDCG@10 and HR@10 per epoch) with a
// note saying where the points come from: the run in progress, or the history stored in the
// model that is open (a checkpoint, or the run that just finished).

#include "model/modelconfig.h"

#include <QWidget>

#include <vector>

class QCPItemStraightLine;
class QCustomPlot;
class QLabel;

namespace reclens {

class ReplotCoalescer;

class TrainingCurves : public QWidget {
    Q_OBJECT
public:
    explicit TrainingCurves(QWidget* parent = nullptr);

    QCustomPlot* lossPlot() const { return m_lossPlot; }
    QCustomPlot* metricPlot() const { return m_metricPlot; }
    QString note() const;

    /// Empties both plots and shows `note` above them.
    void clear(const QString& note);
    /// Appends one live epoch.
    void addEpoch(int epoch, double loss, double validNdcg10, double validHr10);
    /// Replaces the curves by a stored history and marks `heldEpoch`, the epoch whose weights
    /// the model holds (0 = no mark).
    void showHistory(const std::vector<EpochRecord>& history, int heldEpoch, const QString& note);
    /// The marked epoch (0 when none is shown).
    int markedEpoch() const { return m_markedEpoch; }
    void setNote(const QString& note);
    /// Replots now (before a screenshot).
    void flush();

private:
    void append(int epoch, double loss, double validNdcg10, double validHr10);
    void rescale(int lastEpoch);
    void mark(int epoch);

    QLabel* m_note;
    QCustomPlot* m_lossPlot;
    QCustomPlot* m_metricPlot;
    ReplotCoalescer* m_lossReplot;
    ReplotCoalescer* m_metricReplot;
    std::vector<QCPItemStraightLine*> m_marks; // one vertical line per plot
    int m_markedEpoch = 0;
};

} // namespace reclens
