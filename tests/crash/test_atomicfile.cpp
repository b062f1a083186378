// writeFileAtomically beyond the happy path: stale temporaries of killed writers, permission
// bits, symbolic links, name-only producers (plot exports) and a disk that fills up mid-save.

#include "childprocess.h"
#include "common/atomicfile.h"
#include "crashcontent.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace reclens;
using namespace reclens::test;

namespace {

void touch(const std::string& path) {
    std::ofstream(path) << "partial";
}

int entries(const std::string& dir) {
    int n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir))
        ++n;
    return n;
}

/// A process id that is certainly not running: a child that has exited and been reaped.
pid_t deadPid() {
    ChildProcess child({"/bin/true"}, "/dev/null");
    child.signalAndWait(0);
    return child.pid();
}

} // namespace

TEST(AtomicFileTemporaries, OnlyTemporariesOfExitedWritersOfTheSameTargetAreRemoved) {
    const std::string dir = scratchDir("stale");
    const std::string t = dir + "/model.ckpt";
    const std::string dead = std::to_string(deadPid());
    const std::string mine = std::to_string(::getpid());
    const std::string abandoned = t + ".tmp-" + dead + "-17";
    const std::vector<std::string> kept = {
        t + ".tmp-" + mine + "-18",            // this process: maybe a save on another thread
        t + ".tmp-1-19",                       // pid 1 runs: its save may be in progress
        t + ".tmp-" + dead + "-20x",           // not our naming pattern
        t + ".tmp-" + dead,                    // not our naming pattern
        dir + "/other.ckpt.tmp-" + dead + "-1" // another target's
    };
    touch(abandoned);
    for (const auto& k : kept)
        touch(k);
    EXPECT_EQ(removeAbandonedTemporaries(t), 1);
    EXPECT_FALSE(fs::exists(abandoned));
    for (const auto& k : kept)
        EXPECT_TRUE(fs::exists(k)) << k;
}

TEST(AtomicFileTemporaries, SavingATargetCleansAKilledWritersTemporary) {
    const std::string dir = scratchDir("clean-on-save");
    const std::string t = dir + "/report.html";
    touch(t + ".tmp-" + std::to_string(deadPid()) + "-3");
    ASSERT_TRUE(writeFileAtomically(t, std::string("new")).ok());
    EXPECT_EQ(readFile(t), "new");
    EXPECT_EQ(entries(dir), 1);
}

TEST(AtomicFile, KeepsThePermissionBitsOfTheReplacedFile) {
    const std::string dir = scratchDir("mode");
    const std::string t = dir + "/private.csv";
    ASSERT_TRUE(writeFileAtomically(t, std::string("v1")).ok());
    ASSERT_EQ(::chmod(t.c_str(), 0600), 0);
    ASSERT_TRUE(writeFileAtomically(t, std::string("v2")).ok());
    struct stat st {};
    ASSERT_EQ(::stat(t.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(readFile(t), "v2");
}

TEST(AtomicFile, WritesThroughASymbolicLinkAndKeepsTheLink) {
    const std::string dir = scratchDir("symlink");
    fs::create_directories(dir + "/real");
    const std::string real = dir + "/real/model.ckpt", link = dir + "/model.ckpt";
    ASSERT_TRUE(writeFileAtomically(real, std::string("old")).ok());
    fs::create_symlink(real, link);
    ASSERT_TRUE(writeFileAtomically(link, std::string("new")).ok());
    EXPECT_TRUE(fs::is_symlink(link));
    EXPECT_EQ(readFile(real), "new");
    EXPECT_EQ(entries(dir), 2); // the link and real/, no temporary
    EXPECT_EQ(entries(dir + "/real"), 1);
}

TEST(AtomicFile, LargeStreamedContentsArriveByteForByte) {
    const std::string dir = scratchDir("large");
    const std::string t = dir + "/big.txt";
    const std::string big = fileVersion('A', (1u << 20) + 12345);
    // Mixed small and large writes exercise both paths of the buffered descriptor stream.
    ASSERT_TRUE(writeFileAtomically(t, [&](std::ostream& out) {
                    out << big.substr(0, 10);
                    out.write(big.data() + 10, 200000);
                    for (size_t i = 200010; i < 300000; ++i)
                        out.put(big[i]);
                    out.write(big.data() + 300000,
                              static_cast<std::streamsize>(big.size() - 300000));
                }).ok());
    EXPECT_EQ(readFile(t), big);
}

TEST(AtomicFile, FailureInAMissingFolderNamesTheFile) {
    const std::string dir = scratchDir("missing");
    const std::string t = dir + "/no/such/folder/m.ckpt";
    auto st = writeFileAtomically(t, std::string("x"));
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().file, t);
    EXPECT_NE(st.error().message.find("could not save"), std::string::npos);
}

TEST(AtomicFile, ADiskThatFillsUpMidSaveLeavesTheOldFileAndNoTemporary) {
    const std::string dir = scratchDir("full");
    const std::string t = dir + "/data.bin";
    const std::string old = fileVersion('A', 100000);
    ASSERT_TRUE(writeFileAtomically(t, old).ok());
    // The writer process saves 2 MB under a 1 MB file size limit: write() fails with EFBIG
    // halfway, as on a full disk.
    ChildProcess child({RECLENS_CRASH_WRITER, "limited", t, "2000000", "1000000"},
                       dir + "/../full.err");
    ASSERT_TRUE(child.started());
    int status = 0;
    ASSERT_TRUE(child.waitFor(60000, status));
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << describeWaitStatus(status) << ": " << readFile(dir + "/../full.err");
    EXPECT_EQ(readFile(t), old);
    EXPECT_EQ(entries(dir), 1) << "the failed save left its temporary behind";
}

TEST(AtomicFileVia, ProducerWritesByNameThenTheFileIsRenamedIntoPlace) {
    const std::string dir = scratchDir("via");
    const std::string t = dir + "/plot.png";
    ASSERT_TRUE(writeFileAtomically(t, std::string("old")).ok());
    std::string seen;
    auto ok = writeFileAtomicallyVia(t, [&](const std::string& tmp) {
        seen = tmp;
        std::ofstream(tmp, std::ios::binary | std::ios::trunc) << "new image";
        return true;
    });
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_EQ(fs::path(seen).parent_path(), fs::path(t).parent_path());
    EXPECT_EQ(readFile(t), "new image");
    EXPECT_EQ(entries(dir), 1);
}

TEST(AtomicFileVia, AFailingOrThrowingProducerLeavesTheOldFile) {
    const std::string dir = scratchDir("via-fail");
    const std::string t = dir + "/plot.pdf";
    ASSERT_TRUE(writeFileAtomically(t, std::string("old")).ok());
    auto failed = writeFileAtomicallyVia(t, [](const std::string& tmp) {
        std::ofstream(tmp) << "half";
        return false;
    });
    EXPECT_FALSE(failed.ok());
    auto threw = writeFileAtomicallyVia(
        t, [](const std::string&) -> bool { throw std::runtime_error("renderer crashed"); });
    ASSERT_FALSE(threw.ok());
    EXPECT_NE(threw.error().message.find("renderer crashed"), std::string::npos);
    EXPECT_EQ(readFile(t), "old");
    EXPECT_EQ(entries(dir), 1);
}
