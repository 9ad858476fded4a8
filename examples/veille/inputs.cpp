// SPDX-License-Identifier: MIT
#include "inputs.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "veille/error.hpp"

#include <nlohmann/json.hpp>

namespace cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string lower_ascii(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

std::optional<Input::Kind> kind_of_file(const fs::path& p) {
    const std::string ext = lower_ascii(p.extension().string());
    if (ext == ".jsonl") return Input::Kind::jsonl;
    if (ext == ".txt" || ext == ".md") return Input::Kind::text;
    return std::nullopt;
}

// The library's own repair, applied to raw bytes: JSON cannot be parsed before its UTF-8 is
// valid, and veille::sanitize is where the repair lives. The body field keeps newlines and
// tabs and only drops NUL and other control bytes, which JSON forbids inside strings anyway.
std::vector<std::string> repair_raw(std::string& bytes) {
    veille::Document carrier;
    carrier.body = std::move(bytes);
    auto warnings = veille::sanitize(carrier);
    bytes = std::move(carrier.body);
    for (auto& w : warnings)
        if (auto at = w.find(" body"); at != std::string::npos) w.replace(at, 5, " line");
    return warnings;
}

// Counts brackets outside strings. nlohmann parses and destroys a value without recursion, but
// copies and prints it one call per level: a record nested thousands deep is refused before it
// is parsed, so no later use of its fields can overflow the stack.
bool nested_too_deep(std::string_view line) {
    std::size_t depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (const char c : line) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_json_depth) return true;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return false;
}

Record skip(const Location& where, std::string reason) {
    Record r;
    r.where = where;
    r.reason = std::move(reason);
    return r;
}

// A string field, absent or null allowed; false if it has another type.
bool read_string(const json& obj, const char* key, std::string& out) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return true;
    if (!it->is_string()) return false;
    out = it->get<std::string>();
    return true;
}

std::string type_error(const json& obj, const char* key, const char* wanted) {
    return std::string("field '") + key + "' must be " + wanted + ", not " +
           obj.at(key).type_name();
}

Record finish(Record r, veille::Document doc, const std::string& default_source) {
    if (doc.source.empty()) doc.source = default_source;
    // Exports often carry timestamps ("2024-06-15T08:30:00Z"): the day is what veille keeps.
    if (doc.date.size() > 10 && (doc.date[10] == 'T' || doc.date[10] == ' ') &&
        veille::is_valid_date(std::string_view(doc.date).substr(0, 10)))
        doc.date.resize(10);
    auto warnings = veille::sanitize(doc);
    // After the repair: an id of NUL bytes is empty once they are dropped.
    if (trim(doc.id).empty()) return skip(r.where, "empty id");
    r.warnings.insert(r.warnings.end(), std::make_move_iterator(warnings.begin()),
                      std::make_move_iterator(warnings.end()));
    r.doc = std::move(doc);
    return r;
}

void read_text_file(const fs::path& file, const std::string& id, const std::string& name,
                    const std::string& default_source, const RecordSink& sink) {
    std::ifstream in(file, std::ios::binary);
    std::string text;
    if (in) text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!in && !in.eof()) {
        sink.record(skip({name, 0}, std::string("cannot read: ") + std::strerror(errno)));
        return;
    }
    sink.consumed(text.size());
    sink.record(parse_text(std::move(text), id, {name, 0}, default_source));
}

void read_file(const fs::path& file, Input::Kind kind, const std::string& id,
               const std::string& name, const std::string& default_source, const RecordSink& sink,
               const std::function<bool()>& stop) {
    if (kind == Input::Kind::text) {
        read_text_file(file, id, name, default_source, sink);
        return;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        sink.record(skip({name, 0}, std::string("cannot open: ") + std::strerror(errno)));
        return;
    }
    // UTF-16 (a BOM says so): its line breaks are two bytes, so the file is read whole.
    char bom[2] = {};
    in.read(bom, 2);
    const bool utf16 = in.gcount() == 2 && ((bom[0] == '\xFF' && bom[1] == '\xFE') ||
                                            (bom[0] == '\xFE' && bom[1] == '\xFF'));
    in.clear();
    in.seekg(0);
    if (!utf16) {
        read_jsonl(in, name, default_source, sink, stop);
        return;
    }
    std::string text(std::istreambuf_iterator<char>(in), {});
    try {
        veille::decode_text(text);
    } catch (const veille::Error& e) {
        sink.record(skip({name, 0}, e.what()));
        return;
    }
    std::istringstream utf8(std::move(text));
    read_jsonl(utf8, name, default_source, sink, stop);
}

