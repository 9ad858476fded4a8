// SPDX-License-Identifier: MIT
// The benchmark driver called by bench/run.sh, one process per measurement so that peak RSS
// is that of one engine:
//   veille-bench gen-news   --docs N --words FILE [--seed S] --out FILE
//   veille-bench gen-littre --idx FILE --dict FILE [--docs N] --out FILE
//   veille-bench index  --engine
//   veille|veille-nopersons|veille-nohygiene|veille-nospelling|veille-shards|veille-alerts|
//   xapian|fts5         --corpus FILE --db DIR [--threads N] [--budget-mb N] [--commit-every N]
//                       [--append 1] [--shards N] [--alerts N]
//   veille-bench search --db DIR --corpus FILE [--queries N]
// index and search print one JSON object on stdout.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <dlfcn.h>
#include <sys/resource.h>
#include <xapian.h>

#ifdef VEILLE_BENCH_FTS5
#include <sqlite3.h>
#endif

#include "corpus.hpp"
#include "veille/veille.hpp"

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

struct Args {
    std::map<std::string, std::string> named;
    std::string get(const std::string& k, const std::string& def = "") const {
        auto it = named.find(k);
        return it == named.end() ? def : it->second;
    }
    std::string need(const std::string& k) const {
        auto it = named.find(k);
        if (it == named.end()) throw std::runtime_error("missing --" + k);
        return it->second;
    }
    std::uint64_t num(const std::string& k, std::uint64_t def) const {
        auto it = named.find(k);
        return it == named.end() ? def : std::stoull(it->second);
    }
};

std::uint64_t dir_bytes(const fs::path& p) {
    if (fs::is_regular_file(p)) return fs::file_size(p);
    std::uint64_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(p))
        if (e.is_regular_file()) n += e.file_size();
    return n;
}

// Peak resident set of this process (VmHWM), in kB.
long peak_rss_kb() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

// The malloc this process runs on: jemalloc when the program links it
// (cmake/VeilleAllocator.cmake), glibc's otherwise. Results depend on it (bench/README.md).
std::string allocator_name() {
    using Mallctl = int (*)(const char*, void*, std::size_t*, void*, std::size_t);
    const auto mallctl = reinterpret_cast<Mallctl>(dlsym(RTLD_DEFAULT, "mallctl"));
    if (mallctl == nullptr) return "glibc";
    const char* version = nullptr;
    std::size_t size = sizeof version;
    if (mallctl("version", &version, &size, nullptr, 0) != 0 || version == nullptr)
        return "jemalloc";
    const std::string v(version);
    return "jemalloc " + v.substr(0, v.find('-'));  // "5.3.0-0-g54ea...": the release
}

// User + system CPU time of this process, all threads.
double cpu_seconds() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    auto sec = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return sec(ru.ru_utime) + sec(ru.ru_stime);
}

std::string json_escape(const std::string& s) {
    std::string r;
    for (char c : s) {
        if (c == '"' || c == '\\') r += '\\';
        if (static_cast<unsigned char>(c) < 0x20) continue;
        r += c;
    }
    return r;
}

std::uint64_t xapian_compacted_bytes(const fs::path& db) {
    const fs::path out = db.string() + ".compact";
    fs::remove_all(out);
    Xapian::Database(db.string()).compact(out.string());
    const auto n = dir_bytes(out);
    fs::remove_all(out);
    return n;
}

struct Result {
    std::uint64_t docs = 0, bytes = 0;
    double seconds = 0, cpu_seconds = 0;
    long rss_kb = 0;
    std::string more_json;  // further fields of the JSON line, each with its leading comma
};

// Feeds every document of the corpus to @p add, then @p finish, timing both.
template <class Add, class Finish>
Result run_corpus(const std::string& corpus, Add&& add, Finish&& finish) {
    std::ifstream in(corpus);
    if (!in) throw std::runtime_error("cannot read corpus " + corpus);
    Result r;
    const auto t0 = Clock::now();
    bench::Doc d;
    while (bench::read_doc(in, d)) {
        r.bytes += d.title.size() + d.body.size();
        add(d);
        ++r.docs;
    }
    finish();
    r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    r.rss_kb = peak_rss_kb();
    r.cpu_seconds = cpu_seconds();
    return r;
}

