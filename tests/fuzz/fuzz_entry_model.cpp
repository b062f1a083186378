// Fuzz entry points of the model file: the ModelInfo JSON header and the checkpoint container
// (checkpointformat.h), both without LibTorch.

#include "fuzz_entry.h"
#include "model/checkpointformat.h"
#include "model/modeljson.h"

#include <cstring>

namespace reclens::fuzz {

namespace {

std::string namesInput(const Error& e, const std::string& name) {
    if (e.message.empty())
        return "an Error without a message";
    if (e.file != name)
        return "the Error names '" + e.file + "', not the input '" + name + "': " + e.message;
    return {};
}

// A ModelInfo that parsed must come back unchanged from its own JSON.
std::string checkRoundTrip(const ModelInfo& info, const std::string& name) {
    const std::string once = nlohmann::json(info).dump();
    auto again = parseModelInfo(once, name);
    if (!again)
        return "the JSON of a parsed ModelInfo does not parse: " + again.error().message;
    const std::string twice = nlohmann::json(*again).dump();
    if (twice != once)
        return "the ModelInfo JSON round trip changed " + once + " into " + twice;
    return {};
}

FuzzOutcome decode(std::string_view bytes, const std::string& name) {
    FuzzOutcome out;
    auto sections = decodeCheckpoint(bytes, name);
    if (!sections) {
        out.violation = namesInput(sections.error(), name);
        out.status = sections.error();
        return out;
    }
    if (auto st = validateModelInfo(sections->info, name); !st) {
        out.violation = namesInput(st.error(), name);
        out.status = st.error();
        return out;
    }
    // Re-encoding what was decoded must give the same sections back.
    const std::string bytes2 =
        encodeCheckpoint(sections->info, sections->weights, sections->optimizer);
    auto again = decodeCheckpoint(bytes2, name);
    if (!again)
        out.violation = "a re-encoded checkpoint does not decode: " + again.error().message;
    else if (again->weights != sections->weights || again->optimizer != sections->optimizer)
        out.violation = "a re-encoded checkpoint has different weight or optimizer sections";
    else
        out.violation = checkRoundTrip(sections->info, name);
    return out;
}

} // namespace

FuzzOutcome fuzzModelJson(std::string_view input, const std::string& name) {
    FuzzOutcome out;
    auto info = parseModelInfo(input, name);
    if (!info) {
        out.violation = namesInput(info.error(), name);
        out.status = info.error();
        return out;
    }
    out.violation = checkRoundTrip(*info, name);
    return out;
}

FuzzOutcome fuzzCheckpoint(std::string_view input, const std::string& name) {
    FuzzOutcome raw = decode(input, name);
    if (!raw.violation.empty() || input.size() < 8)
        return raw;
    // Random bytes almost never carry a valid checksum; fix it up so that the checks behind it
    // (section lengths, header JSON, configuration) see the mutated bytes too.
    std::string fixed(input);
    const std::uint64_t sum =
        checkpointChecksum(std::string_view(fixed).substr(0, fixed.size() - 8));
    std::memcpy(fixed.data() + fixed.size() - 8, &sum, sizeof sum);
    FuzzOutcome patched = decode(fixed, name);
    if (!patched.violation.empty())
        return patched;
    return raw;
}

const std::vector<FuzzTarget>& fuzzTargets() {
    static const std::vector<FuzzTarget> targets = {
        {"uciretail", fuzzUciRetail},   {"unisrec", fuzzUniSrec},
        {"recbole", fuzzRecBole},       {"movielens", fuzzMovieLens},
        {"genericcsv", fuzzGenericCsv}, {"modeljson", fuzzModelJson},
        {"checkpoint", fuzzCheckpoint}, {"querylog", fuzzQueryLog},
    };
    return targets;
}

} // namespace reclens::fuzz
