#include "screenshotrunner.h"

#include "attentionview.h"
#include "counterfactualview.h"
#include "customersview.h"
#include "guidedialog.h"
#include "mainwindow.h"
#include "merchantview.h"
#include "projectview.h"
#include "saliencyview.h"
#include "searchexplainpanel.h"
#include "searchview.h"
#include "topkmatrixview.h"
#include "workbenchcontroller.h"

#include "common/atomicfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLineEdit>
#include <QPixmap>
#include <QTabWidget>
#include <QTimer>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace reclens {

namespace {

/// Spins the event loop until `signal` fires on `sender` or the timeout passes.
template <typename Signal>
bool waitFor(const typename QtPrivate::FunctionPointer<Signal>::Object* sender, Signal signal,
             int timeoutMs) {
    QEventLoop loop;
    bool fired = false;
    auto c = QObject::connect(sender, signal, &loop, [&] {
        fired = true;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    QObject::disconnect(c);
    return fired;
}

void settle(int ms) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

/// An 8-bit palette image with the 256 most frequent colours (5 bits per channel buckets,
/// averaged), each pixel mapped to the nearest one: flat UI colours and thin grid lines keep
/// their exact shade, and the PNG shrinks to a quarter of its RGB size.
QImage quantize(const QImage& source) {
    QImage rgb = source.convertToFormat(QImage::Format_RGB32);
    constexpr int Buckets = 1 << 15;
    std::vector<std::int64_t> count(Buckets, 0), sr(Buckets, 0), sg(Buckets, 0), sb(Buckets, 0);
    auto bucket = [](QRgb c) {
        return ((qRed(c) >> 3) << 10) | ((qGreen(c) >> 3) << 5) | (qBlue(c) >> 3);
    };
    for (int y = 0; y < rgb.height(); ++y) {
        const QRgb* line = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
        for (int x = 0; x < rgb.width(); ++x) {
            int b = bucket(line[x]);
            ++count[static_cast<size_t>(b)];
            sr[static_cast<size_t>(b)] += qRed(line[x]);
            sg[static_cast<size_t>(b)] += qGreen(line[x]);
            sb[static_cast<size_t>(b)] += qBlue(line[x]);
        }
    }
    std::vector<int> order;
    for (int b = 0; b < Buckets; ++b)
        if (count[static_cast<size_t>(b)] > 0)
            order.push_back(b);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        return count[static_cast<size_t>(a)] > count[static_cast<size_t>(b)];
    });
    if (order.size() > 256)
        order.resize(256);
    QVector<QRgb> palette;
    for (int b : order) {
        auto n = count[static_cast<size_t>(b)];
        palette << qRgb(static_cast<int>(sr[static_cast<size_t>(b)] / n),
                        static_cast<int>(sg[static_cast<size_t>(b)] / n),
                        static_cast<int>(sb[static_cast<size_t>(b)] / n));
    }
    std::vector<int> nearest(Buckets, -1);
    QImage out(rgb.size(), QImage::Format_Indexed8);
    out.setColorTable(palette);
    for (int y = 0; y < rgb.height(); ++y) {
        const QRgb* line = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
        uchar* dst = out.scanLine(y);
        for (int x = 0; x < rgb.width(); ++x) {
            int b = bucket(line[x]);
            int& n = nearest[static_cast<size_t>(b)];
            if (n < 0) {
                int best = 0;
                long bestD = -1;
                for (int i = 0; i < palette.size(); ++i) {
                    long dr = qRed(palette[i]) - qRed(line[x]);
                    long dg = qGreen(palette[i]) - qGreen(line[x]);
                    long db = qBlue(palette[i]) - qBlue(line[x]);
                    long d = dr * dr + dg * dg + db * db;
                    if (bestD < 0 || d < bestD) {
                        bestD = d;
                        best = i;
                    }
                }
                n = best;
            }
            dst[x] = static_cast<uchar>(n);
        }
    }
    return out;
}

bool grabWidget(QWidget& widget, const QString& dir, const QString& name);

bool grab(MainWindow& w, const QString& dir, const QString& name) {
    settle(250);
    w.attentionView()->flush();
    w.saliencyView()->flush();
    w.topKMatrixView()->flush();
    w.merchantView()->flush();
    w.projectView()->flushPlots();
    settle(100);
    return grabWidget(w, dir, name);
}

bool grabWidget(QWidget& widget, const QString& dir, const QString& name) {
    // An 8-bit palette keeps each PNG well under 300 KB.
    QImage img = quantize(widget.grab().toImage());
    QString path = QDir(dir).filePath(name + QStringLiteral(".png"));
    // Atomic like every file RecLens writes: a killed run never leaves a truncated PNG.
    const bool ok =
        writeFileAtomicallyVia(QFile::encodeName(path).toStdString(), [&](const std::string& tmp) {
            return img.save(QFile::decodeName(QByteArray::fromStdString(tmp)), "PNG", 0);
        }).ok();
    std::fprintf(stderr, "%s %s\n", ok ? "wrote" : "FAILED to write", qPrintable(path));
    return ok;
}

void say(const char* fmt, const QString& arg = QString()) {
    static QElapsedTimer clock;
    if (!clock.isValid())
        clock.start();
    std::fprintf(stderr, "[%6.1f s] ", clock.elapsed() / 1000.0);
    std::fprintf(stderr, fmt, qPrintable(arg));
    std::fprintf(stderr, "\n");
}

bool trainModel(MainWindow& w, const ScreenshotOptions& o, int timeout) {
    WorkbenchController* c = w.controller();
    TrainConfig tc = screenshotTrainConfig(o.epochs);
    w.projectView()->setTrainConfig(tc);
    bool accepted = false;
    bool finished = false;
    QEventLoop loop;
    auto done = QObject::connect(c, &WorkbenchController::trainingFinished, &loop,
                                 [&](bool ok, const QString& m) {
                                     accepted = ok;
                                     finished = true;
                                     say("%s", m);
                                     loop.quit();
                                 });
    auto epoch =
        QObject::connect(c, &WorkbenchController::trainingEpoch, &loop, [](const EpochStats& s) {
            say("%s", QStringLiteral("epoch %1/%2 loss %3 valid NDCG@10 %4 HR@10 %5 (%6 s)")
                          .arg(s.epoch)
                          .arg(s.epochs)
                          .arg(s.loss, 0, 'f', 4)
                          .arg(s.validNdcg10, 0, 'f', 4)
                          .arg(s.validHr10, 0, 'f', 4)
                          .arg(s.seconds, 0, 'f', 1));
        });
    c->train(tc);
    // Training has its own, longer budget: on a loaded machine an epoch of UCI Online Retail
    // took ~22 s on a quiet machine and up to 240 s beside other jobs, and the shared
    // 15-minute timeout once ended a run silently at epoch 7.
    QTimer::singleShot(o.trainTimeoutSeconds * 1000, &loop, &QEventLoop::quit);
    loop.exec();
    QObject::disconnect(done);
    QObject::disconnect(epoch);
    if (!finished) {
        say("training did not finish within %s s; cancelled",
            QString::number(o.trainTimeoutSeconds));
        c->cancelTraining();
        waitFor(c, &WorkbenchController::trainingFinished, timeout);
        return false;
    }
    if (accepted && !o.modelPath.isEmpty()) {
        c->saveCheckpoint(o.modelPath);
        waitFor(c, &WorkbenchController::modelChanged, timeout);
    }
    return accepted;
}

bool explainCustomer(MainWindow& w, UserIndex user, int timeout) {
    WorkbenchController* c = w.controller();
    w.customersView()->selectUser(user);
    if (c->customer() != user)
        c->selectCustomer(user);
    for (int i = 0; i < 10; ++i) {
        auto b = c->explanation();
        if (b && c->recommendations() && c->recommendations()->user == user &&
            b->history == c->recommendations()->history)
            return true;
        if (!waitFor(c, &WorkbenchController::explanationChanged, timeout))
            return false;
    }
    return false;
}

/// The Search tab: the search model opened beside the recommender, `searchQuery` typed for the
/// customer on show, its top result explained.
bool grabSearch(MainWindow& w, const ScreenshotOptions& o, int timeout) {
    WorkbenchController* c = w.controller();
    say("search model %s", o.searchModelPath);
    c->openCheckpoint(o.searchModelPath);
    if (!waitFor(c, &WorkbenchController::searchModelChanged, timeout) || !c->searchModel())
        return false;
    w.showTab(MainWindow::SearchTab);
    w.searchView()->queryEdit()->setText(o.searchQuery);
    w.searchView()->runQuery();
    if (!waitFor(c, &WorkbenchController::searchExplanationChanged, timeout))
        return false;
    w.searchView()->explainPanel()->flush();
    bool ok = grab(w, o.outDir, QStringLiteral("search"));
    // The attention heatmap has an inner tab of its own: a second shot with it shown.
    w.searchView()->showAttention();
    QCoreApplication::processEvents();
    w.searchView()->explainPanel()->flush();
    ok &= grab(w, o.outDir, QStringLiteral("search-attention"));
    return ok;
}

} // namespace

