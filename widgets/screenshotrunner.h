#pragma once
// Renders every view of the workbench into PNG files (the hidden `reclens --screenshots DIR
// --data PATH` mode that scripts/screenshots.sh runs offscreen): opens the dataset, trains a
// small model, picks a customer, waits for each result, and grabs each tab.

#include "model/modelconfig.h"

#include <QSize>
#include <QString>

namespace reclens {

class MainWindow;

struct ScreenshotOptions {
    QString outDir;
    QString dataPath;   // dataset to open (UCI Online Retail in the script)
    QString customerId; // "" = a customer with a history near the model's length
    QString modelPath;  // checkpoint to load; trained and saved there when missing ("" = train)
    QString searchModelPath;        // search checkpoint for search.png ("" = no Search tab shot)
    QString searchQuery;            // what is typed on the Search tab
    int epochs = 10;                // training budget for the model shown
    int merchantUsers = 1000;       // customers sampled for the merchant view (0 = all)
    int timeoutSeconds = 900;       // for each step but training
    int trainTimeoutSeconds = 3600; // for training the model when it is not cached
    QSize windowSize{1600, 960};    // the window grabbed (1,024 × 700 checks small screens)
};

/// How the screenshot model is trained: the RecLens defaults with `epochs` epochs and no early
/// stopping (the best epoch's weights are kept). On UCI Online Retail 10 epochs give a test
/// NDCG@10 of 0.1636 (best epoch 9; the tuned 25-epoch run: 0.1755, docs/BENCHMARKS.md) in
/// ~22 s an epoch on a quiet 2-core machine.
TrainConfig screenshotTrainConfig(int epochs);

/// Runs the whole sequence with local event loops; returns 0 on success, prints what failed
/// and returns 1 otherwise.
int renderScreenshots(MainWindow& window, const ScreenshotOptions& options);

} // namespace reclens
