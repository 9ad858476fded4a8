// SPDX-License-Identifier: MIT
// Per-source hygiene figures, read from the hygiene and source value streams (sequential
// reads of two slots) and the XS and XB term lists, never from the documents themselves.
#include <algorithm>
#include <unordered_map>

#include "analysis/text.hpp"
#include "hygiene/hygiene.hpp"
#include "schema/schema.hpp"

namespace veille::hygiene {

std::vector<SourceHygiene> source_stats(const Xapian::Database& db) {
    std::unordered_map<std::string, SourceHygiene> by_key;
    std::uint64_t with_source = 0;
    const std::string xs(schema::source.prefix);
    for (auto t = db.allterms_begin(xs); t != db.allterms_end(xs); ++t) {
        const std::string key = (*t).substr(xs.size());
        auto& s = by_key[key];
        s.documents = t.get_termfreq();
        with_source += s.documents;
        if (auto p = db.postlist_begin(*t); p != db.postlist_end(*t))
            s.source = db.get_document(*p).get_value(schema::slot::source);
        const std::string xb = std::string(schema::boilerplate_prefix) + source_tag(key);
        for (auto b = db.allterms_begin(xb); b != db.allterms_end(xb); ++b) ++s.boilerplate_lines;
    }
    auto& none = by_key[std::string()];
    none.documents = db.get_doccount() - std::min<std::uint64_t>(with_source, db.get_doccount());

    // Display form -> key, so facet_key runs once per distinct spelling, not per document.
    std::unordered_map<std::string, std::string> keys;
    std::unordered_map<std::string, std::uint64_t> checked;
    auto src = db.valuestream_begin(schema::slot::source);
    const auto src_end = db.valuestream_end(schema::slot::source);
    for (auto v = db.valuestream_begin(schema::slot::hygiene);
         v != db.valuestream_end(schema::slot::hygiene); ++v) {
        const DocumentFigures f = decode_figures(*v);
        if (f.flags == 0) continue;
        const Xapian::docid did = v.get_docid();
        if (src != src_end && src.get_docid() < did) src.skip_to(did);
        std::string key;
        if (src != src_end && src.get_docid() == did) {
            auto [it, fresh] = keys.try_emplace(*src);
            if (fresh) it->second = analysis::facet_key(*src);
            key = it->second;
        }
        auto& s = by_key[key];
        ++checked[key];
        s.body_bytes += f.body_bytes;
        s.repeated_parts += f.repeated_parts;
        s.repeated_bytes += f.repeated_bytes;
        s.boilerplate_parts += f.boilerplate_parts;
        s.boilerplate_bytes += f.boilerplate_bytes;
    }

    std::vector<SourceHygiene> out;
    for (auto& [key, s] : by_key) {
        if (s.documents == 0) continue;
        s.unchecked = s.documents - std::min(s.documents, checked[key]);
        out.push_back(std::move(s));
    }
    std::sort(out.begin(), out.end(), [](const SourceHygiene& a, const SourceHygiene& b) {
        if (a.source.empty() != b.source.empty()) return b.source.empty();
        if (a.documents != b.documents) return a.documents > b.documents;
        return a.source < b.source;
    });
    return out;
}

}  // namespace veille::hygiene
