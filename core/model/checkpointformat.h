#pragma once
// The byte-level container of a RecLens model file, kept free of LibTorch so that a damaged file
// is recognised before torch's deserialiser ever sees it (torch crashes or throws obscure errors
// on garbage), and so that the container can be fuzzed without torch (tests/fuzz):
//
//   0  "RECLENSM"                 magic, 8 bytes
//   8  uint32 format version      (kCheckpointFormatVersion)
//  12  uint32 reserved = 0
//  16  uint64 header length       JSON: ModelInfo (see modeljson.h)
//  24  uint64 weights length      torch::serialize archive of the network
//  32  uint64 optimizer length    torch::serialize archive of the Adam state (may be 0)
//  40  header, weights, optimizer
// end  uint64 FNV-1a 64 of every byte before it
//
// Integers are little-endian.

#include "common/expected.h"
#include "model/modelconfig.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace reclens {

constexpr std::uint32_t kCheckpointFormatVersion = 1;
/// Larger files are refused before they are read.
constexpr std::uint64_t kMaxCheckpointBytes = std::uint64_t(4) << 30;

struct CheckpointSections {
    ModelInfo info;
    std::string_view weights;   // view into the decoded bytes
    std::string_view optimizer; // view into the decoded bytes; may be empty
};

/// FNV-1a 64 of `bytes`; a file stores it over every byte before it.
std::uint64_t checkpointChecksum(std::string_view bytes);

/// The whole file: fixed header, ModelInfo JSON, the two archives and the checksum.
std::string encodeCheckpoint(const ModelInfo& info, std::string_view weights,
                             std::string_view optimizer);

/// Checks the magic, version, section lengths and checksum of a whole file's `bytes` and parses
/// its ModelInfo header. Errors name `path`: Schema for a foreign file, an unsupported version or
/// a bad header; Parse for a truncated or corrupt one. The views in the result point into
/// `bytes`.
Expected<CheckpointSections> decodeCheckpoint(std::string_view bytes, const std::string& path);

/// A whole model file read from disk: its bytes and the decoded sections (views into `bytes`).
struct CheckpointFile {
    std::string bytes;
    CheckpointSections sections;
};
struct Dataset;
/// Reads and decodes `path` (refusing a foreign file by its magic before reading it whole, and
/// anything over kMaxCheckpointBytes). With `expected`, a checkpoint of another dataset is a
/// Mismatch error naming both. Shared by every model type's load().
Expected<std::unique_ptr<CheckpointFile>> readCheckpointFile(const std::string& path,
                                                             const Dataset* expected);

/// Schema error when `info` cannot describe a network (no items, dim not divisible by heads, ...).
Status validateModelInfo(const ModelInfo& info, const std::string& path);

} // namespace reclens
