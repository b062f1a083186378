#pragma once
// Loading a dataset in a forked child, so that the peak RSS measured is the load's own: the
// parent's heap (a test binary's earlier tests, a benchmark's earlier runs) neither inflates it
// nor hides it behind memory already mapped.

#include "data/importers.h"

#include <string>

namespace reclens::test {

/// What the child sends back through a pipe (hence plain data of a fixed size).
struct ChildLoad {
    int ok = 0;      // 1 if loadDataset succeeded; else `message` says why (or that it died)
    long baseKb = 0; // the child's RSS before the load
    long peakKb = 0; // its peak RSS (VmHWM) at the end of the load, the dataset still alive
    double seconds = 0;
    long long users = 0;
    long long items = 0;
    long long interactions = 0;
    char message[512] = {};

    /// Peak RSS above the RSS before the load, in MiB.
    double peakMiB() const { return static_cast<double>(peakKb - baseKb) / 1024.0; }
};

/// loadDataset(path, options) in a forked child. If the child dies (out of memory, say), ok is
/// 0 and message gives its wait status.
ChildLoad loadInChild(const std::string& path, const ImportOptions& options = {});

} // namespace reclens::test