// The variants of veille's pipeline the benchmark compares (run.sh engines veille-*).
struct Variant {
    bool persons = true;   // person extraction
    bool hygiene = true;   // repeated lines and boilerplate not indexed
    bool spelling = true;  // the word list for suggestions (IndexOptions::spelling)
    unsigned shards = 1;   // IndexOptions::shards (veille-shards: --shards, default 2)
    bool alerts = false;   // stored queries matched at indexing (veille-alerts: --alerts N)
};

Variant variant_of(const std::string& engine) {
    Variant v;
    if (engine == "veille-nopersons") v.persons = false;
    if (engine == "veille-nohygiene") v.hygiene = false;
    if (engine == "veille-nospelling") v.spelling = false;
    if (engine == "veille-shards") v.shards = 2;
    if (engine == "veille-alerts") v.alerts = true;
    return v;
}

std::vector<std::string> corpus_words(const std::string& corpus, std::size_t docs);

// @p n alerts drawn from the corpus, as a press office would write them: words, two words,
// phrases of neighbouring words, a person, a word from one source, a word without another,
// an OR, each a tenth (single words four tenths). An alert names what it watches: its words
// are the corpus's specific ones, held by at most 1 % of the first 2,000 articles (a word of
// every other article, « contre », « selon », watches nothing); the word after a phrase's
// first one is any.
std::vector<std::string> corpus_alerts(const std::string& corpus, std::size_t n) {
    const auto text = corpus_words(corpus, 2000);
    std::vector<std::string> words;
    {
        std::map<std::string, std::size_t> count;
        for (const auto& w : text) ++count[w];
        // corpus_words gives every occurrence: about 180 words an article.
        const std::size_t at_most = text.size() / 180 / 100;
        for (const auto& [w, c] : count)
            if (c <= std::max<std::size_t>(at_most, 2)) words.push_back(w);
    }
    if (words.empty()) throw std::runtime_error("alerts: no specific words in the corpus");
    std::vector<std::string> persons, sources;
    {
        std::ifstream in(corpus);
        bench::Doc d;
        // Persons: as given, or two capitalised words in a row of the text ("Claire Dubois").
        const auto capital = [](const std::string& w) {
            return w.size() > 1 && ((w[0] >= 'A' && w[0] <= 'Z') || w.starts_with("\u00c9"));
        };
        const auto name = [&](const std::string& p) {
            if (std::find(persons.begin(), persons.end(), p) == persons.end()) persons.push_back(p);
        };
        for (int i = 0; i < 2000 && bench::read_doc(in, d); ++i) {
            for (const auto& p : d.persons) name(p);
            std::istringstream body(d.body);
            std::string prev, w;
            bool sentence_start = true;
            while (body >> w) {
                const bool ends = w.back() == '.' || w.back() == ',' || w.back() == ':';
                if (ends) w.pop_back();
                if (!sentence_start && capital(prev) && capital(w) && w.size() > 2)
                    name(prev + " " + w);
                sentence_start = ends && w.back() != ',';
                prev = ends ? std::string() : w;
            }
            if (!d.source.empty() &&
                std::find(sources.begin(), sources.end(), d.source) == sources.end())
                sources.push_back(d.source);
        }
    }
    if (persons.empty() || sources.empty())
        throw std::runtime_error("alerts: no persons or sources in the corpus");
    std::vector<std::string> out;
    std::uint64_t x = 88172645463325252ULL;
    const auto next = [&] {  // xorshift64: the same alerts on every machine
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    const auto word = [&] { return words[next() % words.size()]; };
    for (std::size_t k = 0; k < n; ++k) {
        switch (k % 10) {
            case 4:
                out.push_back(word() + " " + word());
                break;
            case 5: {  // a specific word and the word after it in the text
                std::size_t j = next() % (text.size() - 1);
                while (!std::binary_search(words.begin(), words.end(), text[j]))
                    j = (j + 1) % (text.size() - 1);
                out.push_back("\"" + text[j] + " " + text[j + 1] + "\"");
                break;
            }
            case 6:
                out.push_back("person:\"" + persons[next() % persons.size()] + "\"");
                break;
            case 7:
                out.push_back(word() + " source:\"" + sources[next() % sources.size()] + "\"");
                break;
            case 8:
                out.push_back(word() + " -" + word());
                break;
            case 9:
                out.push_back("(" + word() + " OR " + word() + ") " + word());
                break;
            default:
                out.push_back(word());
                break;
        }
    }
    return out;
}

veille::Document to_veille(const bench::Doc& d) {
    veille::Document v;
    v.id = d.id;
    v.title = d.title;
    v.body = d.body;
    v.source = d.source;
    v.date = d.date;
    v.persons = d.persons;
    return v;
}

// docs/s of indexing @p corpus into a new index at @p dir, timed as a run of it alone.
double probe_rate(const std::string& corpus, const fs::path& dir, const veille::IndexOptions& opt) {
    fs::remove_all(dir);
    Result r;
    {
        veille::Index index(dir.string(), opt);
        r = run_corpus(
            corpus, [&](const bench::Doc& d) { index.add(to_veille(d)); }, [&] { index.commit(); });
    }
    fs::remove_all(dir);
    return static_cast<double>(r.docs) / r.seconds;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n == 0 ? 0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string json_array(const std::vector<double>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i)
        s += (i ? "," : "") + std::to_string(std::lround(v[i]));
    return s + "]";
}

// With --probe-corpus FILE --probe-every N, the run pauses before its first document, after
// every N and at its end, writes what its threads hold (no commit), and indexes FILE into a
// new index of its own, timed as a run of FILE alone would be; the run's figures leave the
// pauses out. A run of 1M documents takes a quarter of an hour, and this machine's speed
// drifts by 15 % in less (bench/README.md): 10k runs spread through it, rather than before or
// after it, are the reference "docs/s at 1M within 20 % of 10k" needs. Each chunk's docs/s is
// reported beside the probe after it, so the slowdown is seen as the index grows.
class Probes {
public:
    Probes(const Args& a, const veille::IndexOptions& opt)
        : corpus_(a.get("probe-corpus")),
          every_(a.num("probe-every", 0)),
          dir_(a.need("db") + ".probe"),
          opt_(opt) {
        if (corpus_.empty() != (every_ == 0))
            throw std::runtime_error("--probe-corpus and --probe-every go together");
    }

    bool on() const noexcept { return every_ != 0; }

    // Called after each document the run adds (and before the first, with @p n 0).
    void after(const veille::Index& index, std::uint64_t n) {
        if (!on()) return;
        if (n == 0) {
            probe(index);
            cpu_before_ =
                paused_cpu_;  // run_corpus times wall from its start, CPU from the process's
            paused_ = paused_cpu_ = 0;
            return;
        }
        ++chunk_docs_;
        if (n % every_ == 0) probe(index);
    }

    // Takes the pauses out of @p r, probes a last time and adds the figures to its JSON.
    void finish(const veille::Index& index, Result& r) {
        if (!on()) return;
        r.seconds -= paused_;
        r.cpu_seconds -= cpu_before_ + paused_cpu_;
        if (chunk_docs_ != 0) probe(index);  // after the run: its time is not in r
        const double reference = median(probes_);
        char buf[128];
        std::snprintf(buf, sizeof buf, ",\"probe_median_docs_per_s\":%.1f,\"against_probes\":%.4f",
                      reference, static_cast<double>(r.docs) / r.seconds / reference);
        r.more_json = ",\"probe_every\":" + std::to_string(every_) +
                      ",\"probe_docs_per_s\":" + json_array(probes_) +
                      ",\"chunk_docs_per_s\":" + json_array(chunks_) + buf;
    }

private:
    void probe(const veille::Index& index) {
        const std::uint64_t size =
            index.size();  // writes every queued document: the threads go idle
        const auto t0 = Clock::now();
        const double cpu0 = cpu_seconds();
        if (chunk_docs_ != 0)
            chunks_.push_back(static_cast<double>(chunk_docs_) /
                              std::chrono::duration<double>(t0 - chunk_start_).count());
        probes_.push_back(probe_rate(corpus_, dir_, opt_));
        std::fprintf(
            stderr,
            "veille: at %llu documents: %s docs/s since the last probe, probe %.0f docs/s\n",
            static_cast<unsigned long long>(size),
            chunk_docs_ ? std::to_string(std::lround(chunks_.back())).c_str() : "-",
            probes_.back());
        paused_ += std::chrono::duration<double>(Clock::now() - t0).count();
        paused_cpu_ += cpu_seconds() - cpu0;
        chunk_start_ = Clock::now();
        chunk_docs_ = 0;
    }

    std::string corpus_;
    std::uint64_t every_;
    fs::path dir_;
    veille::IndexOptions opt_;
    std::vector<double> probes_, chunks_;
    double paused_ = 0, paused_cpu_ = 0, cpu_before_ = 0;
    Clock::time_point chunk_start_ = Clock::now();
    std::uint64_t chunk_docs_ = 0;
};

Result index_veille(const Args& a, const Variant& variant) {
    veille::IndexOptions opt;
    opt.extract_persons = variant.persons;
    opt.hygiene.skip_repeated = variant.hygiene;
    opt.hygiene.skip_boilerplate = variant.hygiene;
    opt.spelling = variant.spelling;
    opt.shards = variant.shards;
    if (variant.shards > 1 && a.named.count("shards"))
        opt.shards = static_cast<unsigned>(a.num("shards", 2));
    if (a.named.count("threads")) opt.analysis_threads = static_cast<unsigned>(a.num("threads", 0));
    if (a.named.count("budget-mb")) opt.memory_budget_mb = a.num("budget-mb", 400);
    const std::uint64_t every = a.num("commit-every", 0);
    Probes probes(a, opt);
    veille::Index index(a.need("db"), opt);
    std::size_t stored = 0;
    if (variant.alerts) {
        // Stored before the clock starts: the run times the matching only.
        const auto queries = corpus_alerts(a.need("corpus"), a.num("alerts", 10000));
        for (std::size_t k = 0; k < queries.size(); ++k) {
            try {
                index.set_alert({"alert-" + std::to_string(k), queries[k]});
                ++stored;
            } catch (const veille::Error&) {
                // a stopword alone: refused, as it would match nothing
            }
        }
        index.commit();
    }
    std::uint64_t n = 0;
    probes.after(index, n);
    Result r = run_corpus(
        a.need("corpus"),
        [&](const bench::Doc& d) {
            index.add(to_veille(d));
            ++n;
            if (every && n % every == 0) index.commit();
            probes.after(index, n);
        },
        [&] {
            index.commit();
            std::fprintf(stderr, "veille: %llu automatic commit(s)\n",
                         static_cast<unsigned long long>(index.auto_commits()));
        });
    probes.finish(index, r);
    if (variant.alerts) {
        const auto c = index.alert_counts();
        char buf[256];
        std::snprintf(buf, sizeof buf,
                      ",\"alerts\":%zu,\"alert_candidates\":%llu,\"candidate_ratio\":%.5f,"
                      "\"alert_matches\":%llu",
                      stored, static_cast<unsigned long long>(c.candidates),
                      static_cast<double>(c.candidates) /
                          static_cast<double>(std::max<std::uint64_t>(1, c.documents * stored)),
                      static_cast<unsigned long long>(c.matches));
        r.more_json += buf;
    }
    return r;
}

// The baseline: what a Xapian user writes first. TermGenerator with the French stemmer
// (default STEM_SOME: stemmed terms Z-prefixed without positions, plus unstemmed positional
// terms), title also under S, boolean id/source/date terms, the record as document data.
Result index_xapian(const Args& a) {
    Xapian::WritableDatabase db(a.need("db"), Xapian::DB_CREATE_OR_OPEN);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("french"));
    return run_corpus(
        a.need("corpus"),
        [&](const bench::Doc& d) {
            Xapian::Document x;
            tg.set_document(x);
            tg.index_text(d.title, 1, "S");
            tg.index_text(d.title);
            tg.increase_termpos();
            tg.index_text(d.body);
            x.add_boolean_term("Q" + d.id);
            x.add_boolean_term("XS" + d.source);
            if (!d.date.empty()) {
                x.add_boolean_term("D" + d.date);
                x.add_value(0, d.date);
            }
            std::ostringstream data;
            bench::write_doc(data, d);
            x.set_data(data.str());
            db.replace_document("Q" + d.id, x);
        },
        [&] { db.commit(); });
}

