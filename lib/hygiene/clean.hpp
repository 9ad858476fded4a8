// SPDX-License-Identifier: MIT
// Cleaning: re-analysing, from their stored originals, the documents whose indexed text no
// longer matches what the hygiene rules give (hygiene/hygiene.hpp). A document is clean when
// it was indexed with the current rules (flags in the hygiene value slot) and, for each of
// its lines, it skipped the line as boilerplate exactly when the line is boilerplate now
// (XB term present iff the rule holds for the line's holders and the source's size).
//
// Also the writer's bookkeeping of the holders (hygiene/hygiene.hpp): leave() and join()
// wrap every removal and write of a document, so the XL lists stay exact.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "hygiene/hygiene.hpp"
#include "veille/hygiene.hpp"

#include <xapian.h>

namespace veille::detail {
class DocumentBuilder;
struct WordLists;
}  // namespace veille::detail

namespace veille::hygiene {

/// Called with the words of each document re-analysed (the tables of the whole index).
using Rebuilt = std::function<void(const detail::WordLists&)>;

/// What a document of the index holds, read back from its stored original: its source and,
/// if it was indexed with the boilerplate rule, its distinct lines.
struct Held {
    std::string source_key;
    std::string tag;
    std::vector<std::uint64_t> lines;
};

/// What the changes of a transaction may have turned boilerplate or not: the lines of the
/// documents added, replaced and removed, and how many documents each source gained or lost.
class Touched {
public:
    /// A document that held @p held is about to be removed or replaced.
    void leaving(const Held& held);
    /// A document of source @p source_key holding the distinct @p lines was added.
    void joined(const std::string& source_key, const std::vector<std::uint64_t>& lines);

    [[nodiscard]] bool empty() const noexcept { return sources_.empty(); }
    void clear() noexcept { sources_.clear(); }

    struct Source {
        std::unordered_set<std::uint64_t> lines;
        std::int64_t delta = 0;  // documents gained (>0) or lost (<0)
    };

private:
    friend CleanReport clean(Xapian::WritableDatabase&, detail::DocumentBuilder&,
                             const HygieneOptions&, Lists&, const Touched*, std::size_t,
                             const std::function<void()>&, const Rebuilt&);
    std::unordered_map<std::string, Source> sources_;  // by source facet_key
};

/// Document @p did is about to be removed or replaced: it leaves the XL lists it is in, and
/// @p touched (if any) records its lines. Xapian errors pass through; @throws veille::Error
/// (corrupt) for a damaged stored document.
void leave(const Xapian::Database& db, Lists& lists, Xapian::docid did, Touched* touched);

/// Writes @p x, planned as @p plan, with @p write (which returns its docid), counting it as a
/// holder of its lines: in their XL lists or by XH terms. Xapian errors pass through.
template <class Write>
Xapian::docid join(const Xapian::Database& db, Lists& lists, Xapian::Document& x, const Plan& plan,
                   Write&& write) {
    const auto listings = claim(db, lists, x, plan);
    const Xapian::docid did = write();
    enlist(lists, plan.tag, did, listings);
    return did;
}

/// Cleans @p db: every document if @p touched is null (Index::clean), otherwise only what
/// the changes recorded in @p touched can have affected (Index::commit). Documents are
/// re-analysed with @p builder and replaced in place; @p checkpoint (if any) is called after
/// every @p every re-analysed documents (0: never), so a caller can commit on the way (after
/// applying @p lists, the writer's XL changes, which this applies first); @p rebuilt (if
/// any) after each document re-analysed.
/// Xapian errors pass through; @throws veille::Error (corrupt) for a damaged stored document.
CleanReport clean(Xapian::WritableDatabase& db, detail::DocumentBuilder& builder,
                  const HygieneOptions& options, Lists& lists, const Touched* touched,
                  std::size_t every = 0, const std::function<void()>& checkpoint = {},
                  const Rebuilt& rebuilt = {});

}  // namespace veille::hygiene
