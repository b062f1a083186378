// bench_gui_open: how long the workbench stays unresponsive after opening a large shop
// (issue #16). Opens DATASET in the real MainWindow (offscreen), then reports the import time
// (on a worker), the UI-thread time of the views taking the dataset, the time until the catalog
// and customer lists have their counts and orders (workers), and the longest gap of a 10 ms
// heartbeat timer on the UI thread from the end of the import until then, and while a filter
// is typed into the Merchant catalog and the list is sorted by title and then by purchases.
//
//   QT_QPA_PLATFORM=offscreen build/bench/bench_gui_open DATASET [FILTER]

#include "catalogmodel.h"
#include "catalogmodelpicker.h"
#include "counterfactualview.h"
#include "customersview.h"
#include "mainwindow.h"
#include "merchantview.h"
#include "workbenchcontroller.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QTableView>
#include <QTimer>

#include <cstdio>
#include <ctime>
#include <functional>

using namespace reclens;

namespace {

/// CPU time of the calling thread (ms): tells work on the UI thread from waiting for a core.
double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Heartbeat {
    QElapsedTimer clock;
    QTimer timer;
    qint64 last = 0;
    qint64 worst = 0;
    double lastCpu = 0.0;
    double worstCpu = 0.0; // UI-thread CPU during the worst gap
    Heartbeat() {
        timer.setInterval(10);
        timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&timer, &QTimer::timeout, [this] {
            const qint64 now = clock.elapsed();
            const double cpu = threadCpuMs();
            if (now - last > worst) {
                worst = now - last;
                worstCpu = cpu - lastCpu;
            }
            last = now;
            lastCpu = cpu;
        });
    }
    void start() {
        worst = 0;
        worstCpu = 0.0;
        clock.start();
        last = 0;
        lastCpu = threadCpuMs();
        timer.start();
    }
};

bool runUntil(const std::function<bool()>& done, int ms) {
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_gui_open DATASET [FILTER]\n");
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);
    const QString filter = argc > 2 ? QString::fromLocal8Bit(argv[2]) : QStringLiteral("42");
    WorkbenchController controller;
    QElapsedTimer clock;
    qint64 importEnd = -1;
    double importEndCpu = 0.0;
    // Connected before the window exists, so it runs before every view's own slot.
    QObject::connect(&controller, &WorkbenchController::datasetChanged, [&] {
        importEnd = clock.elapsed();
        importEndCpu = threadCpuMs();
    });
    MainWindow window(&controller);
    window.resize(1400, 900);
    window.show();
    window.showTab(MainWindow::MerchantTab);
    qint64 viewsDone = -1;
    double viewsCpu = 0.0;
    QObject::connect(&controller, &WorkbenchController::datasetChanged, [&] {
        viewsDone = clock.elapsed();
        viewsCpu = threadCpuMs() - importEndCpu;
    });
    QString error;
    QObject::connect(&controller, &WorkbenchController::errorMessage,
                     [&](const QString& m) { error = m; });

    CatalogModelPicker* merchant = window.merchantView()->catalogPicker();
    CatalogModelPicker* whatIf = window.counterfactualView()->catalogPicker();
    auto* customers = qobject_cast<RowQueryModel*>(window.customersView()->listView()->model());
    auto settled = [&] {
        return !merchant->model()->isBusy() && !whatIf->model()->isBusy() && !customers->isBusy();
    };

    Heartbeat beat;
    clock.start();
    controller.openDataset(path);
    if (!runUntil([&] { return viewsDone >= 0 || !error.isEmpty(); }, 30 * 60 * 1000) ||
        !error.isEmpty()) {
        std::fprintf(stderr, "could not open %s: %s\n", qPrintable(path), qPrintable(error));
        return 3;
    }
    beat.start(); // from the first event-loop turn after the import
    runUntil(settled, 10 * 60 * 1000);
    runUntil([] { return false; }, 1000); // anything queued late still counts
    const qint64 openGap = beat.worst;
    const double openGapCpu = beat.worstCpu;
    const qint64 settledMs = clock.elapsed() - 1000 - importEnd;

    beat.start();
    QElapsedTimer op;
    op.start();
    merchant->searchField()->setText(filter);
    merchant->applyFilterNow();
    runUntil(settled, 10 * 60 * 1000);
    const qint64 filterMs = op.elapsed();
    const int matches = merchant->model()->rowCount();
    merchant->searchField()->clear();
    merchant->applyFilterNow();
    runUntil(settled, 10 * 60 * 1000);
    op.start();
    merchant->table()->sortByColumn(CatalogModel::TitleColumn, Qt::AscendingOrder);
    runUntil(settled, 10 * 60 * 1000);
    const qint64 titleSortMs = op.elapsed();
    op.start();
    merchant->table()->sortByColumn(CatalogModel::PurchasesColumn, Qt::DescendingOrder);
    runUntil(settled, 10 * 60 * 1000);
    const qint64 purchaseSortMs = op.elapsed();
    const qint64 useGap = beat.worst;
    const double useGapCpu = beat.worstCpu;

    const auto ds = controller.dataset();
    std::printf("dataset %s: %zu customers, %zu products\n", qPrintable(path), ds->users.size(),
                ds->items.size());
    std::printf("import (worker)                          %8.1f s\n", importEnd / 1000.0);
    std::printf("views take the dataset (UI thread)       %8lld ms (UI-thread CPU %.0f ms)\n",
                static_cast<long long>(viewsDone - importEnd), viewsCpu);
    std::printf("import end -> lists counted and sorted   %8lld ms\n",
                static_cast<long long>(settledMs));
    std::printf("longest UI stall after the import        %8lld ms (UI-thread CPU %.0f ms)\n",
                static_cast<long long>(openGap), openGapCpu);
    std::printf("filter \"%s\" (%d matches)             %8lld ms\n", qPrintable(filter), matches,
                static_cast<long long>(filterMs));
    std::printf("sort by title / by purchases             %8lld / %lld ms\n",
                static_cast<long long>(titleSortMs), static_cast<long long>(purchaseSortMs));
    std::printf("longest UI stall while filtering/sorting %8lld ms (UI-thread CPU %.0f ms)\n",
                static_cast<long long>(useGap), useGapCpu);
    std::printf("(a stall with little UI-thread CPU was spent waiting for a core)\n");
    return 0;
}
