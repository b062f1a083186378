#include "biginputs.h"

#include <cstdint>
#include <cstdio>

namespace reclens::test {

namespace {

bool writeCatalog(const std::string& path, long items) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f)
        return false;
    std::fputs("item,title,category,brand,price\n", f);
    for (long i = 0; i < items; ++i)
        std::fprintf(f, "i%07ld,Product %ld,Category %ld,Brand %ld,%ld.99\n", i, i, i % 300,
                     i % 1000, i % 50);
    std::fclose(f);
    return true;
}

std::optional<std::size_t> writeInteractions(const std::string& path, const BigInputSpec& spec) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f)
        return std::nullopt;
    std::size_t written = static_cast<std::size_t>(std::fprintf(f, "user,item,timestamp\n"));
    const auto users = static_cast<std::uint64_t>(spec.users);
    const auto items = static_cast<std::uint64_t>(spec.items);
    std::uint64_t x = 88172645463325252ull; // xorshift: cheap, reproducible
    std::size_t rows = 0;
    while (written < spec.interactionBytes) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        written += static_cast<std::size_t>(std::fprintf(
            f, "u%0*ld,i%07ld,%lld\n", spec.userIdDigits, static_cast<long>(x % users),
            static_cast<long>((x >> 20) % items), 1'300'000'000LL + static_cast<long long>(rows)));
        ++rows;
    }
    std::fclose(f);
    return rows;
}

} // namespace

std::optional<std::size_t> writeBigInputs(const std::string& dir, const BigInputSpec& spec) {
    if (!writeCatalog(dir + "/catalog.csv", spec.items))
        return std::nullopt;
    return writeInteractions(dir + "/interactions.csv", spec);
}

} // namespace reclens::test
