// SPDX-License-Identifier: MIT
// The JSON Lines reader of the veille command (examples/veille/inputs.cpp): one input is the
// contents of a .jsonl file. Every line that is not blank must end in exactly one record, in
// line order, either a document Index::add accepts or a reason to skip it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "index/document_builder.hpp"
#include "inputs.hpp"
#include "veille/veille.hpp"

namespace {

// The lines the reader must turn into records: those holding more than spaces, tabs and CRs
// (and, on the first line, a UTF-8 byte order mark).
std::vector<std::size_t> record_lines(const std::string& input) {
    std::vector<std::size_t> lines;
    std::size_t number = 0;
    for (std::size_t at = 0; at < input.size(); ++number) {
        auto nl = input.find('\n', at);
        if (nl == std::string::npos) nl = input.size();
        auto text = std::string_view(input).substr(at, nl - at);
        if (number == 0 && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
        if (text.find_first_not_of(" \t\r") != std::string_view::npos) lines.push_back(number + 1);
        at = nl + 1;
    }
    return lines;
}

// The reader leaves size limits to Index::add, whose refusal the command reports as a skipped
// record (an id over 200 bytes, a source or person too long for a term); any other refusal
// means the reader let through something sanitize should have repaired.
bool size_limit(const veille::Error& e) {
    const std::string what = e.what();
    return e.code() == veille::ErrorCode::invalid_argument &&
           (what.find("bytes long") != std::string::npos ||
            what.find("is too long") != std::string::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    std::vector<std::size_t> seen;
    cli::RecordSink sink;
    sink.consumed = [](std::uint64_t) {};
    sink.record = [&](cli::Record&& r) {
        if (r.where.input != "fil.jsonl") std::abort();
        if (r.doc.has_value() == !r.reason.empty()) std::abort();  // a document xor a reason
        if (r.doc) {
            try {
                veille::detail::validate(*r.doc);
            } catch (const veille::Error& e) {
                if (!size_limit(e)) std::abort();
            }
        }
        seen.push_back(r.where.line);
    };
    std::istringstream in(input);
    cli::read_jsonl(in, "fil.jsonl", "Dépêches", sink, [] { return false; });
    if (seen != record_lines(input)) std::abort();  // one record per line, in order
    return 0;
}
