// SPDX-License-Identifier: MIT
#include "search/related.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "schema/schema.hpp"

namespace veille::detail {

namespace {

// Words of the text that carry weight: unprefixed (prefixes start with an ASCII capital),
// not stopwords (wdf 0), not numbers.
std::vector<std::string> telling_terms(const Xapian::Database& db, Xapian::docid did,
                                       std::string* id_term) {
    std::vector<std::string> out;
    for (auto t = db.termlist_begin(did); t != db.termlist_end(did); ++t) {
        const std::string term = *t;
        if (term.empty()) continue;
        if (term[0] >= 'A' && term[0] <= 'Z') {
            if (id_term && term.starts_with(schema::id.prefix)) *id_term = term;
            continue;
        }
        if (t.get_wdf() == 0) continue;
        if (term.find_first_not_of("0123456789") == std::string::npos) continue;
        out.push_back(term);  // the termlist is sorted
    }
    return out;
}

// The article's telling words that another document holds too: a word only the article has
// relates it to nothing, and on a small index those are the words the expansion weighs most.
class OnlyThese : public Xapian::ExpandDecider {
public:
    OnlyThese(const std::vector<std::string>& terms, const Xapian::Database& db)
        : terms_(terms), db_(db) {}
    bool operator()(const std::string& term) const override {
        return std::binary_search(terms_.begin(), terms_.end(), term) && db_.get_termfreq(term) > 1;
    }

private:
    const std::vector<std::string>& terms_;
    const Xapian::Database& db_;
};

double overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    if (a.empty() || b.empty()) return 0;
    std::size_t common = 0;
    for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
        if (*i < *j) {
            ++i;
        } else if (*j < *i) {
            ++j;
        } else {
            ++common;
            ++i;
            ++j;
        }
    }
    return static_cast<double>(common) / static_cast<double>(std::min(a.size(), b.size()));
}

}  // namespace

Xapian::Query related_query(const Xapian::Database& db, Xapian::docid did,
                            const Xapian::Query& filter, std::size_t limit,
                            double duplicate_overlap) {
    std::string id_term;
    const auto terms = telling_terms(db, did, &id_term);
    if (terms.empty()) return Xapian::Query::MatchNothing;

    Xapian::Enquire enquire(db);
    // Bo1 weighs every term positively: the default (TradEWeight) gives a word held by most
    // documents of a small index a negative weight and leaves it out.
    enquire.set_expansion_scheme("bo1");
    Xapian::RSet rset;
    rset.add_document(did);
    const OnlyThese decider(terms, db);
    const Xapian::ESet eset = enquire.get_eset(related_terms, rset, &decider);
    std::vector<Xapian::Query> parts;
    for (auto e = eset.begin(); e != eset.end(); ++e) parts.emplace_back(*e);
    if (parts.empty()) return Xapian::Query::MatchNothing;
    Xapian::Query q(Xapian::Query::OP_OR, parts.begin(), parts.end());
    if (!filter.empty()) q = Xapian::Query(Xapian::Query::OP_FILTER, q, filter);

    std::vector<Xapian::Query> excluded{Xapian::Query(id_term)};
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, q, excluded.front()));
    const Xapian::MSet candidates = enquire.get_mset(0, static_cast<Xapian::doccount>(limit + 20));
    for (auto m = candidates.begin(); m != candidates.end(); ++m) {
        std::string other_id;
        if (overlap(terms, telling_terms(db, *m, &other_id)) >= duplicate_overlap &&
            !other_id.empty())
            excluded.emplace_back(other_id);
    }
    return Xapian::Query(Xapian::Query::OP_AND_NOT, q,
                         Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
}

}  // namespace veille::detail
