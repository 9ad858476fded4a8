// SPDX-License-Identifier: MIT
/// @file
/// Person names: the extractor veille runs at indexing, and the alias dictionary, usable on
/// their own to inspect and test what the person facet will hold.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "veille/export.hpp"

namespace veille {

/// A person as the index holds it.
struct Person {
    std::string display;  ///< canonical display form ("Élisabeth Borne")
    std::string key;  ///< match key: case, accents, hyphens and spaces ignored ("elisabethborne")

    /// Same display form and key.
    friend bool operator==(const Person&, const Person&) = default;
};

/// One mention of a person in a text.
struct PersonMention {
    std::size_t begin = 0;  ///< byte offset of the first byte of the name in the text
    std::size_t end = 0;    ///< byte offset just past the name
    std::string display;    ///< canonical display form of the person it refers to
    std::string key;        ///< match key of that person

    /// Same span and person.
    friend bool operator==(const PersonMention&, const PersonMention&) = default;
};

/// The key persons are matched under: case, accents, hyphens, apostrophes and spaces ignored
/// ("Gordon-Levitt" and "gordon levitt" give "gordonlevitt").
VEILLE_EXPORT std::string person_key(std::string_view name);

/// A dictionary that maps variants of a name (transliterations, surnames, nicknames) to one
/// canonical person.
///
/// File format (UTF-8, one entry per line):
/// @code
/// # a comment; blank lines are ignored
/// Daniel Kwan = Guan Jiayong | Dan Kwan
/// Christopher Nolan = Nolan
/// @endcode
/// The left side is the canonical display form; each variant on the right, and the canonical
/// form itself, are matched by person_key(). A variant may appear in one entry only.
///
/// Thread safety: a value type; const member functions may be called from several threads.
class VEILLE_EXPORT PersonAliases {
public:
    /// An empty dictionary: every name is its own canonical form.
    PersonAliases() = default;

    /// Reads the dictionary from @p text (the file format above).
    /// @throws veille::Error (invalid_argument) naming the line of a malformed entry (no '=',
    ///         an empty name, a variant given to two canonical persons).
    static PersonAliases parse(std::string_view text);

    /// Reads the dictionary from the file at @p path.
    /// @throws veille::Error (io) if the file cannot be read; (invalid_argument) as parse().
    static PersonAliases load(const std::string& path);

    /// The canonical person of @p name: its alias entry if it has one, otherwise @p name with
    /// spaces collapsed and its key.
    [[nodiscard]] Person canonical(std::string_view name) const;

    /// Whether @p name (by its key) has an entry.
    [[nodiscard]] bool contains(std::string_view name) const;

    /// Number of variants known (canonical forms included).
    [[nodiscard]] std::size_t size() const noexcept { return by_key_.size(); }
    /// Whether the dictionary has no entry.
    [[nodiscard]] bool empty() const noexcept { return by_key_.empty(); }

    /// The dictionary in the file format, one entry per canonical person, sorted: parse()
    /// reads it back to an equal dictionary.
    [[nodiscard]] std::string to_text() const;

    /// Same entries.
    friend bool operator==(const PersonAliases&, const PersonAliases&) = default;

private:
    std::map<std::string, std::string, std::less<>> by_key_;  // variant key -> canonical display
};

/// Finds the persons named in French news text, deterministically, with rules and lexicons
/// (given names, particles, titles and functions around names, organisation words) and
/// resolves later mentions ("M. Kwan", "Kwan") to the full name given earlier in the same text.
/// See docs/README-persons.md for the rules and measured figures.
///
/// Thread safety: immutable once built; one extractor may be shared by several threads.
class VEILLE_EXPORT PersonExtractor {
public:
    /// An extractor without aliases. Loads the lexicons on first use in the process.
    PersonExtractor();
    /// An extractor that maps every person it finds through @p aliases.
    explicit PersonExtractor(PersonAliases aliases);
    /// Destroys the extractor.
    ~PersonExtractor();
    /// Moves an extractor; the moved-from one may only be destroyed or assigned to.
    PersonExtractor(PersonExtractor&&) noexcept;
    /// Moves an extractor; the moved-from one may only be destroyed or assigned to.
    PersonExtractor& operator=(PersonExtractor&&) noexcept;
    /// Copies an extractor (its aliases; the lexicons are shared).
    PersonExtractor(const PersonExtractor&);
    /// Copies an extractor (its aliases; the lexicons are shared).
    PersonExtractor& operator=(const PersonExtractor&);

    /// The mentions of persons in @p text (valid UTF-8, ideally NFC), in text order, each
    /// with the canonical form of the person it refers to in this text. Ill-formed UTF-8 is
    /// read as U+FFFD and never names anyone.
    /// @throws veille::Error (invalid_argument) for a text of 4 GiB or more.
    [[nodiscard]] std::vector<PersonMention> mentions(std::string_view text) const;

    /// The distinct persons of an article, in order of first mention: what the index stores
    /// for a document without explicit persons.
    /// @throws veille::Error (invalid_argument) for a text of 4 GiB or more.
    [[nodiscard]] std::vector<Person> persons(std::string_view title, std::string_view body) const;

    /// The aliases this extractor applies.
    [[nodiscard]] const PersonAliases& aliases() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace veille
