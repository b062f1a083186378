#pragma once
// An analysis project (*.reclens): everything an analyst set up and wrote down about one
// dataset, so a session can be closed and reopened. A plain struct; projectfile.h reads and
// writes it as an SQLite database (docs/PROJECT_FILE.md). Customers and products are stored
// by their source ids (User::id, Item::id), not by index, so a project survives a re-import
// that orders them differently.

#include "data/importers.h"

#include <cstdint>
#include <string>
#include <vector>

namespace reclens {

/// A customer the analyst pinned for comparison (the workbench's "Pin" action).
struct PinnedCustomer {
    std::string customer;   // User::id
    std::string checkpoint; // the model it was pinned with; "" = the current model
    bool operator==(const PinnedCustomer&) const = default;
};

/// A (customer, target product) the analyst wants to come back to.
struct Bookmark {
    std::string customer; // User::id
    std::string target;   // Item::id; "" = the customer as a whole
    std::string label;    // free text, may be empty
    bool operator==(const Bookmark&) const = default;
};

/// One what-if edit of a customer's history (explain/explanation.h HistoryEdit, with the item
/// as its source id). Edits of one customer apply in their order in Project::whatIfEdits.
struct WhatIfEdit {
    std::string customer; // User::id
    std::string kind;     // "remove", "insert", "move" or "replace"
    int position = 0;     // in the history as it is when the edit applies
    std::string item;     // Item::id for insert/replace, "" otherwise
    int toPosition = -1;  // for move
    bool operator==(const WhatIfEdit&) const = default;
};

/// A free-text note, optionally about a customer and target.
struct Note {
    std::string customer; // "" = about the project
    std::string target;   // "" = about the customer
    std::string text;
    std::int64_t time = 0; // unix seconds when written
    bool operator==(const Note&) const = default;
};

enum class FeedbackRating { Helpful, Wrong, Unclear };

/// "helpful", "wrong", "unclear" (the stored and JSON spelling).
const char* feedbackRatingName(FeedbackRating r);
/// The inverse of feedbackRatingName; false for anything else.
bool parseFeedbackRating(const std::string& name, FeedbackRating& out);

/// An analyst's verdict on one explanation: the attribution `method` (engine id: "loo", "ig",
/// ...) for `customer`'s recommendation of `target`.
struct Feedback {
    std::string customer; // User::id
    std::string target;   // Item::id
    std::string method;   // engine method id
    FeedbackRating rating = FeedbackRating::Helpful;
    std::string comment;
    std::int64_t time = 0; // unix seconds
    bool operator==(const Feedback&) const = default;
};

struct Setting {
    std::string key;
    std::string value;
    bool operator==(const Setting&) const = default;
};

struct Project {
    std::string datasetPath; // "" = no dataset yet
    std::string note;        // the analysts' free text about the whole project ("" = none)
    ImportOptions importOptions;
    /// Checkpoints the project uses, the open one first ("" entries are not stored).
    std::vector<std::string> checkpoints;
    std::vector<Setting> settings; // key order kept; keys are unique
    std::vector<PinnedCustomer> pinnedCustomers;
    std::vector<Bookmark> bookmarks;
    std::vector<WhatIfEdit> whatIfEdits;
    std::vector<Note> notes;
    std::vector<Feedback> feedback;

    /// The value of setting `key`, or `fallback` when it is not set.
    std::string setting(const std::string& key, const std::string& fallback = {}) const;
    /// Sets (or replaces) setting `key`.
    void setSetting(const std::string& key, const std::string& value);
    /// Records a verdict; an earlier one by the same (customer, target, method) is replaced, so a
    /// changed mind does not count twice.
    void addFeedback(const Feedback& f);
    /// The feedback rows about (customer, target), in stored order.
    std::vector<Feedback> feedbackFor(const std::string& customer, const std::string& target) const;
};

bool operator==(const ImportOptions& a, const ImportOptions& b);
bool operator==(const Project& a, const Project& b);

} // namespace reclens
