#include "uistallprobe.h"

#include <QEvent>
#include <QMetaEnum>

#include <algorithm>
#include <ctime>

namespace reclens::test {

namespace {

UiStallProbe* g_running = nullptr;

QString describe(const char* className, const QString& name, int eventType) {
    const char* type = QMetaEnum::fromType<QEvent::Type>().valueToKey(eventType);
    return QStringLiteral("%1%2 %3").arg(
        QString::fromLatin1(className),
        name.isEmpty() ? QString() : QStringLiteral(" \"%1\"").arg(name),
        type ? QString::fromLatin1(type) : QString::number(eventType));
}

} // namespace

double UiStallProbe::threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

UiStallProbe::UiStallProbe() {
    m_timer.setInterval(10);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
}

UiStallProbe::~UiStallProbe() {
    stop();
}

void UiStallProbe::start() {
    m_clock.start();
    m_last = 0;
    m_lastCpu = threadCpuMs();
    g_running = this;
    m_timer.start();
}

void UiStallProbe::stop() {
    m_timer.stop();
    if (g_running == this)
        g_running = nullptr;
}

void UiStallProbe::tick() {
    const qint64 now = m_clock.elapsed();
    const double cpu = threadCpuMs();
    if (now - m_last > m_worstGap) {
        m_worstGap = now - m_last;
        m_worstGapCpu = cpu - m_lastCpu;
        m_worstSet = m_inGap;
    }
    m_inGap.clear();
    m_last = now;
    m_lastCpu = cpu;
}

void UiStallProbe::recordEvent(const QObject* receiver, const char* className, const QString& name,
                               int eventType, double ms, double cpuMs) {
    if (g_running && receiver != &g_running->m_timer)
        g_running->record(className, name, eventType, ms, cpuMs);
}

void UiStallProbe::record(const char* className, const QString& name, int eventType, double ms,
                          double cpuMs) {
    m_longestEvent = std::max(m_longestEvent, ms);
    m_mostEventCpu = std::max(m_mostEventCpu, cpuMs);
    if (ms < 2.0)
        return;
    EventTime e{describe(className, name, eventType), ms, cpuMs};
    m_inGap.push_back(e);
    m_longest.push_back(e);
    std::sort(m_longest.begin(), m_longest.end(),
              [](const EventTime& a, const EventTime& b) { return a.ms > b.ms; });
    if (m_longest.size() > 5)
        m_longest.resize(5);
}

QString UiStallProbe::report() const {
    QString out = QStringLiteral("longest gap %1 ms, of which UI-thread CPU %2 ms; events > 2 ms "
                                 "in it:")
                      .arg(m_worstGap)
                      .arg(m_worstGapCpu, 0, 'f', 1);
    if (m_worstSet.empty())
        out += QStringLiteral(" none");
    auto show = [](const EventTime& e) {
        return QStringLiteral(" [%1: %2 ms, CPU %3 ms]")
            .arg(e.what)
            .arg(e.ms, 0, 'f', 1)
            .arg(e.cpuMs, 0, 'f', 1);
    };
    for (const EventTime& e : m_worstSet)
        out += show(e);
    out += QStringLiteral("\nlongest events of the run:");
    for (const EventTime& e : m_longest)
        out += show(e);
    out +=
        QStringLiteral("\nmost UI-thread CPU in one event: %1 ms").arg(m_mostEventCpu, 0, 'f', 1);
    return out;
}

} // namespace reclens::test
