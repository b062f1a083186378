#pragma once
// reclens-cli train --tune: the Hyperband search of train/tuner.h, one progress line per trial
// on stderr, the chosen model evaluated on the test split and saved with all trials.

#include "cliargs.h"
#include "cmd_excludebought.h"
#include "data/dataset.h"
#include "model/modelconfig.h"

#include <atomic>
#include <string>

namespace reclens::cli {

/// `base` holds the options given on the command line (seed, threads, loss, batch, epochs and
/// patience of the final training, excludeBought); the searched fields are the tuner's.
/// `interrupted` is the SIGINT/SIGTERM flag. Returns the exit code.
int runTuneAndSave(const Args& args, const Dataset& ds, const TrainConfig& base,
                   const ExcludeBoughtChoice& exclusion, const std::string& out,
                   const std::atomic_bool& interrupted);

} // namespace reclens::cli
