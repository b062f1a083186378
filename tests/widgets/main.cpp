// Widget tests run without a display: the offscreen platform is selected before QApplication.
#include "uistallprobe.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLocale>
#include <QStandardPaths>
#include <QThread>

#include <gtest/gtest.h>

#include <cstdlib>

namespace {

/// Times every top-level event the UI thread handles and hands it to a running UiStallProbe,
/// so a responsiveness failure names the handler that blocked the event loop (or shows that
/// none did).
class TimedApplication : public QApplication {
public:
    using QApplication::QApplication;

    bool notify(QObject* receiver, QEvent* event) override {
        if (m_depth > 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        // Captured first: a DeferredDelete event deletes its receiver.
        const char* className = receiver->metaObject()->className();
        const QString name = receiver->objectName();
        const QEvent::Type type = event->type();
        ++m_depth;
        QElapsedTimer t;
        t.start();
        const double cpu = reclens::test::UiStallProbe::threadCpuMs();
        const bool handled = QApplication::notify(receiver, event);
        --m_depth;
        reclens::test::UiStallProbe::recordEvent(receiver, className, name, type,
                                                 t.nsecsElapsed() / 1e6,
                                                 reclens::test::UiStallProbe::threadCpuMs() - cpu);
        return handled;
    }

private:
    int m_depth = 0; // events sent from inside a handler count towards that handler
};

} // namespace

int main(int argc, char** argv) {
    ::setenv("QT_QPA_PLATFORM", "offscreen", 1);
    ::testing::InitGoogleTest(&argc, argv);
    TimedApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("RecLensTests"));
    QApplication::setApplicationName(QStringLiteral("reclens_widgets_tests"));
    // Numbers are formatted with the default locale; the tests expect "1,977".
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    // Settings and the model cache go to a test location, never the user's.
    QStandardPaths::setTestModeEnabled(true);
    return RUN_ALL_TESTS();
}
