// SPDX-License-Identifier: MIT
#include "synonyms/expand.hpp"

#include <algorithm>

#include "search/query.hpp"

namespace veille::detail {

namespace {

constexpr std::string_view title_field = "title:";

bool needs_quotes(std::string_view s) { return s.find_first_of(" -'") != std::string_view::npos; }

std::string quoted(const std::string& prefix, const std::string& s) {
    // A quote inside an entry would end the phrase early.
    std::string clean = s;
    std::replace(clean.begin(), clean.end(), '"', ' ');
    return needs_quotes(clean) ? prefix + "\"" + clean + "\"" : prefix + clean;
}

// "(a OR b)", or "-a -b" when the words were excluded with '-'.
std::string alternatives(const std::vector<std::string>& forms, const std::string& prefix,
                         bool phrases, bool hate) {
    std::string out = hate ? "" : "(";
    for (std::size_t i = 0; i < forms.size(); ++i) {
        if (i) out += hate ? " " : " OR ";
        if (hate) out += '-';
        std::string clean = forms[i];
        std::replace(clean.begin(), clean.end(), '"', ' ');
        if (phrases) {
            out += prefix;
            out += '"';
            out += clean;
            out += '"';
        } else {
            out += quoted(prefix, clean);
        }
    }
    if (!hate) out += ')';
    return out;
}

}  // namespace

SynonymExpander::SynonymExpander(const Synonyms& synonyms, analysis::Analyzer& analyzer) {
    for (const auto& r : synonyms.rules()) {
        Rule rule;
        analyzer.analyse(r.from, 1, [&](const analysis::Token& t) {
            if (!t.cjk_bigram && !t.part)
                rule.words.push_back({std::string(t.term), std::string(t.alt)});
        });
        if (rule.words.empty()) continue;
        rule.to = r.to;
        rules_.push_back(std::move(rule));
    }
    std::stable_sort(rules_.begin(), rules_.end(),
                     [](const Rule& a, const Rule& b) { return a.words.size() > b.words.size(); });
}

std::vector<SynonymExpander::Token> SynonymExpander::tokens(std::string_view segment,
                                                            analysis::Analyzer& analyzer) const {
    std::vector<Token> out;
    analyzer.analyse(segment, 1, [&](const analysis::Token& t) {
        if (t.cjk_bigram || t.part) return;
        Token k{t.begin, t.end, std::string(t.text), std::string(t.term), std::string(t.alt)};
        k.barrier = is_query_operator(t.text);
        if (t.end < segment.size() && (segment[t.end] == '*' || segment[t.end] == ':'))
            k.barrier = true;
        out.push_back(std::move(k));
    });
    // NEAR and ADJ take single words on both sides: no group may stand there.
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i].text != "NEAR" && out[i].text != "ADJ") continue;
        if (i > 0) out[i - 1].barrier = true;
        if (i + 1 < out.size()) out[i + 1].barrier = true;
    }
    return out;
}

std::vector<SynonymExpander::Match> SynonymExpander::matches(std::string_view segment,
                                                             const std::vector<Token>& toks) const {
    auto same = [](const Token& t, const Word& w) {
        return t.term == w.term || (!w.alt.empty() && t.term == w.alt) ||
               (!t.alt.empty() && (t.alt == w.term || t.alt == w.alt));
    };
    std::vector<Match> out;
    for (std::size_t i = 0; i < toks.size();) {
        const Rule* found = nullptr;
        for (const auto& r : rules_) {
            const std::size_t n = r.words.size();
            if (i + n > toks.size()) continue;
            bool ok = true;
            for (std::size_t k = 0; k < n && ok; ++k) {
                ok = !toks[i + k].barrier && same(toks[i + k], r.words[k]);
                // Only spaces, hyphens and apostrophes may separate the words of an entry.
                if (ok && k > 0) {
                    const auto gap = segment.substr(toks[i + k - 1].end,
                                                    toks[i + k].begin - toks[i + k - 1].end);
                    ok = gap.find_first_not_of(" -'") == std::string_view::npos;
                }
            }
            if (ok) {
                found = &r;
                break;
            }
        }
        if (found) {
            out.push_back({i, found->words.size(), found});
            i += found->words.size();
        } else {
            ++i;
        }
    }
    return out;
}

