// SPDX-License-Identifier: MIT
// The schema of a veille index: every term prefix, value slot and metadata key, in one place.
//
// Terms (prefix directly followed by the term; keys are folded lower case, so a prefix is
// never followed by an ASCII capital and no ':' separator is needed, unlike Omega's rule):
//   Q<id>          the document's unique id, as given (boolean; replace/delete by id)
//   <term>         title and body words after French analysis (analysis/french.hpp): elision
//                  removed, stemmed with Snowball French on the accented lower-case word,
//                  then case- and accent-folded. Where the stem of the word written without
//                  its accents differs, that stem is indexed at the same position too, so
//                  queries typed without accents match. Stopwords have wdf 0 so they
//                  match in phrases but weigh nothing, except the index's unposted ones
//                  (metadata veille.unposted, below), which have no posting at all: slot 7
//                  alone finds them. No Xapian positions: slot 7 holds them.
//   S<term>        the same analysis of the title only (the `title:` field); its positions
//                  are those of the same words in slot 7, before the body's first position
//   XS<key>        source (publisher); key = facet_key(source) (boolean)
//   XP<key>        person mentioned; key = facet_key(name) (boolean)
//   Y<yyyy>        year of the date (boolean), for every date
//   M<yyyymm>      month of the date, when the date has a month
//   D<yyyymmdd>    day of the date, when the date has a day
//   XH<tag><line>  hygiene (hygiene/hygiene.hpp): the document holds this line of body text
//                  and is not one of the holders its XL entry lists (metadata, below);
//                  tag = FNV-1a(facet_key(source)), line = FNV-1a(facet_key(line)), each as
//                  8 big-endian bytes (binary: half the key of hex). Boolean; only for
//                  documents with a source indexed with the boilerplate rule on. The number
//                  of documents of the source holding the line is termfreq(XH) + listed.
//   XB<tag><line>  the document skipped this line as boilerplate of its source (boolean);
//                  termfreq(XB) equals that number when every holder of a boilerplate line
//                  is clean
// CJK characters are indexed as unigrams (with positions) and bigrams (none), as Xapian's
// FLAG_CJK_NGRAM does, so the QueryParser's CJK handling matches them.
//
// Values:
//   0 date_start   first day the date covers, "YYYYMMDD" ("2024-06" -> "20240601"); sorting
//   1 date_end     last day the date covers ("2024-06" -> "20240630"); date filters
//   2 date         the date as given ("2024", "2024-06" or "2024-06-15"); date facet
//   3 source       the source as given (display form); source facet
//   4 persons      the persons, "key\x1Fdisplay" joined by "\x1E"; person facet
//   5 hygiene      what hygiene did to the document: a flags byte (bit 0: repeated-line rule,
//                  bit 1: boilerplate rule) then varints: body bytes, repeated parts, repeated
//                  bytes, boilerplate parts, boilerplate bytes. Absent: indexed before hygiene.
//   6 stored       the whole original document, compressed (index/stored_document.hpp), so
//                  display, snippets and re-analysis never need the original files, plus the
//                  byte ranges of the body hygiene did not index and why (the original text
//                  itself is untouched). A value rather than the document data, which stays
//                  empty: Xapian compresses document data in the writer thread.
//   7 positions    the positions of the words of title and body (index/positions.hpp), read
//                  by phrase and NEAR queries (search/phrase.hpp). One value per document
//                  instead of Xapian's position table, which costs one B-tree entry per term
//                  and document: it was half of the index and a third of indexing time.
//
// Synonym table (Xapian's; merged over the databases of a search), two key spaces, entries
// never removed (a stale one only names a word or term no document holds any more):
//   <alt>          the accent map (analysis/accents.hpp): key, the stem of an accented word
//                  written without its accents ("aime", from "aimée"); synonyms, the terms
//                  of the accented words of the index that gave that key ("aim"). Only where
//                  the two stems differ.
//   \x1F<abc>      the spelling word list (IndexOptions::spelling, index/spelling_table.hpp):
//                  each surface word of titles and bodies, elided article removed, case- and
//                  accent-folded ("l'Intelligence" -> "intelligence"), as a synonym of the
//                  group of its first 3 bytes ("\x1Fint"); stopwords, words with digits and
//                  words under 3 or over 40 bytes are left out. One entry per word cost 58
//                  bytes and two B-tree operations each; one per group, a few thousand.
// Spelling table (Xapian's): written by indexes made before the word list; read for their
// suggestions only.
//
// Metadata:
//   veille.schema  schema version; an index of another version is refused as corrupt
//   veille.person_aliases
//                  the person alias dictionary of the index (PersonAliases::to_text() format),
//                  set from IndexOptions::aliases; applied at indexing and to person:
//                  filters (include/veille/persons.hpp)
//   veille.unposted
//                  the stopwords indexed without a posting, one per line, fixed when the
//                  index is created (index/positions.hpp, Unposted): the stopwords whose term
//                  is the word itself ("le", "de", "et"; "les" and "des" share theirs);
//                  a stopword whose term other words share ("avions", "avion") stays posted,
//                  and so does a word that is not a stopword ("sûr" gives "sur").
//                  A phrase finds them through slot 7, which says which of them a document
//                  holds. Absent (indexes made before version 7): every stopword is posted.
//   veille.generation
//                  in a shard of a sharded index (store/shards.hpp): the generation of the
//                  index its last commit belongs to; the manifest names the committed one.
//                  Absent in an index of one database.
//   veille.alert:<name>
//                  a stored query (include/veille/alerts.hpp): the value is its text. In a
//                  sharded index, in the first shard only, as the matches below.
//   veille.match:<n>
//                  one match an alert recorded; n is its sequence number, 16 hex digits, so
//                  that key order is sequence order (alerts/alerts.hpp encodes the value)
//   veille.match.next
//                  the sequence number the next match gets, decimal (absent: 1)
//   XL<tag><line>  hygiene: the first holders of the line (at most hygiene::listed_holders
//                  docids, varints), same tag and line as XH; absent when none is listed.
//                  Most lines are held once: one entry per line instead of one term per
//                  holder, which made the index a fifth larger and slower on the Littré.
//   XJ<n>          hygiene: XL changes committed but not merged into the XL entries yet,
//                  one entry per commit; n is 8 big-endian bytes, increasing. The value is
//                  the changed lists in key order, each as tag and line (8 bytes each),
//                  varint length, list ("" when the XL entry goes). A line's list is the one
//                  of the newest XJ entry holding it, else its XL entry (hygiene::Lists).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace veille::schema {

