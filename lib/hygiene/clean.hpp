// SPDX-License-Identifier: MIT
// Cleaning: re-analysing, from their stored originals, the documents whose indexed text no
// longer matches what the hygiene rules give (hygiene/hygiene.hpp). A document is clean when
// it was indexed with the current rules (flags in the hygiene value slot) and, for each of
// its lines, it skipped the line as boilerplate exactly when the line is boilerplate now
// (XB term present iff the rule holds for termfreq(XH) and the source's size).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "veille/hygiene.hpp"

#include <xapian.h>

namespace veille::detail {
class DocumentBuilder;
}

namespace veille::hygiene {

/// What the changes of a transaction may have turned boilerplate or not: the lines of the
/// documents added, replaced and removed, and how many documents each source gained or lost.
class Touched {
public:
    /// Document @p did of @p db is about to be removed or replaced. Xapian errors pass through.
    void leaving(const Xapian::Database& db, Xapian::docid did);
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
                             const HygieneOptions&, const Touched*, std::size_t,
                             const std::function<void()>&);
    std::unordered_map<std::string, Source> sources_;  // by source facet_key
};

/// Cleans @p db: every document if @p touched is null (Index::clean), otherwise only what
/// the changes recorded in @p touched can have affected (Index::commit). Documents are
/// re-analysed with @p builder and replaced in place; @p checkpoint (if any) is called after
/// every @p every re-analysed documents (0: never), so a caller can commit on the way.
/// Xapian errors pass through; @throws veille::Error (corrupt) for a damaged stored document.
CleanReport clean(Xapian::WritableDatabase& db, detail::DocumentBuilder& builder,
                  const HygieneOptions& options, const Touched* touched, std::size_t every = 0,
                  const std::function<void()>& checkpoint = {});

}  // namespace veille::hygiene