#ifdef VEILLE_BENCH_FTS5
void sql(sqlite3* db, const char* s) {
    char* err = nullptr;
    if (sqlite3_exec(db, s, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string m = err ? err : "?";
        sqlite3_free(err);
        throw std::runtime_error(std::string("sqlite: ") + m + " in " + s);
    }
}

// SQLite FTS5 with unicode61 folding diacritics (no stemming), one transaction.
Result index_fts5(const Args& a, std::uint64_t& size_bytes, std::uint64_t& compact_bytes) {
    const std::string path = a.need("db");
    fs::remove_all(path);
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK)
        throw std::runtime_error("sqlite open " + path);
    sql(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
    sql(db,
        "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, source UNINDEXED, "
        "date UNINDEXED, tokenize='unicode61 remove_diacritics 2')");
    sql(db, "BEGIN");
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO docs(id,title,body,source,date) VALUES(?,?,?,?,?)", -1, &st,
                       nullptr);
    auto r = run_corpus(
        a.need("corpus"),
        [&](const bench::Doc& d) {
            const std::string* f[] = {&d.id, &d.title, &d.body, &d.source, &d.date};
            for (int i = 0; i < 5; ++i)
                sqlite3_bind_text(st, i + 1, f[i]->data(), static_cast<int>(f[i]->size()),
                                  SQLITE_STATIC);
            if (sqlite3_step(st) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db));
            sqlite3_reset(st);
        },
        [&] {
            sqlite3_finalize(st);
            sql(db, "COMMIT");
            sql(db, "PRAGMA wal_checkpoint(TRUNCATE)");
        });
    size_bytes = dir_bytes(path);
    sql(db, "INSERT INTO docs(docs) VALUES('optimize')");
    sql(db, "PRAGMA journal_mode=DELETE");
    sql(db, "VACUUM");
    sqlite3_close(db);
    compact_bytes = dir_bytes(path);
    return r;
}
#endif