// 2: binary XH/XB hashes; 3: slot 6; 4: positions in slot 7; 5: first holders listed in XL;
// 6: XJ journal; 7: unposted stopwords. A version 5 index is a version 6 one with an empty
// journal, and a version 6 one a version 7 one without unposted terms: the writer upgrades
// them (index.cpp), searchers read all three.
inline constexpr std::string_view version = "7";
constexpr bool upgradable(std::string_view v) { return v == "5" || v == "6"; }
inline constexpr std::string_view version_key = "veille.schema";
/// The first byte of the spelling word list's keys in the synonym table: never a term's.
inline constexpr char spelling_key_mark = '\x1f';
/// The key of the group of @p word (folded, 3 bytes or more) in the spelling word list.
inline std::string spelling_group(std::string_view word) {
    std::string key(1, spelling_key_mark);
    key += word.substr(0, 3);
    return key;
}
inline constexpr std::string_view person_aliases_key = "veille.person_aliases";
inline constexpr std::string_view unposted_key = "veille.unposted";
inline constexpr std::string_view generation_key = "veille.generation";
inline constexpr std::string_view alert_prefix = "veille.alert:";
inline constexpr std::string_view match_prefix = "veille.match:";
inline constexpr std::string_view match_next_key = "veille.match.next";

enum class Kind {
    id,      // unique boolean term
    text,    // positional free text, probabilistic
    filter,  // boolean filter term, also a facet
    date,    // boolean Y/M/D terms and range values
};

