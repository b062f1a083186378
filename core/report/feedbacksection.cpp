#include "report/feedbacksection.h"
#include "report/reportformat.h"

#include "explain/methodnames.h"

#include <algorithm>
#include <array>
#include <ctime>

namespace reclens::report {

namespace {

std::string productLabel(const Dataset& ds, const std::string& id) {
    const ItemIndex i = ds.findItem(id);
    if (i < 0)
        return id + " (not in this dataset)";
    const std::string& title = ds.items[static_cast<std::size_t>(i)].title;
    return title.empty() || title == id ? id : title + " (" + id + ")";
}

std::string utcDate(std::int64_t seconds) {
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    if (seconds <= 0 || !gmtime_r(&t, &tm))
        return "unknown";
    std::array<char, 32> buf{};
    std::strftime(buf.data(), buf.size(), "%Y-%m-%d %H:%M", &tm);
    return buf.data();
}

} // namespace

std::vector<Feedback> feedbackAbout(const std::vector<Feedback>& feedback,
                                    const std::string& customer,
                                    const std::vector<std::string>& targets) {
    std::vector<Feedback> out;
    for (const Feedback& f : feedback)
        if (f.customer == customer &&
            std::find(targets.begin(), targets.end(), f.target) != targets.end())
            out.push_back(f);
    return out;
}

Table feedbackTable(const Dataset& ds, const std::vector<Feedback>& rows, bool forCsv) {
    Table t;
    t.header =
        forCsv
            ? std::vector<std::string>{"customer", "target", "method", "rating", "comment", "time"}
            : std::vector<std::string>{"Product", "Method", "Verdict", "Comment", "Date (UTC)"};
    for (const Feedback& f : rows) {
        if (forCsv)
            t.rows.push_back({f.customer, f.target, f.method, feedbackRatingName(f.rating),
                              f.comment, std::to_string(f.time)});
        else
            t.rows.push_back({productLabel(ds, f.target), methodDisplayName(f.method),
                              feedbackRatingName(f.rating),
                              f.comment.empty() ? "\xe2\x80\x94" : f.comment, utcDate(f.time)});
    }
    if (forCsv)
        t.csvName = "feedback";
    return t;
}

std::vector<Note> notesAbout(const std::vector<Note>& notes, const std::string& customer) {
    std::vector<Note> out;
    for (const Note& n : notes)
        if (!customer.empty() && n.customer == customer)
            out.push_back(n);
    return out;
}

Table notesTable(const Dataset& ds, const std::vector<Note>& notes, bool forCsv) {
    Table t;
    t.header = forCsv ? std::vector<std::string>{"customer", "target", "note", "time"}
                      : std::vector<std::string>{"About", "Note", "Date (UTC)"};
    for (const Note& n : notes) {
        if (forCsv)
            t.rows.push_back({n.customer, n.target, n.text, std::to_string(n.time)});
        else
            t.rows.push_back({n.target.empty() ? "the customer" : productLabel(ds, n.target),
                              n.text, utcDate(n.time)});
    }
    if (forCsv)
        t.csvName = "notes";
    return t;
}

void appendFeedbackSection(ReportDocument& doc, const Dataset& ds,
                           const std::vector<Feedback>& rows, const std::vector<Note>& notes,
                           const std::string& projectNote) {
    if (rows.empty() && notes.empty() && projectNote.empty())
        return;
    doc.heading(2, "Analyst feedback and notes");
    if (!projectNote.empty())
        doc.add(KeyValues{"", {{"Project note", projectNote}}});
    if (!rows.empty()) {
        int count[3] = {0, 0, 0};
        for (const Feedback& f : rows)
            ++count[static_cast<int>(f.rating)];
        doc.paragraph(
            groupedInt(rows.size()) + (rows.size() == 1 ? " verdict" : " verdicts") +
            " on the explanations above, from the analysis project: " + groupedInt(count[0]) +
            " helpful, " + groupedInt(count[1]) + " wrong, " + groupedInt(count[2]) + " unclear.");
        doc.add(feedbackTable(ds, rows, false));
    }
    if (!notes.empty()) {
        doc.paragraph(groupedInt(notes.size()) + (notes.size() == 1 ? " note" : " notes") +
                      " the analysts wrote about this customer in the analysis project:");
        doc.add(notesTable(ds, notes, false));
    }
}

} // namespace reclens::report
