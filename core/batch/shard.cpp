#include "batch/shard.h"

#include <cstdio>
#include <cstdlib>

namespace reclens::batch {

namespace {

Error invalid(const std::string& what) {
    return makeError(ErrorCode::InvalidArgument, "", 0, 0, what);
}

/// A whole decimal number (optionally negative), nothing else.
std::optional<long long> wholeNumber(const std::string& text) {
    if (text.empty() || text.size() > 18)
        return std::nullopt;
    std::size_t i = text[0] == '-' ? 1 : 0;
    if (i == text.size())
        return std::nullopt;
    for (std::size_t j = i; j < text.size(); ++j)
        if (text[j] < '0' || text[j] > '9')
            return std::nullopt;
    return std::stoll(text);
}

Expected<long long> numberFrom(const EnvLookup& env, const std::string& name,
                               std::optional<long long> fallback) {
    const auto v = env(name);
    if (!v) {
        if (fallback)
            return *fallback;
        return invalid(name + " is not set (needed to know the shard count)");
    }
    const auto n = wholeNumber(*v);
    if (!n)
        return invalid(name + " must be a whole number, got '" + *v + "'");
    return *n;
}

} // namespace

Expected<ShardSpec> parseShardText(const std::string& text) {
    const auto slash = text.find('/');
    if (slash != std::string::npos) {
        const auto i = wholeNumber(text.substr(0, slash));
        const auto n = wholeNumber(text.substr(slash + 1));
        if (i && n && *n >= 1 && *n <= 1'000'000 && *i >= 1 && *i <= *n)
            return ShardSpec{static_cast<int>(*i - 1), static_cast<int>(*n)};
    }
    return invalid("--shard expects i/n with 1 <= i <= n (e.g. 2/8), got '" + text + "'");
}

EnvLookup processEnvironment() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* v = std::getenv(name.c_str());
        if (!v)
            return std::nullopt;
        return std::string(v);
    };
}

Expected<std::optional<ShardSpec>> shardFromEnvironment(const EnvLookup& env,
                                                        std::optional<int> countOverride) {
    if (env("SLURM_ARRAY_TASK_ID")) {
        auto id = numberFrom(env, "SLURM_ARRAY_TASK_ID", std::nullopt);
        auto count = numberFrom(env, "SLURM_ARRAY_TASK_COUNT", std::nullopt);
        auto min = numberFrom(env, "SLURM_ARRAY_TASK_MIN", 0LL);
        auto step = numberFrom(env, "SLURM_ARRAY_TASK_STEP", 1LL);
        for (const auto* e : {&id, &count, &min, &step})
            if (!*e)
                return e->error();
        if (countOverride)
            *count = *countOverride;
        if (*step < 1 || *count < 1)
            return invalid("SLURM_ARRAY_TASK_COUNT and SLURM_ARRAY_TASK_STEP must be >= 1");
        if ((*id - *min) % *step != 0 || *id < *min || (*id - *min) / *step >= *count)
            return invalid("SLURM_ARRAY_TASK_ID " + std::to_string(*id) +
                           " is not one of the array's " + std::to_string(*count) +
                           " tasks starting at SLURM_ARRAY_TASK_MIN " + std::to_string(*min) +
                           " with step " + std::to_string(*step) +
                           " (use a plain range such as --array=0-7, or pass --shard i/n)");
        return std::optional<ShardSpec>(
            ShardSpec{static_cast<int>((*id - *min) / *step), static_cast<int>(*count)});
    }
    if (env("JOB_COMPLETION_INDEX")) {
        auto index = numberFrom(env, "JOB_COMPLETION_INDEX", std::nullopt);
        if (!index)
            return index.error();
        long long count = 0;
        if (countOverride) {
            count = *countOverride;
        } else {
            auto c = numberFrom(env, "RECLENS_SHARD_COUNT", std::nullopt);
            if (!c)
                return invalid("JOB_COMPLETION_INDEX is set but not the shard count: pass "
                               "--shard-count N or set RECLENS_SHARD_COUNT to the Job's "
                               "completions");
            count = *c;
        }
        if (count < 1 || *index < 0 || *index >= count)
            return invalid("JOB_COMPLETION_INDEX " + std::to_string(*index) + " is outside 0.." +
                           std::to_string(count - 1) + " (the shard count is " +
                           std::to_string(count) + ")");
        return std::optional<ShardSpec>(
            ShardSpec{static_cast<int>(*index), static_cast<int>(count)});
    }
    return std::optional<ShardSpec>();
}

std::string shardStem(const ShardSpec& shard) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "shard-%05d-of-%05d", shard.index + 1, shard.count);
    return buf;
}

std::string shardText(const ShardSpec& shard) {
    return std::to_string(shard.index + 1) + "/" + std::to_string(shard.count);
}

} // namespace reclens::batch
