// libFuzzer target: see fuzzQueryLog() in fuzz_entry.h for what an input holds.

#include "fuzz_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return reclens::fuzz::runFuzzInput(reclens::fuzz::fuzzQueryLog, data, size);
}
