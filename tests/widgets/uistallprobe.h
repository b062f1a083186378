#pragma once
// Measures how long the UI thread's event loop goes without running a 10 ms timer, and says
// why the longest gap happened: the events the UI thread handled during it (class, object
// name, event type, milliseconds) and the CPU time the UI thread itself used. A gap with
// little UI-thread CPU time was spent waiting for a core (other processes, or the workers),
// not doing work on the UI thread.
//
// The per-event times come from TimedApplication::notify (tests/widgets/main.cpp), which
// reports every top-level event to the probe that is running.

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <vector>

namespace reclens::test {

class UiStallProbe : public QObject {
public:
    UiStallProbe();
    ~UiStallProbe() override;

    void start();
    void stop();

    /// Longest wall-clock gap between two ticks (ms).
    qint64 worstGapMs() const { return m_worstGap; }
    /// CPU time the UI thread used during that gap (ms).
    double worstGapUiCpuMs() const { return m_worstGapCpu; }
    /// Longest single event handled on the UI thread while the probe ran (ms).
    double longestEventMs() const { return m_longestEvent; }
    /// Most UI-thread CPU time any single event took (ms): the real work on the UI thread.
    double mostEventCpuMs() const { return m_mostEventCpu; }
    /// A readable account of the worst gap and the longest events.
    QString report() const;

    /// Called by TimedApplication::notify for each top-level event on the UI thread, after it
    /// was handled (`receiver` may be gone by then: it is only compared, never used).
    static void recordEvent(const QObject* receiver, const char* className, const QString& name,
                            int eventType, double ms, double cpuMs);
    /// CPU time used so far by the calling thread (ms).
    static double threadCpuMs();

private:
    struct EventTime {
        QString what;
        double ms = 0.0;
        double cpuMs = 0.0;
    };
    void tick();
    void record(const char* className, const QString& name, int eventType, double ms, double cpuMs);

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    double m_lastCpu = 0.0;
    qint64 m_worstGap = 0;
    double m_worstGapCpu = 0.0;
    double m_longestEvent = 0.0;
    double m_mostEventCpu = 0.0;
    std::vector<EventTime> m_inGap;    // events > 2 ms since the last tick
    std::vector<EventTime> m_worstSet; // those of the worst gap
    std::vector<EventTime> m_longest;  // the 5 longest events of the whole run
};

} // namespace reclens::test
