#pragma once
// Memory figures of this process from /proc/self/status (Linux). Peak RSS is VmHWM, which
// /proc/self/clear_refs can reset to the current RSS, so a peak can be taken around one step.

#include <functional>

namespace reclens::test {

/// The number after a "Key:" line of /proc/self/status, e.g. statusKb("VmHWM:") (kB); -1 if
/// there is no such line.
long statusKb(const char* key);

/// Resets VmHWM to the current RSS, so that a later statusKb("VmHWM:") is the peak since now.
void resetPeakRss();

/// How far the peak RSS rose above the RSS before `work` while it ran (KiB).
long peakGrowthKb(const std::function<void()>& work);

} // namespace reclens::test
