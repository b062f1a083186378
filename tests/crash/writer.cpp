// reclens_crash_writer: rewrites one kind of RecLens file over and over, alternating between two
// known versions, until it is killed. test_crash_safety.cpp SIGKILLs it at random moments and
// checks that the file on disk is always one complete version.
//
//   reclens_crash_writer file <target> <bytes>
//   reclens_crash_writer report <dir>
//   reclens_crash_writer checkpoint <target> <dataset dir> <reference dir>
//   reclens_crash_writer project <target>
//   reclens_crash_writer limited <target> <bytes> <file size limit>
//
// Before the loop starts, the target holds version A (written now if it is missing) and, for
// checkpoints, <reference dir>/A.ckpt and B.ckpt hold the bytes of both versions. Then the
// writer prints "ready" on stdout. It exits only on an error (status 1, message on stderr).
//
// "limited" saves once under RLIMIT_FSIZE, which makes write() fail like a full disk: it prints
// the error on stdout and exits 0 when the save failed cleanly, 2 if it wrongly succeeded.

#include "common/atomicfile.h"
#include "crashcontent.h"
#include "data/importers.h"
#include "model/sasrecmodel.h"
#include "project/projectfile.h"
#include "report/reportfiles.h"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/resource.h>
#include <vector>

using namespace reclens;

namespace {

int fail(const std::string& what) {
    std::fprintf(stderr, "reclens_crash_writer: %s\n", what.c_str());
    return 1;
}

void announceReady() {
    std::fputs("ready\n", stdout);
    std::fflush(stdout);
}

int loopFile(const std::string& target, size_t bytes) {
    const std::string versions[2] = {test::fileVersion('A', bytes), test::fileVersion('B', bytes)};
    if (!std::filesystem::exists(target))
        if (auto st = writeFileAtomically(target, versions[0]); !st)
            return fail(st.error().message);
    announceReady();
    for (size_t i = 1;; ++i)
        if (auto st = writeFileAtomically(target, versions[i % 2]); !st)
            return fail(st.error().message);
}

int loopReport(const std::string& dir) {
    const report::ReportOutput versions[2] = {test::reportVersion('A'), test::reportVersion('B')};
    const auto formats = test::reportFormatsForCrashTest();
    if (!report::reportComplete(dir, report::ReportKind::Customer, versions[0].baseName, formats))
        if (auto st = report::writeReport(dir, versions[0], formats); !st)
            return fail(st.error().message);
    announceReady();
    for (size_t i = 1;; ++i)
        if (auto st = report::writeReport(dir, versions[i % 2], formats); !st)
            return fail(st.error().message);
}

int loopCheckpoint(const std::string& target, const std::string& dataDir,
                   const std::string& refDir) {
    auto ds = loadDataset(dataDir);
    if (!ds)
        return fail(ds.error().message);
    ModelConfig small;
    small.dim = 32;
    small.layers = 1;
    small.maxLength = 20;
    std::vector<SasRecModel> models;
    for (std::uint64_t seed : {1u, 2u}) {
        auto m = SasRecModel::create(*ds, small, seed);
        if (!m)
            return fail(m.error().message);
        // Same seed and timestamp in every run, so every writer produces the same bytes.
        m->mutableInfo().createdAt = "2026-01-01T00:00:00Z";
        models.push_back(std::move(*m));
    }
    for (size_t v = 0; v < 2; ++v)
        if (auto st = models[v].save(refDir + (v == 0 ? "/A.ckpt" : "/B.ckpt")); !st)
            return fail(st.error().message);
    if (!std::filesystem::exists(target))
        if (auto st = models[0].save(target); !st)
            return fail(st.error().message);
    announceReady();
    for (size_t i = 1;; ++i)
        if (auto st = models[i % 2].save(target); !st)
            return fail(st.error().message);
}

int loopProject(const std::string& target) {
    const Project versions[2] = {test::projectVersion('A'), test::projectVersion('B')};
    if (!std::filesystem::exists(target))
        if (auto st = saveProject(target, versions[0]); !st)
            return fail(st.error().message);
    announceReady();
    for (size_t i = 1;; ++i)
        if (auto st = saveProject(target, versions[i % 2]); !st)
            return fail(st.error().message);
}

int saveUnderSizeLimit(const std::string& target, size_t bytes, rlim_t limit) {
    std::signal(SIGXFSZ, SIG_IGN); // write() then fails with EFBIG instead of killing us
    rlimit rl{limit, limit};
    if (::setrlimit(RLIMIT_FSIZE, &rl) != 0)
        return fail("setrlimit failed");
    auto st = writeFileAtomically(target, test::fileVersion('B', bytes));
    if (st)
        return 2;
    std::printf("%s\n", st.error().message.c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> a(argv + 1, argv + argc);
    if (a.size() == 3 && a[0] == "file")
        return loopFile(a[1], static_cast<size_t>(std::stoull(a[2])));
    if (a.size() == 2 && a[0] == "report")
        return loopReport(a[1]);
    if (a.size() == 4 && a[0] == "checkpoint")
        return loopCheckpoint(a[1], a[2], a[3]);
    if (a.size() == 2 && a[0] == "project")
        return loopProject(a[1]);
    if (a.size() == 4 && a[0] == "limited")
        return saveUnderSizeLimit(a[1], static_cast<size_t>(std::stoull(a[2])),
                                  static_cast<rlim_t>(std::stoull(a[3])));
    return fail("usage: file <target> <bytes> | report <dir> | "
                "checkpoint <target> <dataset dir> <reference dir> | project <target> | "
                "limited <target> <bytes> <limit>");
}