// Files of a directory that veille reads, in path order so runs are reproducible.
std::vector<fs::path> files_below(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& entry :
         fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied)) {
        if (entry.is_regular_file() && kind_of_file(entry.path())) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

void read_jsonl(std::istream& in, const std::string& name, const std::string& default_source,
                const RecordSink& sink, const std::function<bool()>& stop) {
    std::string line;
    std::size_t number = 0;
    LineEncoding encoding;
    while (!stop() && std::getline(in, line)) {
        ++number;
        sink.consumed(line.size() + 1);
        if (number == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // a BOM
        if (trim(line).empty()) continue;  // blank lines separate nothing and are not records
        sink.record(parse_json_line(line, {name, number}, default_source, encoding));
    }
    if (in.bad() && !stop())
        sink.record(skip({name, number + 1}, std::string("read error: ") + std::strerror(errno)));
}

std::vector<Input> classify(const std::vector<std::string>& names) {
    std::vector<Input> out;
    for (const auto& name : names) {
        if (name == "-") {
            out.push_back({name, Input::Kind::stdin_jsonl});
            continue;
        }
        std::error_code ec;
        const auto status = fs::status(name, ec);
        if (ec || !fs::exists(status))
            throw std::invalid_argument("input '" + name + "' does not exist");
        if (fs::is_directory(status)) {
            out.push_back({name, Input::Kind::directory});
            continue;
        }
        const auto kind = kind_of_file(name);
        if (!kind)
            throw std::invalid_argument("input '" + name +
                                        "' is not a .jsonl, .txt or .md file nor a directory");
        out.push_back({name, *kind});
    }
    return out;
}

std::optional<std::uint64_t> total_bytes(const std::vector<Input>& inputs) {
    std::uint64_t total = 0;
    for (const auto& input : inputs) {
        if (input.kind == Input::Kind::stdin_jsonl) return std::nullopt;
        // A size that cannot be read counts as 0: the bar is only an estimate.
        const auto add = [&](const fs::path& f) {
            std::error_code ec;
            const auto size = fs::file_size(f, ec);
            if (!ec) total += size;
        };
        if (input.kind == Input::Kind::directory) {
            for (const auto& f : files_below(input.name)) add(f);
        } else {
            add(input.name);
        }
    }
    return total;
}

void read_inputs(const std::vector<Input>& inputs, const std::string& default_source,
                 const RecordSink& sink, const std::function<bool()>& stop) {
    for (const auto& input : inputs) {
        if (stop()) return;
        switch (input.kind) {
            case Input::Kind::stdin_jsonl:
                read_jsonl(std::cin, "-", default_source, sink, stop);
                break;
            case Input::Kind::jsonl:
            case Input::Kind::text:
                read_file(input.name, input.kind, fs::path(input.name).filename().string(),
                          input.name, default_source, sink, stop);
                break;
            case Input::Kind::directory:
                for (const auto& file : files_below(input.name)) {
                    if (stop()) return;
                    const fs::path rel = file.lexically_relative(input.name);
                    read_file(file, *kind_of_file(file), rel.generic_string(),
                              (fs::path(input.name) / rel).string(), default_source, sink, stop);
                }
                break;
        }
    }
}

Record parse_json_line(const std::string& raw, const Location& where,
                       const std::string& default_source) {
    LineEncoding encoding;
    return parse_json_line(raw, where, default_source, encoding);
}

Record parse_json_line(const std::string& raw, const Location& where,
                       const std::string& default_source, LineEncoding& encoding) {
    Record r;
    r.where = where;
    std::string line = raw;
    const bool high = std::any_of(line.begin(), line.end(),
                                  [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    if (high && !encoding.utf8_seen) {
        try {
            if (veille::decode_text(line) == veille::TextEncoding::windows1252)
                r.warnings.emplace_back("not UTF-8: line read as Windows-1252 (Latin-1)");
            else
                encoding.utf8_seen = true;
        } catch (const veille::Error& e) {  // a line that starts like UTF-16
            return skip(where, e.what());
        }
    }
    auto repaired = repair_raw(line);
    r.warnings.insert(r.warnings.end(), repaired.begin(), repaired.end());

    if (nested_too_deep(line))
        return skip(where, "nested deeper than " + std::to_string(max_json_depth) +
                               " levels of arrays and objects");
    json obj;
    try {
        obj = json::parse(line);
    } catch (const json::exception& e) {
        // Not only parse_error: a number too large for a double ("1e400") is out_of_range,
        // and must skip its line, not end the run.
        // Drop nlohmann's "[json.exception.parse_error.101] " tag: the reason is for people.
        std::string what = e.what();
        if (auto at = what.find("] "); at != std::string::npos) what.erase(0, at + 2);
        // nlohmann counts lines inside the one line it was given; the file line is in the
        // location already.
        if (constexpr std::string_view one = "parse error at line 1, "; what.starts_with(one))
            what.erase(0, one.size());
        return skip(where, "not valid JSON, " + what);
    }
    if (!obj.is_object())
        return skip(where, std::string("not a JSON object but ") + obj.type_name());

    veille::Document doc;
    const auto id = obj.find("id");
    if (id == obj.end() || id->is_null()) return skip(where, "missing id");
    if (!id->is_string()) return skip(where, type_error(obj, "id", "a string"));
    doc.id = id->get<std::string>();

    for (auto [key, field] : {std::pair{"title", &doc.title}, std::pair{"source", &doc.source},
                              std::pair{"date", &doc.date}, std::pair{"url", &doc.url}}) {
        if (!read_string(obj, key, *field)) return skip(where, type_error(obj, key, "a string"));
    }
    // "body" is the library's name; "text" is what many exports call it.
    const char* body_key = obj.contains("body") ? "body" : "text";
    if (!read_string(obj, body_key, doc.body))
        return skip(where, type_error(obj, body_key, "a string"));

    if (const auto persons = obj.find("persons"); persons != obj.end() && !persons->is_null()) {
        if (!persons->is_array())
            return skip(where, type_error(obj, "persons", "an array of strings"));
        for (const auto& p : *persons) {
            if (!p.is_string())
                return skip(where,
                            std::string("field 'persons' must hold strings, not ") + p.type_name());
            doc.persons.push_back(p.get<std::string>());
        }
    }
    return finish(std::move(r), std::move(doc), default_source);
}

Record parse_text(std::string text, std::string id, const Location& where,
                  const std::string& default_source) {
    Record r;
    r.where = where;
    try {
        if (veille::decode_text(text) == veille::TextEncoding::windows1252)
            r.warnings.emplace_back("not UTF-8: read as Windows-1252 (Latin-1)");
    } catch (const veille::Error& e) {
        return skip(where, e.what());
    }

    veille::Document doc;
    doc.id = std::move(id);
    const bool markdown = lower_ascii(fs::path(doc.id).extension().string()) == ".md";

    std::size_t pos = 0;
    bool in_headers = true;
    bool have_title = false;
    std::string body;
    while (pos <= text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + pos, end - pos);
        pos = end + 1;
        if (line.ends_with('\r')) line.remove_suffix(1);
        const std::string_view content = trim(line);
        if (in_headers) {
            if (content.empty()) continue;
            const auto colon = content.find(':');
            if (colon != std::string_view::npos && colon < 8) {
                const std::string key = lower_ascii(std::string(content.substr(0, colon)));
                const std::string value(trim(content.substr(colon + 1)));
                std::string* field = key == "source"                    ? &doc.source
                                     : key == "date"                    ? &doc.date
                                     : key == "titre" || key == "title" ? &doc.title
                                     : key == "url"                     ? &doc.url
                                                                        : nullptr;
                if (field) {
                    *field = value;
                    have_title = have_title || field == &doc.title;
                    continue;
                }
            }
            in_headers = false;
        }
        if (!have_title) {
            if (content.empty()) continue;
            std::string_view title = content;
            if (markdown)
                title = trim(title.substr(std::min(title.find_first_not_of('#'), title.size())));
            doc.title = std::string(title);
            have_title = true;
            continue;
        }
        if (body.empty() && content.empty()) continue;
        body.append(line);
        body += '\n';
    }
    doc.body = std::string(trim(body));
    if (doc.title.empty() && doc.body.empty()) return skip(where, "no text");
    return finish(std::move(r), std::move(doc), default_source);
}

}  // namespace cli