TrainConfig screenshotTrainConfig(int epochs) {
    TrainConfig tc; // the RecLens defaults (d = 64, 2 layers × 4 heads, max length 50, ...)
    tc.epochs = epochs;
    tc.patience = epochs; // no early stop: the budget is the epochs
    tc.validUsers = 1000; // per-epoch validation on a sample keeps the epochs short
    return tc;
}

int renderScreenshots(MainWindow& w, const ScreenshotOptions& o) {
    WorkbenchController* c = w.controller();
    QDir().mkpath(o.outDir);
    const int timeout = o.timeoutSeconds * 1000;
    w.resize(o.windowSize);
    w.show();
    w.fitDocksToWindow();
    say("opening %s", o.dataPath);
    c->openDataset(o.dataPath);
    if (!waitFor(c, &WorkbenchController::datasetChanged, timeout)) {
        say("could not open %s", o.dataPath);
        return 1;
    }
    auto ds = c->dataset();
    bool haveModel = false;
    if (!o.modelPath.isEmpty() && QFileInfo::exists(o.modelPath)) {
        say("loading %s", o.modelPath);
        c->openCheckpoint(o.modelPath);
        haveModel = waitFor(c, &WorkbenchController::modelChanged, timeout) && c->model();
    }
    if (!haveModel) {
        say("training");
        w.showTab(MainWindow::ProjectTab);
        if (!trainModel(w, o, timeout))
            return 1;
    }
    // A customer whose history fills much of the model's window and whose recommendation has
    // a verified minimal explanation, so every view has content.
    UserIndex user = ds->findUser(o.customerId.toStdString());
    std::vector<UserIndex> candidates;
    if (user >= 0)
        candidates.push_back(user);
    for (UserIndex u = 0; u < static_cast<UserIndex>(ds->users.size()) && candidates.size() < 12;
         ++u) {
        size_t n = ds->users[static_cast<size_t>(u)].sequence.size();
        if (n >= 18 && n <= 32)
            candidates.push_back(u);
    }
    for (UserIndex u : candidates) {
        say("explaining customer %s", QString::fromStdString(ds->users[static_cast<size_t>(u)].id));
        if (!explainCustomer(w, u, timeout))
            return 1;
        auto b = c->explanation();
        if (u == user || (b->counterfactual && b->counterfactual->found))
            break;
    }
    bool ok = grab(w, o.outDir, QStringLiteral("project"));
    w.showTab(MainWindow::RecommendationsTab);
    ok &= grab(w, o.outDir, QStringLiteral("recommendations"));
    w.showTab(MainWindow::AttentionTab);
    w.attentionView()->setMode(AttentionView::LastPosition);
    ok &= grab(w, o.outDir, QStringLiteral("attention"));
    w.attentionView()->setMode(AttentionView::FullMap);
    ok &= grab(w, o.outDir, QStringLiteral("attention-fullmap"));
    w.attentionView()->setMode(AttentionView::LastPosition);
    w.showTab(MainWindow::SaliencyTab);
    w.saliencyView()->setMethod("ig");
    ok &= grab(w, o.outDir, QStringLiteral("saliency"));
    say("top-K at once");
    {
        QEventLoop topK;
        QObject::connect(c, &WorkbenchController::topKExplanationsChanged, &topK,
                         &QEventLoop::quit);
        QTimer::singleShot(timeout, &topK, &QEventLoop::quit);
        w.showTab(MainWindow::TopKTab); // opening the tab explains the whole top-K
        if (!c->topKExplanations())
            topK.exec();
    }
    w.topKMatrixView()->setMethod("shapley");
    ok &= grab(w, o.outDir, QStringLiteral("topk-matrix"));
    w.showTab(MainWindow::WhatIfTab);
    say("minimal explanation");
    QEventLoop loop;
    QObject::connect(c, &WorkbenchController::whatIfChanged, &loop, &QEventLoop::quit);
    QObject::connect(c, &WorkbenchController::minimalExplanationReady, &loop, [&] {
        if (!c->counterfactualResult() || !c->counterfactualResult()->found)
            loop.quit(); // nothing to apply, so no what-if follows
    });
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    c->findMinimalExplanation();
    loop.exec();
    if (!c->counterfactualResult() || !c->counterfactualResult()->found) {
        // No counterfactual within the budget: show an edit instead, removing the purchase
        // with the largest leave-one-out effect.
        auto b = c->explanation();
        if (b && b->loo && !b->loo->effect.empty()) {
            const auto& e = b->loo->effect;
            int top = static_cast<int>(std::max_element(e.begin(), e.end()) - e.begin());
            w.counterfactualView()->setRemoved(top, true);
            w.counterfactualView()->runNow();
            waitFor(c, &WorkbenchController::whatIfChanged, timeout);
        }
    }
    ok &= grab(w, o.outDir, QStringLiteral("whatif"));
    w.showTab(MainWindow::MerchantTab);
    say("merchant view");
    w.merchantView()->setUserSample(o.merchantUsers);
    w.merchantView()->analyse(c->target());
    waitFor(c, &WorkbenchController::merchantChanged, timeout);
    ok &= grab(w, o.outDir, QStringLiteral("merchant"));
    w.showTab(MainWindow::ModelTab);
    ok &= grab(w, o.outDir, QStringLiteral("model"));
    if (!o.searchModelPath.isEmpty())
        ok &= grabSearch(w, o, timeout);
    // Help -> Guide, opened by the Saliency tab's "?" topic.
    GuideDialog* guide = w.showGuide(MainWindow::panelTopic(MainWindow::SaliencyTab));
    settle(250);
    ok &= grabWidget(*guide, o.outDir, QStringLiteral("guide"));
    return ok ? 0 : 1;
}

} // namespace reclens
