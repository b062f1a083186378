// ProjectDocument: what the analyst writes down besides feedback (bookmarks, notes) and the
// what-if edits of each customer. The rest of the class is in projectdocument.cpp.

#include "projectdocument.h"

#include "project/whatifedits.h"
#include "workbenchcontroller.h"

#include <QDateTime>

#include <algorithm>

namespace reclens {

std::string ProjectDocument::currentCustomerId() const {
    auto ds = m_controller->dataset();
    const UserIndex u = m_controller->customer();
    if (!ds || u < 0 || static_cast<size_t>(u) >= ds->users.size())
        return {};
    return ds->users[static_cast<size_t>(u)].id;
}

bool ProjectDocument::addBookmark(const QString& label) {
    Bookmark b;
    b.customer = currentCustomerId();
    if (b.customer.empty())
        return false;
    std::string customer;
    if (!currentIds(customer, b.target))
        b.target.clear(); // the customer as a whole
    b.label = label.trimmed().toStdString();
    auto& all = m_project.bookmarks;
    auto same = std::find_if(all.begin(), all.end(), [&](const Bookmark& o) {
        return o.customer == b.customer && o.target == b.target;
    });
    if (same != all.end()) {
        if (same->label == b.label)
            return true; // already there, nothing changed
        same->label = b.label;
    } else {
        all.push_back(b);
    }
    touch();
    Q_EMIT bookmarksChanged();
    return true;
}

void ProjectDocument::removeBookmark(int index) {
    if (index < 0 || static_cast<size_t>(index) >= m_project.bookmarks.size())
        return;
    m_project.bookmarks.erase(m_project.bookmarks.begin() + index);
    touch();
    Q_EMIT bookmarksChanged();
}

void ProjectDocument::setBookmarkLabel(int index, const QString& label) {
    if (index < 0 || static_cast<size_t>(index) >= m_project.bookmarks.size())
        return;
    std::string& stored = m_project.bookmarks[static_cast<size_t>(index)].label;
    if (stored == label.trimmed().toStdString())
        return;
    stored = label.trimmed().toStdString();
    touch();
    Q_EMIT bookmarksChanged();
}

bool ProjectDocument::addNote(const QString& text) {
    Note n;
    n.customer = currentCustomerId();
    n.text = text.trimmed().toStdString();
    if (n.customer.empty() || n.text.empty())
        return false;
    std::string customer;
    if (!currentIds(customer, n.target))
        n.target.clear();
    n.time = QDateTime::currentSecsSinceEpoch();
    m_project.notes.push_back(n);
    touch();
    Q_EMIT notesChanged();
    return true;
}

void ProjectDocument::setProjectNote(const QString& text) {
    const std::string note = text.trimmed().isEmpty() ? std::string() : text.toStdString();
    if (note == m_project.note)
        return;
    m_project.note = note;
    touch();
    Q_EMIT notesChanged();
}

std::vector<Note> ProjectDocument::currentNotes() const {
    std::vector<Note> out;
    const std::string customer = currentCustomerId();
    if (customer.empty())
        return out;
    for (const Note& n : m_project.notes)
        if (n.customer == customer)
            out.push_back(n);
    return out;
}

void ProjectDocument::storeWhatIf(UserIndex user, const std::vector<HistoryEdit>& edits) {
    auto ds = m_controller->dataset();
    if (!ds || user < 0 || static_cast<size_t>(user) >= ds->users.size())
        return;
    const std::string& id = ds->users[static_cast<size_t>(user)].id;
    if (replaceWhatIfEdits(m_project, id, toWhatIfEdits(*ds, id, edits)))
        touch();
}

std::vector<WhatIfEdit> ProjectDocument::whatIfEditsOf(UserIndex user) const {
    auto ds = m_controller->dataset();
    if (!ds || user < 0 || static_cast<size_t>(user) >= ds->users.size())
        return {};
    return reclens::whatIfEditsOf(m_project, ds->users[static_cast<size_t>(user)].id);
}

} // namespace reclens
