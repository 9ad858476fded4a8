// SPDX-License-Identifier: MIT
// Input readers of `veille index`: JSON Lines files (or stdin) and plain-text articles
// (.txt, .md), alone or in directories walked recursively. They turn every record into either
// a document ready for Index::add, with the warnings of its repair, or a reason to skip it;
// nothing is dropped without a word.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "veille/document.hpp"

namespace cli {

/// Where a record comes from: the input as the user named it (a file inside a directory:
/// the directory joined with the path below it) and the line of a JSON Lines file (0 for a
/// whole text file).
struct Location {
    std::string input;
    std::size_t line = 0;
};

/// One record read: a document to index, or the reason it is skipped.
struct Record {
    Location where;
    std::optional<veille::Document> doc;  ///< set unless skipped
    std::string reason;                   ///< why it is skipped
    std::vector<std::string> warnings;    ///< what was repaired (invalid UTF-8, a bad date...)
};

/// What the readers call: each record, and the bytes of input consumed so far (for progress).
struct RecordSink {
    std::function<void(Record&&)> record;
    std::function<void(std::uint64_t bytes)> consumed;
};

/// An input named on the command line, checked before anything is indexed.
struct Input {
    std::string name;  ///< as given; "-" is stdin
    enum class Kind { stdin_jsonl, jsonl, text, directory } kind{};
};

/// Checks and classifies @p names.
/// @throws std::invalid_argument naming the first input that does not exist or has a type
///         that cannot be read (a usage error).
std::vector<Input> classify(const std::vector<std::string>& names);

/// Total size in bytes of the files to read, or nullopt when stdin is among them.
std::optional<std::uint64_t> total_bytes(const std::vector<Input>& inputs);

/// Reads every input in order, files of a directory in path order. @p default_source is
/// given to documents that name no source. Stops early when @p stop returns true.
void read_inputs(const std::vector<Input>& inputs, const std::string& default_source,
                 const RecordSink& sink, const std::function<bool()>& stop);

/// Reads JSON Lines from @p in, named @p name in the records: one record per line that is
/// not blank, numbered from 1 (what read_inputs does with a .jsonl file or stdin; exposed for
/// the fuzz target and other front ends). Stops early when @p stop returns true.
void read_jsonl(std::istream& in, const std::string& name, const std::string& default_source,
                const RecordSink& sink, const std::function<bool()>& stop);

/// Deepest nesting of arrays and objects accepted in a JSON line: far more than any news
/// record holds; a deeper line is skipped before it is parsed.
inline constexpr std::size_t max_json_depth = 64;

/// What a JSON Lines file said of its encoding so far: a line not valid UTF-8 and without a
/// single UTF-8 sequence is read as Windows-1252 (veille::decode_text) until a line shows
/// UTF-8; from then on such bytes are damaged UTF-8, repaired by veille::sanitize.
struct LineEncoding {
    bool utf8_seen = false;
};

/// Reads one JSON Lines record (exposed for tests and other front ends).
Record parse_json_line(const std::string& raw, const Location& where,
                       const std::string& default_source);
Record parse_json_line(const std::string& raw, const Location& where,
                       const std::string& default_source, LineEncoding& encoding);

/// Reads one text article: optional header lines `Source:`, `Date:`, `Titre:` (also
/// `Title:`, `URL:`), then the title (the first non-empty line unless `Titre:` gave it) and
/// the body. @p id is the path relative to the argument.
Record parse_text(std::string text, std::string id, const Location& where,
                  const std::string& default_source);

}  // namespace cli