inline constexpr unsigned no_slot = 0xffffffffU;

struct Field {
    std::string_view name;    // name in the query language ("" for the default field)
    std::string_view prefix;  // term prefix
    unsigned slot;            // value slot, or no_slot
    Kind kind;
};

namespace slot {
inline constexpr unsigned date_start = 0;
inline constexpr unsigned date_end = 1;
inline constexpr unsigned date = 2;
inline constexpr unsigned source = 3;
inline constexpr unsigned persons = 4;
inline constexpr unsigned hygiene = 5;
inline constexpr unsigned stored = 6;
inline constexpr unsigned positions = 7;
}  // namespace slot

inline constexpr std::array fields{
    Field{"id", "Q", no_slot, Kind::id},
    Field{"", "", no_slot, Kind::text},
    Field{"title", "S", no_slot, Kind::text},
    Field{"source", "XS", slot::source, Kind::filter},
    Field{"person", "XP", slot::persons, Kind::filter},
    Field{"date", "D", slot::date, Kind::date},
};

/// Whether @p f is a filter of the query language (a boolean prefix: source:, person:, date:).
constexpr bool is_filter(const Field& f) { return f.kind == Kind::filter || f.kind == Kind::date; }

inline constexpr std::string_view year_prefix = "Y";
inline constexpr std::string_view month_prefix = "M";
inline constexpr std::string_view day_prefix = "D";
inline constexpr std::string_view paragraph_prefix = "XH";
inline constexpr std::string_view boilerplate_prefix = "XB";
inline constexpr std::string_view listed_prefix = "XL";   // a metadata key, not a term
inline constexpr std::string_view journal_prefix = "XJ";  // a metadata key, not a term

/// Separators inside the persons value slot.
inline constexpr char pair_sep = '\x1F';
inline constexpr char list_sep = '\x1E';

/// Calls @p f with each "key\x1Fdisplay" pair of a persons value (slot 4), in order.
template <class F>
void each_person(std::string_view value, F&& f) {
    while (!value.empty()) {
        const std::size_t end = value.find(list_sep);
        f(value.substr(0, end));
        if (end == std::string_view::npos) break;
        value.remove_prefix(end + 1);
    }
}

constexpr const Field& field(std::string_view name) {
    for (const auto& f : fields)
        if (f.name == name) return f;
    throw "unknown field";  // only reachable in constant evaluation with a typo
}

inline constexpr const Field& id = field("id");
inline constexpr const Field& text = field("");
inline constexpr const Field& title = field("title");
inline constexpr const Field& source = field("source");
inline constexpr const Field& person = field("person");
inline constexpr const Field& date = field("date");

namespace check {
constexpr bool unique_prefixes() {
    for (std::size_t i = 0; i < fields.size(); ++i)
        for (std::size_t j = i + 1; j < fields.size(); ++j)
            if (fields[i].prefix == fields[j].prefix) return false;
    // Y and M belong to the date field; they must not clash with any other prefix either.
    for (const auto& f : fields)
        if (f.prefix == year_prefix || f.prefix == month_prefix || f.prefix == paragraph_prefix ||
            f.prefix == boilerplate_prefix)
            return false;
    return true;
}
constexpr bool unique_slots() {
    for (std::size_t i = 0; i < fields.size(); ++i)
        for (std::size_t j = i + 1; j < fields.size(); ++j)
            if (fields[i].slot != no_slot && fields[i].slot == fields[j].slot) return false;
    for (const auto& f : fields)
        if (f.slot == slot::date_start || f.slot == slot::date_end || f.slot == slot::hygiene ||
            f.slot == slot::stored || f.slot == slot::positions)
            return false;
    return true;
}
}  // namespace check
static_assert(check::unique_prefixes(), "term prefixes must be unique");
static_assert(check::unique_slots(), "value slots must be unique");

}  // namespace veille::schema