int cmd_index(const Args& a) {
    const std::string engine = a.need("engine");
    const fs::path db = a.need("db");
    // --append 1 adds to the index there (the cost of adding at a given size); veille only,
    // and the compacted size is not measured (the compactor would read the whole index).
    const bool append = a.num("append", 0) != 0;
    if (!append) fs::remove_all(db);
    Result r;
    std::uint64_t size = 0, compact = 0;
    if (engine == "veille" || engine == "veille-nopersons" || engine == "veille-nohygiene" ||
        engine == "veille-nospelling" || engine == "veille-shards" || engine == "veille-alerts") {
        r = index_veille(a, variant_of(engine));
        size = dir_bytes(db);
        compact = append ? 0 : xapian_compacted_bytes(db);
    } else if (append) {
        throw std::runtime_error("--append is for the veille engines");
    } else if (engine == "xapian") {
        r = index_xapian(a);
        size = dir_bytes(db);
        compact = xapian_compacted_bytes(db);
#ifdef VEILLE_BENCH_FTS5
    } else if (engine == "fts5") {
        r = index_fts5(a, size, compact);
#endif
    } else {
        throw std::runtime_error("engine not built into veille-bench: " + engine);
    }
    std::printf(
        "{\"engine\":\"%s\",\"docs\":%llu,\"bytes\":%llu,\"seconds\":%.3f,\"cpu_seconds\":%.3f,"
        "\"peak_rss_kb\":%ld,\"index_bytes\":%llu,\"compact_bytes\":%llu,\"allocator\":\"%s\"%s}\n",
        json_escape(engine).c_str(), static_cast<unsigned long long>(r.docs),
        static_cast<unsigned long long>(r.bytes), r.seconds, r.cpu_seconds, r.rss_kb,
        static_cast<unsigned long long>(size), static_cast<unsigned long long>(compact),
        allocator_name().c_str(), r.more_json.c_str());
    return 0;
}

