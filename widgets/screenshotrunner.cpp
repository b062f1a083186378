#include "screenshotrunner.h"

#include "attentionview.h"
#include "counterfactualview.h"
#include "customersview.h"
#include "mainwindow.h"
#include "merchantview.h"
#include "projectview.h"
#include "saliencyview.h"
#include "workbenchcontroller.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QImage>
#include <QPixmap>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>

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

bool grab(MainWindow& w, const QString& dir, const QString& name) {
    settle(250);
    w.attentionView()->flush();
    w.saliencyView()->flush();
    w.merchantView()->flush();
    w.projectView()->flushPlots();
    settle(100);
    QImage img = w.grab().toImage().convertToFormat(QImage::Format_RGB888);
    QString path = QDir(dir).filePath(name + QStringLiteral(".png"));
    bool ok = img.save(path, "PNG", 9);
    std::fprintf(stderr, "%s %s\n", ok ? "wrote" : "FAILED to write", qPrintable(path));
    return ok;
}

} // namespace

int renderScreenshots(MainWindow& w, const ScreenshotOptions& o) {
    WorkbenchController* c = w.controller();
    QDir().mkpath(o.outDir);
    const int timeout = o.timeoutSeconds * 1000;
    w.resize(1600, 960);
    w.show();
    c->openDataset(o.dataPath);
    if (!waitFor(c, &WorkbenchController::datasetChanged, timeout)) {
        std::fprintf(stderr, "could not open %s\n", qPrintable(o.dataPath));
        return 1;
    }
    auto ds = c->dataset();
    TrainConfig tc;
    tc.epochs = o.epochs;
    tc.patience = o.epochs;
    tc.model.maxLength = 50;
    tc.model.dim = 64;
    tc.validUsers = 1000;
    w.projectView()->setTrainConfig(tc);
    w.showTab(MainWindow::ProjectTab);
    c->train(tc);
    bool accepted = false;
    QEventLoop loop;
    QObject::connect(c, &WorkbenchController::trainingFinished, &loop,
                     [&](bool ok, const QString& m) {
                         accepted = ok;
                         std::fprintf(stderr, "%s\n", qPrintable(m));
                         loop.quit();
                     });
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    loop.exec();
    if (!accepted)
        return 1;
    // A customer whose history fills most of the model's window, so every view has content.
    UserIndex user = ds->findUser(o.customerId.toStdString());
    if (user < 0) {
        for (UserIndex u = 0; u < static_cast<UserIndex>(ds->users.size()); ++u) {
            size_t n = ds->users[static_cast<size_t>(u)].sequence.size();
            if (n >= 20 && n <= 30) {
                user = u;
                break;
            }
        }
    }
    if (user < 0)
        user = 0;
    w.customersView()->selectUser(user);
    if (c->customer() != user)
        c->selectCustomer(user);
    if (!waitFor(c, &WorkbenchController::explanationChanged, timeout) || !c->explanation())
        if (!waitFor(c, &WorkbenchController::explanationChanged, timeout))
            return 1;
    while (!c->explanation())
        if (!waitFor(c, &WorkbenchController::explanationChanged, timeout))
            return 1;
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
    w.showTab(MainWindow::WhatIfTab);
    c->findMinimalExplanation();
    waitFor(c, &WorkbenchController::minimalExplanationReady, timeout);
    waitFor(c, &WorkbenchController::whatIfChanged, timeout);
    ok &= grab(w, o.outDir, QStringLiteral("whatif"));
    w.showTab(MainWindow::MerchantTab);
    ItemIndex target = c->target();
    w.merchantView()->analyse(target);
    waitFor(c, &WorkbenchController::merchantChanged, timeout);
    ok &= grab(w, o.outDir, QStringLiteral("merchant"));
    w.showTab(MainWindow::ModelTab);
    ok &= grab(w, o.outDir, QStringLiteral("model"));
    return ok ? 0 : 1;
}

} // namespace reclens
