#include "procstatus.h"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

namespace reclens::test {

long statusKb(const char* key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::size_t n = std::strlen(key);
    while (std::getline(in, line))
        if (line.compare(0, n, key) == 0)
            return std::atol(line.c_str() + n + 1);
    return -1;
}

void resetPeakRss() {
    std::ofstream("/proc/self/clear_refs") << "5"; // 5: VmHWM := VmRSS (proc(5))
}

long peakGrowthKb(const std::function<void()>& work) {
    resetPeakRss();
    const long before = statusKb("VmRSS:");
    work();
    return statusKb("VmHWM:") - before;
}

} // namespace reclens::test