// Query words drawn from the corpus itself, so every query matches something.
std::vector<std::string> corpus_words(const std::string& corpus, std::size_t docs) {
    std::ifstream in(corpus);
    std::vector<std::string> words;
    bench::Doc d;
    for (std::size_t i = 0; i < docs && bench::read_doc(in, d); ++i) {
        std::string w;
        for (char c : d.body + " ") {
            const auto u = static_cast<unsigned char>(c);
            if (u >= 0x80 || (c >= 'a' && c <= 'z')) {
                w += c;
            } else {
                if (w.size() >= 5) words.push_back(w);
                w.clear();
            }
        }
    }
    if (words.empty()) throw std::runtime_error("no query words in " + corpus);
    return words;
}

int cmd_search(const Args& a) {
    const std::size_t n = a.num("queries", 200);
    auto words = corpus_words(a.need("corpus"), 500);
    veille::Searcher s(a.need("db"));
    // Filter values: the sources of the first documents of the corpus.
    std::vector<std::string> sources;
    {
        std::ifstream in(a.need("corpus"));
        bench::Doc d;
        for (int i = 0; i < 200 && bench::read_doc(in, d); ++i)
            if (!d.source.empty() &&
                std::find(sources.begin(), sources.end(), d.source) == sources.end())
                sources.push_back(d.source);
        if (sources.empty()) throw std::runtime_error("no sources to filter on in the corpus");
    }
    std::printf("{\"docs\":%llu", static_cast<unsigned long long>(s.size()));
    // suggest: a corpus word with two letters swapped, which finds little and asks for a
    // suggestion from the word list (the request's default).
    const char* kinds[] = {"term", "phrase", "filtered", "facets", "suggest"};
    std::uint64_t step = 7919;
    for (const char* kind : kinds) {
        std::vector<double> ms;
        std::uint64_t hits = 0, facet_values = 0, suggested = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t k = (i * step + 13) % (words.size() - 1);
            veille::SearchRequest r;
            r.limit = 10;
            r.facets = std::vector<veille::FacetRequest>{};
            const std::string kd = kind;
            if (kd == "phrase") {
                r.query = "\"" + words[k] + " " + words[k + 1] + "\"";
            } else if (kd == "suggest") {
                std::string w = words[k];
                // Two ASCII letters from the middle on (words of 5 bytes at least, corpus_words).
                const auto ascii = [&](std::size_t j) {
                    return static_cast<unsigned char>(w[j]) < 0x80;
                };
                for (std::size_t m = w.size() / 2; m + 1 < w.size(); ++m)
                    if (ascii(m) && ascii(m + 1) && w[m] != w[m + 1]) {
                        std::swap(w[m], w[m + 1]);
                        break;
                    }
                r.query = w;
            } else {
                r.query = words[k];
            }
            if (kd == "filtered") r.filters.push_back({"source", sources[i % sources.size()]});
            if (kd == "facets") r.facets.reset();  // the default: source, date, person
            const auto t0 = Clock::now();
            const auto res = s.search(r);
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            hits += res.total;
            suggested += res.suggestion.empty() ? 0 : 1;
            for (const auto& f : res.facets) facet_values += f.values.size();
        }
        std::sort(ms.begin(), ms.end());
        auto pct = [&](double p) {
            return ms[std::min(ms.size() - 1,
                               static_cast<std::size_t>(p * static_cast<double>(ms.size())))];
        };
        std::printf(
            ",\"%s\":{\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"p99_ms\":%.3f,\"mean_total\":%.1f,"
            "\"mean_facet_values\":%.1f,\"suggested\":%llu}",
            kind, pct(0.50), pct(0.95), pct(0.99),
            static_cast<double>(hits) / static_cast<double>(n),
            static_cast<double>(facet_values) / static_cast<double>(n),
            static_cast<unsigned long long>(suggested));
    }
    std::printf("}\n");
    return 0;
}

