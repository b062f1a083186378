#include "crashcontent.h"

#include <random>

namespace reclens::test {

std::string fileVersion(char tag, size_t bytes) {
    std::mt19937_64 rng(static_cast<std::uint64_t>(tag) * 7919u);
    std::string s;
    s.reserve(bytes);
    while (s.size() < bytes) {
        std::string line = std::string("version ") + tag + " line " + std::to_string(s.size()) +
                           " " + std::to_string(rng()) + "\n";
        s += line;
    }
    s.resize(bytes);
    return s;
}

report::ReportOutput reportVersion(char tag) {
    report::ReportOutput out;
    out.baseName = "customer-crash";
    out.document.title = std::string("Crash-safety report, version ") + tag;
    out.document.subtitle = "written over and over until the writer is killed";
    out.document.heading(2, "Body");
    out.document.paragraph(fileVersion(tag, 200000));
    for (const auto& name : report::csvTableNames(report::ReportKind::Customer)) {
        report::Table t;
        t.caption = name;
        t.csvName = name;
        t.header = {"row", "version", "value"};
        for (int r = 0; r < 2000; ++r)
            t.rows.push_back({std::to_string(r), std::string(1, tag),
                              std::to_string(r * 31 + static_cast<int>(tag))});
        out.csvTables.push_back(t);
        out.document.add(t);
    }
    out.json = {{"version", std::string(1, tag)}, {"payload", fileVersion(tag, 100000)}};
    return out;
}

report::ReportFormats reportFormatsForCrashTest() {
    report::ReportFormats f;
    f.html = true;
    f.json = true;
    f.csv = true;
    f.pdf = false;
    return f;
}

Project projectVersion(char tag) {
    const std::string t(1, tag);
    Project p;
    p.datasetPath = "/data/retail-" + t + ".csv";
    p.importOptions.kCore = tag == 'A' ? 2 : 5;
    p.checkpoints = {"/models/" + t + ".ckpt"};
    p.setSetting("version", t);
    p.pinnedCustomers = {{"c-" + t, ""}};
    p.bookmarks = {{"c-" + t, "i-" + t, "bookmark " + t}};
    p.whatIfEdits = {{"c-" + t, "remove", 1, "", -1}};
    p.notes = {{"", "", fileVersion(tag, 100000), 1700000000}};
    const char* methods[] = {"loo", "ig", "shapley"};
    for (int i = 0; i < 5000; ++i)
        p.feedback.push_back({"customer-" + std::to_string(i) + "-" + t, "item-" + t,
                              methods[i % 3], static_cast<FeedbackRating>(i % 3),
                              "comment " + t + " " + std::to_string(i), 1700000000 + i});
    return p;
}

} // namespace reclens::test
