#pragma once
// Every panel, explanation method and metric of the workbench in plain words: the one source of
// the Help -> Guide (guidedialog.h), the "?" beside the panels and the method tooltips
// (attributiontext.h), so a definition is written once and reads the same everywhere.

#include <QString>

#include <string>
#include <vector>

namespace reclens {

struct GlossaryEntry {
    std::string key; // stable anchor: a panel name ("panel_saliency") or an engine name ("ig")
    QString term;    // as the views label it: "Integrated gradients"
    QString text;    // what it is and how to read it, in plain words (may hold <b>, <i>)
};

struct GlossarySection {
    QString title;
    std::vector<GlossaryEntry> entries;
};

/// The Guide's sections in reading order: the panels, the explanation methods, the faithfulness
/// scores, the model metrics, and the other terms the views use.
const std::vector<GlossarySection>& glossary();
/// The entry with `key`, or nullptr.
const GlossaryEntry* glossaryEntry(const std::string& key);

} // namespace reclens
