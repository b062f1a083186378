#pragma once
// The live trial table of the Tune button (train/tuner.h): one row per trial and rung with its
// configuration, epochs so far and validation NDCG@10; the chosen trial is marked at the end.

#include "model/modelconfig.h"

#include <QTableWidget>

namespace reclens {

class TuningTable : public QTableWidget {
    Q_OBJECT
public:
    explicit TuningTable(QWidget* parent = nullptr);
    void addTrial(const TrialRecord& t);
    /// Marks the rows of the chosen trial (bold) once the search has finished.
    void markChosen(int trialId);
    void reset();
    /// The least width that shows every column, the side features elided to their least: the
    /// Project tab keeps its settings pane at least this wide while the table shows.
    int fullWidth() const;
};

} // namespace reclens