std::string SynonymExpander::expand(const std::string& text, analysis::Analyzer& analyzer,
                                    std::vector<SynonymUse>& uses) const {
    if (rules_.empty()) return text;
    std::string out;
    out.reserve(text.size() * 2);
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t quote = text.find('"', pos);
        const std::size_t seg_end = quote == std::string::npos ? text.size() : quote;
        expand_words(std::string_view(text).substr(pos, seg_end - pos), analyzer, out, uses);
        if (quote == std::string::npos) break;
        const std::size_t close = text.find('"', quote + 1);
        if (close == std::string::npos) {
            out.append(text, quote, std::string::npos);
            break;
        }
        expand_phrase(text, quote, close, analyzer, out, uses);
        pos = close + 1;
    }
    return out;
}

// Free words between phrases: each match becomes the group of its alternatives.
void SynonymExpander::expand_words(std::string_view seg, analysis::Analyzer& analyzer,
                                   std::string& out, std::vector<SynonymUse>& uses) const {
    const auto toks = tokens(seg, analyzer);
    std::size_t copied = 0;  // in seg
    for (const auto& m : matches(seg, toks)) {
        std::size_t begin = toks[m.first].begin;
        const std::size_t end = toks[m.first + m.count - 1].end;
        std::string prefix;
        if (begin >= title_field.size() &&
            seg.substr(begin - title_field.size(), title_field.size()) == title_field) {
            prefix = title_field;
            begin -= title_field.size();
        }
        const char before = begin > 0 ? seg[begin - 1] : ' ';
        if (before == '+') continue;  // a required word stays as written
        const bool hate = before == '-';
        if (hate) --begin;
        const std::string written(seg.substr(toks[m.first].begin, end - toks[m.first].begin));
        std::vector<std::string> forms{written};
        forms.insert(forms.end(), m.rule->to.begin(), m.rule->to.end());
        out.append(seg.substr(copied, begin - copied));
        out += alternatives(forms, prefix, false, hate);
        copied = end;
        uses.push_back({written, m.rule->to});
    }
    out.append(seg.substr(copied));
}

// The phrase between the quotes at @p quote and @p close, repeated with each alternative in
// place.
void SynonymExpander::expand_phrase(const std::string& text, std::size_t quote, std::size_t close,
                                    analysis::Analyzer& analyzer, std::string& out,
                                    std::vector<SynonymUse>& uses) const {
    const std::string_view phrase = std::string_view(text).substr(quote + 1, close - quote - 1);
    const auto ptoks = tokens(phrase, analyzer);
    const auto pm = matches(phrase, ptoks);
    std::string prefix;
    std::size_t phrase_begin = out.size();  // where the phrase (with its prefix) starts in out
    if (out.size() >= title_field.size() &&
        std::string_view(out).substr(out.size() - title_field.size()) == title_field) {
        prefix = title_field;
        phrase_begin -= title_field.size();
    }
    const char before = phrase_begin > 0 ? out[phrase_begin - 1] : ' ';
    if (pm.empty() || before == '+') {
        out.append(text, quote, close - quote + 1);
        return;
    }
    // Every combination of the alternatives of each match, the phrase as written first.
    std::vector<std::string> variants{""};
    std::size_t copied_p = 0;
    for (const auto& m : pm) {
        const std::size_t b = ptoks[m.first].begin, e = ptoks[m.first + m.count - 1].end;
        const std::string lit(phrase.substr(copied_p, b - copied_p));
        std::vector<std::string> forms{std::string(phrase.substr(b, e - b))};
        forms.insert(forms.end(), m.rule->to.begin(), m.rule->to.end());
        std::vector<std::string> next;
        for (const auto& v : variants)
            for (const auto& f : forms)
                if (next.size() < max_phrase_variants) next.push_back(v + lit + f);
        variants = std::move(next);
        copied_p = e;
        uses.push_back({forms.front(), m.rule->to});
    }
    for (auto& v : variants) v.append(phrase.substr(copied_p));
    const bool hate = before == '-';
    out.erase(phrase_begin - (hate ? 1 : 0));
    out += alternatives(variants, prefix, true, hate);
}

}  // namespace veille::detail
