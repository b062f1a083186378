// `reclens-cli train --out M` onto an existing good checkpoint M: killed at random moments
// (SIGKILL) or interrupted (SIGINT), M must always load and pass its checksum. The trainer
// writes a checkpoint after every improving epoch, so a kill after the first epoch leaves the
// run's own best epoch at M, and SIGINT saves the best weights with test metrics (exit 5).

#include "childprocess.h"
#include "model/sasrecmodel.h"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>

namespace fs = std::filesystem;
using namespace reclens;
using namespace reclens::test;

namespace {

constexpr int kTimeoutMs = 120000;

ino_t inodeOf(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

/// A tiny model on the bundled sample shop: an epoch takes well under a second.
std::vector<std::string> trainArgs(const std::string& out, int epochs, int seed) {
    return {RECLENS_CLI,  "train",
            "--data",     std::string(RECLENS_SOURCE_DIR) + "/sample_data",
            "--out",      out,
            "--epochs",   std::to_string(epochs),
            "--patience", "0",
            "--dim",      "16",
            "--layers",   "1",
            "--heads",    "1",
            "--max-len",  "20",
            "--threads",  "1",
            "--seed",     std::to_string(seed),
            "--json"};
}

/// Waits until `path` is replaced (a new inode: a rename landed); false after `timeoutMs`.
bool waitForReplacement(const std::string& path, ino_t before, ChildProcess& child, int timeoutMs) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (std::chrono::steady_clock::now() < deadline) {
        if (inodeOf(path) != before)
            return true;
        int status = 0;
        if (child.waitFor(0, status))
            return inodeOf(path) != before;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
}

int temporariesIn(const std::string& dir) {
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir))
        n += e.path().filename().string().find(".tmp-") != std::string::npos;
    return n;
}

/// Trains the "existing good checkpoint" every test starts from.
std::string goodCheckpoint(const std::string& dir) {
    const std::string m = dir + "/model.ckpt";
    ChildProcess first(trainArgs(m, 1, 1), dir + "/first.err");
    int status = 0;
    EXPECT_TRUE(first.waitFor(kTimeoutMs, status));
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << describeWaitStatus(status) << ": " << readFile(dir + "/first.err");
    auto loaded = SasRecModel::load(m);
    EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().message);
    return m;
}

} // namespace

TEST(CrashSafetyTraining, SigkillDuringTrainingNeverDamagesTheCheckpoint) {
    const std::string dir = scratchDir("train-kill");
    const std::string m = goodCheckpoint(dir);
    ASSERT_TRUE(fs::exists(m));
    std::mt19937 rng(20261127);
    std::uniform_int_distribution<int> delay(0, 1200);
    int replaced = 0;
    const int iterations = 6;
    for (int i = 0; i < iterations; ++i) {
        const ino_t before = inodeOf(m);
        const std::string beforeBytes = readFile(m);
        ChildProcess child(trainArgs(m, 200, 10 + i), dir + "/train.err");
        ASSERT_TRUE(child.started());
        // Even iterations: a random moment from start-up on (loading, first epoch). Odd ones:
        // a random moment after this run's first checkpoint landed, i.e. during later epochs
        // and their saves.
        if (i % 2 == 1) {
            ASSERT_TRUE(waitForReplacement(m, before, child, kTimeoutMs))
                << "iteration " << i
                << ": no checkpoint after the first epoch: " << readFile(dir + "/train.err");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(delay(rng)));
        const int status = child.signalAndWait(SIGKILL);
        ASSERT_TRUE(WIFSIGNALED(status))
            << "iteration " << i << ": train ended by itself (" << describeWaitStatus(status)
            << "): " << readFile(dir + "/train.err");
        auto loaded = SasRecModel::load(m);
        ASSERT_TRUE(loaded.ok()) << "iteration " << i << ": " << loaded.error().message;
        EXPECT_GE(loaded->info().epochsTrained, 1);
        EXPECT_LE(temporariesIn(dir), 1) << "iteration " << i;
        // Bytes, not the inode: a freed inode number can come back with a later save.
        replaced += readFile(m) != beforeBytes;
    }
    // Every odd iteration is killed after a checkpoint of its own run replaced the file.
    EXPECT_GE(replaced, iterations / 2);
    std::cout << "[ crash    ] " << iterations << " kills, checkpoint replaced by the killed run "
              << replaced << " times\n";
}

TEST(CrashSafetyTraining, SigintSavesTheBestWeightsAndExitsWithCode5) {
    const std::string dir = scratchDir("train-int");
    const std::string m = goodCheckpoint(dir);
    ASSERT_TRUE(fs::exists(m));
    const ino_t before = inodeOf(m);
    ChildProcess child(trainArgs(m, 200, 3), dir + "/train.err");
    ASSERT_TRUE(child.started());
    // Once the run's first checkpoint is there, the SIGINT handler is installed.
    ASSERT_TRUE(waitForReplacement(m, before, child, kTimeoutMs)) << readFile(dir + "/train.err");
    const int status = child.signalAndWait(SIGINT);
    ASSERT_TRUE(WIFEXITED(status))
        << describeWaitStatus(status) << ": " << readFile(dir + "/train.err");
    EXPECT_EQ(WEXITSTATUS(status), 5) << readFile(dir + "/train.err");
    auto loaded = SasRecModel::load(m);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    const auto& info = loaded->info();
    EXPECT_GE(info.epochsTrained, 1);
    EXPECT_LT(info.epochsTrained, 200);
    EXPECT_EQ(info.training.seed, 3u) << "the file at --out is not this run's checkpoint";
    // The final save after the interruption carries the test metrics.
    EXPECT_EQ(info.metrics.count("test.ndcg@10"), 1u);
    EXPECT_EQ(temporariesIn(dir), 0);
}

TEST(CrashSafetyTraining, UnwritableOutputStopsTrainingAfterTheFirstEpoch) {
    const std::string dir = scratchDir("train-unwritable");
    const std::string m = dir + "/no-such-folder/model.ckpt";
    ChildProcess child(trainArgs(m, 200, 3), dir + "/train.err");
    ASSERT_TRUE(child.started());
    int status = 0;
    ASSERT_TRUE(child.waitFor(kTimeoutMs, status)) << "training went on without a checkpoint";
    ASSERT_TRUE(WIFEXITED(status)) << describeWaitStatus(status);
    EXPECT_EQ(WEXITSTATUS(status), 3);
    EXPECT_NE(readFile(dir + "/train.err").find(m), std::string::npos)
        << readFile(dir + "/train.err");
}
