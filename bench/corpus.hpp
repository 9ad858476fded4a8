// SPDX-License-Identifier: MIT
// Benchmark corpora, built at run time from Debian packages (nothing is committed):
//   - news: a deterministic generator of French news-like articles over the wfrench word list;
//   - littre: the articles of the Littré dictionary (stardict-xmlittre), tags stripped.
// Both are written as one TSV file that every engine (C++, Java) reads the same way:
//   id \t date \t source \t persons (joined by ';') \t title \t body
// with '\\', '\t' and '\n' escaped as "\\\\", "\\t" and "\\n".
#pragma once

#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace bench {

struct Doc {
    std::string id, date, source, title, body;
    std::vector<std::string> persons;
};

/// Writes one document as a TSV line.
void write_doc(std::ostream& out, const Doc& d);
/// Reads the next TSV line into @p d; false at end of input. Throws on a malformed line.
bool read_doc(std::istream& in, Doc& d);

/// Writes @p docs generated news articles, deterministically from @p seed.
/// @return bytes of title + body text written.
std::uint64_t generate_news(const std::string& wordlist, std::uint64_t docs, std::uint64_t seed,
                            std::ostream& out);

/// Writes up to @p docs (0: all) Littré articles from the stardict files @p idx and @p dict
/// (the .dict.dz is read through `gzip -dc`). @return bytes of title + body text written.
std::uint64_t convert_littre(const std::string& idx, const std::string& dict, std::uint64_t docs,
                             std::ostream& out);

}  // namespace bench
