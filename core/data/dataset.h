#pragma once
// The in-memory dataset every part of RecLens works on: a catalog of items, users with their
// chronological item sequences, and where each user's validation and test targets sit.

#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

namespace reclens {

using ItemIndex = std::int32_t; // 0-based index into Dataset::items
using UserIndex = std::int32_t; // 0-based index into Dataset::users

struct Item {
    std::string id;       // id in the source data (StockCode, ASIN, movieId, ...)
    std::string title;    // human-readable name; may be empty when the source has none
    std::string category; // most specific category path known, "" if unknown
    std::string brand;    // "" if unknown
    double price =
        std::numeric_limits<double>::quiet_NaN(); // in the source currency; NaN = unknown
    std::int32_t categoryId = -1;                 // index into Dataset::categories, -1 = unknown
    std::int32_t brandId = -1;                    // index into Dataset::brands, -1 = unknown
};

struct User {
    std::string id;                  // id in the source data (CustomerID, reviewerID, ...)
    std::vector<ItemIndex> sequence; // every known interaction, oldest first
    std::vector<std::int64_t> times; // unix seconds aligned with sequence; empty if unknown
    // Positions in `sequence` of the held-out targets; the history for a target at position p
    // is sequence[0, p). -1 = the user has no such target (history too short).
    std::int32_t validPos = -1;
    std::int32_t testPos = -1;
};

enum class EvalSplit { Valid, Test };

struct Dataset {
    std::string name;       // short format/source name, e.g. "uci-online-retail"
    std::string sourcePath; // what the user opened
    std::vector<Item> items;
    std::vector<User> users;
    std::vector<std::string> categories; // distinct non-empty Item::category values
    std::vector<std::string> brands;     // distinct non-empty Item::brand values
    std::string fingerprint; // 16 hex digits; hash of items (ids) and all user sequences/splits

    // Counts the importer dropped, so the user can see what clean-up happened.
    struct CleanupReport {
        std::int64_t rowsRead = 0;
        std::int64_t rowsKept = 0;
        std::int64_t cancellations = 0;
        std::int64_t nonPositiveQuantity = 0;
        std::int64_t missingUser = 0;
        std::int64_t nonProductCodes = 0;
        std::int64_t other = 0; // any other skipped rows (described in `notes`)
        // Oldest interactions dropped because a user's history exceeded DataLimits::maxHistory
        // (counted in rowsKept, not in the dataset).
        std::int64_t historyTruncated = 0;
        std::vector<std::string> notes;
    } cleanup;

    std::int64_t interactionCount() const;
    /// Index of an item / user by its source id, or -1.
    ItemIndex findItem(const std::string& id) const;
    UserIndex findUser(const std::string& id) const;
    /// The training prefix of a user: everything before the validation target (before the test
    /// target when there is no validation target; the whole sequence when there is neither).
    std::vector<ItemIndex> trainingSequence(UserIndex u) const;
    /// History used to predict the held-out target of `split` (empty if the user has none).
    std::vector<ItemIndex> historyFor(UserIndex u, EvalSplit split) const;
    ItemIndex targetFor(UserIndex u, EvalSplit split) const; // -1 if none

    /// Rebuilds lookup tables, category/brand ids and the fingerprint. Importers call it last;
    /// call it again after editing items or users.
    void finalize();

private:
    std::unordered_map<std::string, ItemIndex> m_itemById;
    std::unordered_map<std::string, UserIndex> m_userById;
};

/// Sets validPos/testPos by leave-one-out: last item = test, second-to-last = validation.
/// Users with fewer than 3 items keep only what fits (2 items: test only; 1: none).
void applyLeaveOneOutSplit(Dataset& ds);

/// Repeatedly drops users with fewer than `k` interactions and items with fewer than `k`
/// interactions until both hold (k = 1: only the items nobody bought and users without any).
/// Re-applies leave-one-out and finalize().
void applyKCore(Dataset& ds, int k);

} // namespace reclens
