// SPDX-License-Identifier: MIT
// Lucene++ 3.0 peer of bench/run.sh, compiled at run time against Debian's liblucene++-dev:
// SnowballAnalyzer "french" (StandardTokenizer, lower case, Lucene++'s French stopwords,
// Snowball French stemmer), one thread, replace by id like veille.
// Usage: lucenepp-bench --corpus CORPUS.tsv --db DIR
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "corpus.hpp"

#include <lucene++/FileUtils.h>
#include <lucene++/FrenchAnalyzer.h>
#include <lucene++/LuceneHeaders.h>
#include <lucene++/SnowballAnalyzer.h>
#include <sys/resource.h>

using namespace Lucene;

static std::uint64_t dir_bytes(const std::filesystem::path& p) {
    std::uint64_t n = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(p))
        if (e.is_regular_file()) n += e.file_size();
    return n;
}

static String wide(const std::string& s) { return StringUtils::toUnicode(s); }

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: lucenepp-bench --corpus FILE --db DIR\n");
        return 2;
    }
    const std::string corpus = argv[2], db = argv[4];
    std::filesystem::remove_all(db);
    try {
        AnalyzerPtr analyzer = newLucene<SnowballAnalyzer>(LuceneVersion::LUCENE_CURRENT, L"french",
                                                           FrenchAnalyzer::getDefaultStopSet());
        std::ifstream in(corpus);
        std::uint64_t docs = 0, bytes = 0;
        const auto t0 = std::chrono::steady_clock::now();
        {
            IndexWriterPtr w = newLucene<IndexWriter>(FSDirectory::open(wide(db)), analyzer, true,
                                                      IndexWriter::MaxFieldLengthUNLIMITED);
            bench::Doc d;
            while (bench::read_doc(in, d)) {
                bytes += d.title.size() + d.body.size();
                DocumentPtr doc = newLucene<Document>();
                doc->add(newLucene<Field>(L"id", wide(d.id), Field::STORE_YES,
                                          Field::INDEX_NOT_ANALYZED));
                doc->add(newLucene<Field>(L"date", wide(d.date), Field::STORE_YES,
                                          Field::INDEX_NOT_ANALYZED));
                doc->add(newLucene<Field>(L"source", wide(d.source), Field::STORE_YES,
                                          Field::INDEX_NOT_ANALYZED));
                doc->add(newLucene<Field>(L"title", wide(d.title), Field::STORE_YES,
                                          Field::INDEX_ANALYZED));
                doc->add(newLucene<Field>(L"body", wide(d.body), Field::STORE_YES,
                                          Field::INDEX_ANALYZED));
                w->updateDocument(newLucene<Term>(L"id", wide(d.id)), doc);
                ++docs;
            }
            w->commit();
            w->close();
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        rusage ru{};
        getrusage(RUSAGE_SELF, &ru);
        const std::uint64_t size = dir_bytes(db);
        {
            IndexWriterPtr w = newLucene<IndexWriter>(FSDirectory::open(wide(db)), analyzer, false,
                                                      IndexWriter::MaxFieldLengthUNLIMITED);
            w->optimize();
            w->close();
        }
        std::printf(
            "{\"engine\":\"lucenepp\",\"docs\":%llu,\"bytes\":%llu,\"seconds\":%.3f,\"cpu_"
            "seconds\":%.3f,"
            "\"peak_rss_kb\":%ld,\"index_bytes\":%llu,\"compact_bytes\":%llu}\n",
            static_cast<unsigned long long>(docs), static_cast<unsigned long long>(bytes), seconds,
            static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6,
            ru.ru_maxrss, static_cast<unsigned long long>(size),
            static_cast<unsigned long long>(dir_bytes(db)));
    } catch (LuceneException& e) {
        std::fprintf(stderr, "lucenepp-bench: %ls\n", e.getError().c_str());
        return 1;
    }
    return 0;
}