int cmd_gen(const std::string& cmd, const Args& a) {
    std::ofstream out(a.need("out"), std::ios::binary);
    if (!out) throw std::runtime_error("cannot write " + a.need("out"));
    std::uint64_t bytes = 0;
    if (cmd == "gen-news")
        bytes = bench::generate_news(a.get("words", "/usr/share/dict/french"), a.num("docs", 1000),
                                     a.num("seed", 42), out);
    else
        bytes = bench::convert_littre(a.need("idx"), a.need("dict"), a.num("docs", 0), out);
    out.close();
    if (!out) throw std::runtime_error("error writing " + a.need("out"));
    std::fprintf(stderr, "%s: %llu bytes of text\n", a.need("out").c_str(),
                 static_cast<unsigned long long>(bytes));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        if (argc < 2)
            throw std::runtime_error("usage: veille-bench gen-news|gen-littre|index|search ...");
        const std::string cmd = argv[1];
        Args a;
        for (int i = 2; i < argc; ++i) {
            std::string k = argv[i];
            if (!k.starts_with("--") || i + 1 >= argc)
                throw std::runtime_error("bad argument " + k);
            a.named[k.substr(2)] = argv[++i];
        }
        if (cmd == "gen-news" || cmd == "gen-littre") return cmd_gen(cmd, a);
        if (cmd == "index") return cmd_index(a);
        if (cmd == "search") return cmd_search(a);
        throw std::runtime_error("unknown command " + cmd);
    } catch (const Xapian::Error& e) {
        std::fprintf(stderr, "veille-bench: %s\n", e.get_description().c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "veille-bench: %s\n", e.what());
    }
    return 1;
}
