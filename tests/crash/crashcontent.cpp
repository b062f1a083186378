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

} // namespace reclens::test
