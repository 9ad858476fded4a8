// SPDX-License-Identifier: MIT
// The veille command against hostile input and rough handling: deeply nested JSON, broken
// bytes, huge words and queries, duplicate ids, impossible dates, a second writer, and SIGKILL
// in the middle of an import. Whatever happens, the command ends with a documented exit code
// (0 ok, 1 input skipped, 2 usage or query, 3 index) and says why on stderr.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "cli_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

using nlohmann::json;
using namespace veille::test;
using namespace std::chrono_literals;
using namespace std::string_literals;
using Clock = std::chrono::steady_clock;

namespace {

std::string line(const json& j) { return j.dump() + "\n"; }

// Warnings of an index summary, one string.
std::string warnings_of(const json& summary) {
    std::string all;
    for (const auto& w : summary.at("warning_details"))
        all += std::to_string(w.at("line").get<int>()) + ": " + w.at("warning").get<std::string>() +
               "\n";
    return all;
}

// Ids listed by an empty query (every document), in id order, duplicates kept.
std::vector<std::string> all_ids(const Cli& c, std::size_t at_most) {
    const Run r = c.veille("search", "--json --no-facets --limit " + std::to_string(at_most));
    BOOST_TEST_REQUIRE(r.code == 0, r.err);
    const json j = r.js();
    std::vector<std::string> ids;
    for (const auto& h : j.at("hits")) ids.push_back(h.at("id").get<std::string>());
    BOOST_TEST_REQUIRE(j.at("total").get<std::size_t>() == ids.size());
    std::sort(ids.begin(), ids.end());
    return ids;
}

// Waits up to @p limit for @p done, checking every 20 ms.
template <class F>
bool wait_for(F done, Clock::duration limit) {
    const auto deadline = Clock::now() + limit;
    while (!done()) {
        if (Clock::now() > deadline) return false;
        std::this_thread::sleep_for(20ms);
    }
    return true;
}

// `veille index` started without a shell, so that the test can SIGKILL it.
struct Import {
    pid_t pid = -1;
    explicit Import(const std::vector<std::string>& args) {
        std::vector<char*> argv{const_cast<char*>(VEILLE_CLI)};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        pid = fork();
        if (pid == 0) {
            const int null = open("/dev/null", O_RDWR);
            dup2(null, STDIN_FILENO);
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
            execv(VEILLE_CLI, argv.data());
            _exit(127);
        }
    }
    // The exit status as waitpid gives it.
    int kill_and_wait(bool kill) {
        if (kill) ::kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        pid = -1;
        return status;
    }
    ~Import() {
        if (pid > 0) kill_and_wait(true);
    }
    Import(const Import&) = delete;
    Import& operator=(const Import&) = delete;
};

// The write end of a FIFO, closed at the end of the test whatever happens, so the command
// reading it sees the end of its input and exits.
struct FifoWriter {
    int fd = -1;
    // Opens @p path for writing once a reader has it open (up to @p limit).
    FifoWriter(const std::filesystem::path& path, Clock::duration limit) {
        wait_for([&] { return (fd = open(path.c_str(), O_WRONLY | O_NONBLOCK)) >= 0; }, limit);
        if (fd >= 0) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    }
    bool send(const std::string& s) const {
        return ::write(fd, s.data(), s.size()) == static_cast<ssize_t>(s.size());
    }
    void close() {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
    ~FifoWriter() { close(); }
    FifoWriter(const FifoWriter&) = delete;
    FifoWriter& operator=(const FifoWriter&) = delete;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_hostile)

BOOST_AUTO_TEST_CASE(json_nested_ten_thousand_deep_is_skipped_by_line) {
    Cli c;
    const std::string arrays = std::string(10000, '[') + std::string(10000, ']');
    std::string objects;
    for (int i = 0; i < 10000; ++i) objects += R"({"niveau":)";
    objects += "{}" + std::string(10000, '}');
    const std::string unclosed(10000, '{');
    write(c.dir.path / "profond.jsonl",
          line({{"id", "avant"}, {"title", "Avant la ligne profonde"}, {"body", "Un article."}}) +
              arrays + "\n" +                                                     // 2
              R"({"id":"imbrique","title":"Champ inconnu","meta":)" +             // 3: with an id
              objects + "}\n" +                                                   //
              unclosed + "\n" +                                                   // 4
              line({{"id", "apres"}, {"title", "Après les lignes profondes"}}));  // 5
    const Run r = c.veille("index", "--json profond.jsonl");
    BOOST_TEST(r.code == 1, r.err);
    const json s = r.js();
    BOOST_TEST(s.at("indexed").get<int>() == 2);
    BOOST_TEST(s.at("skipped").get<int>() == 3);
    std::set<int> lines;
    for (const auto& e : s.at("errors")) {
        lines.insert(e.at("line").get<int>());
        BOOST_TEST(contains(e.at("reason").get<std::string>(), "nested deeper than 64 levels"),
                   e.at("reason"));
    }
    BOOST_TEST((lines == std::set<int>{2, 3, 4}));
    BOOST_TEST((all_ids(c, 10) == Ids{"apres", "avant"}));
    // The human summary names the line too.
    const Run human = c.veille("index", "--no-progress profond.jsonl");
    BOOST_TEST(human.code == 1);
    BOOST_TEST(contains(human.out + human.err, "profond.jsonl:3"), human.out << human.err);
}

BOOST_AUTO_TEST_CASE(a_number_out_of_range_skips_its_line_only) {
    // nlohmann reports it as out_of_range, not as a parse error: it once ended the import.
    Cli c;
    write(c.dir.path / "nombres.jsonl",
          line({{"id", "avant"}, {"title", "Avant"}}) +
              R"({"id":"cote","title":"Cote","cote":1e400})"
              "\n" +
              R"({"id":"entier","title":"Entier","rang":-99999999999999999999999})"
              "\n" +
              line({{"id", "apres"}, {"title", "Après"}}));
    const Run r = c.veille("index", "--json nombres.jsonl");
    BOOST_TEST(r.code == 1, r.err);
    const json s = r.js();
    BOOST_TEST(s.at("indexed").get<int>() == 3);
    BOOST_TEST_REQUIRE(s.at("errors").size() == 1U);
    BOOST_TEST(s.at("errors")[0].at("line").get<int>() == 2);
    BOOST_TEST(s.at("errors")[0].at("reason").get<std::string>() ==
               "not valid JSON, number overflow parsing '1e400'");
    BOOST_TEST((all_ids(c, 10) == Ids{"apres", "avant", "entier"}));
}

BOOST_AUTO_TEST_CASE(broken_bytes_in_title_and_source_are_repaired_and_counted) {
    Cli c;
    // Raw bytes in the line: Latin-1 (é, â, ô) before any UTF-8, so read as Windows-1252; a
    // cut 4-byte sequence after UTF-8 was seen, so repaired; NUL, SOH, ESC, DEL; and escaped
    // control characters inside the JSON strings.
    write(c.dir.path / "octets.jsonl",
          "{\"id\":\"latin1\",\"title\":\"Le th\xE9\xE2tre municipal\",\"source\":\"Radio "
          "C\xF4te\",\"body\":\"La saison reprend.\"}\n"
          "{\"id\":\"nul\",\"title\":\"Conseil\x00 municipal\x01 extraordinaire\","
          "\"source\":\"Le\x1B Courrier\x7F du Port\",\"body\":\"Vote du budget.\"}\n"
          "{\"id\":\"echappes\",\"title\":\"Grand\\u0000 prix\\u0007 cycliste\","
          "\"source\":\"Gazette\\u001b du Nord\",\"body\":\"Arrivée \\u0000au sprint.\"}\n"
          "{\"id\":\"coupe\",\"title\":\"Fin tronqu\xC3\",\"source\":\"\xF0\x9F\x98\"}\n"
          // NUL bytes after the object.
          "{\"id\":\"fin\",\"title\":\"Dernier\",\"body\":\"Texte\"}\x00\x00\n"
          // An id that is nothing once repaired.
          "{\"id\":\"\\u0000\\u0000\",\"title\":\"Identifiant nul\"}\n"s);
    const Run r = c.veille("index", "--json octets.jsonl");
    BOOST_TEST(r.code == 1, r.err << r.out);
    const json s = r.js();
    BOOST_TEST(s.at("indexed").get<int>() == 5);
    BOOST_TEST(s.at("skipped").get<int>() == 1);
    BOOST_TEST(s.at("errors")[0].at("line").get<int>() == 6);
    BOOST_TEST(s.at("errors")[0].at("reason").get<std::string>() == "empty id");
    const std::string w = warnings_of(s);
    BOOST_TEST(s.at("warnings").get<int>() == 7, w);
    BOOST_TEST(contains(w, "1: not UTF-8: line read as Windows-1252 (Latin-1)"), w);
    BOOST_TEST(contains(w, "2: control characters removed from line (4)"), w);
    BOOST_TEST(contains(w, "3: control characters removed from title (2)"), w);
    BOOST_TEST(contains(w, "3: control characters removed from body (1)"), w);
    BOOST_TEST(contains(w, "3: control characters removed from source (1)"), w);
    BOOST_TEST(contains(w, "4: invalid UTF-8 repaired in line (2 sequences)"), w);
    BOOST_TEST(contains(w, "5: control characters removed from line (2)"), w);

    const std::string fffd = "\xEF\xBF\xBD";
    const json latin1 = c.veille("show", "--json latin1").js();
    BOOST_TEST(latin1.at("title").get<std::string>() == "Le théâtre municipal");
    BOOST_TEST(latin1.at("source").get<std::string>() == "Radio Côte");
    const json nul = c.veille("show", "--json nul").js();
    BOOST_TEST(nul.at("title").get<std::string>() == "Conseil municipal  extraordinaire");
    BOOST_TEST(nul.at("source").get<std::string>() == "Le  Courrier  du Port");
    const json esc = c.veille("show", "--json echappes").js();
    BOOST_TEST(esc.at("title").get<std::string>() == "Grand prix  cycliste");
    BOOST_TEST(esc.at("source").get<std::string>() == "Gazette  du Nord");
    BOOST_TEST(esc.at("body").get<std::string>() == "Arrivée au sprint.");
    // The repaired fields are searchable.
    BOOST_TEST((all_ids(c, 10) == Ids{"coupe", "echappes", "fin", "latin1", "nul"}));
    BOOST_TEST(c.veille("search", "--json extraordinaire").js().at("total").get<int>() == 1);
    BOOST_TEST(c.veille("search", "--json cycliste").js().at("total").get<int>() == 1);
}

// Encodings of French archives: UTF-8 with or without BOM, UTF-16 with a BOM (both byte
// orders), Latin-1 without one (read as Windows-1252, with a warning), CRLF line ends.
BOOST_AUTO_TEST_CASE(bom_utf16_latin1_and_crlf_inputs_are_read_as_french_text) {
    Cli c;
    const auto utf16 = [](const std::string& utf8, bool le) {
        std::string out = le ? "\xFF\xFE" : "\xFE\xFF";
        for (std::size_t i = 0; i < utf8.size();) {  // the BMP is enough here
            auto b = static_cast<unsigned char>(utf8[i]);
            char32_t cp = b;
            std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : 3;
            if (n == 2) cp = ((b & 0x1FU) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3FU);
            if (n == 3)
                cp = ((b & 0x0FU) << 12) |
                     ((static_cast<unsigned char>(utf8[i + 1]) & 0x3FU) << 6) |
                     (static_cast<unsigned char>(utf8[i + 2]) & 0x3FU);
            i += n;
            const char hi = static_cast<char>(cp >> 8), lo = static_cast<char>(cp & 0xFF);
            out += le ? std::string{lo, hi} : std::string{hi, lo};
        }
        return out;
    };
    write(c.dir.path / "in" / "bom.txt",
          "\xEF\xBB\xBFTitre: Canicule en Provence\r\n\r\nLa chaleur écrase Marseille.\r\n");
    write(c.dir.path / "in" / "latin1.txt",
          "Titre: Le th\xE9\xE2tre d'\xE9t\xE9\n\nLa com\xE9"
          "dienne r\xE9p\xE8"
          "te \xE0 Avignon.\n");
    write(c.dir.path / "in" / "seize.txt",
          utf16("Titre: Fête de la musique\n\nLes élèves chantent à Lyon.\n", true));
    write(c.dir.path / "in" / "seize.jsonl",
          utf16("{\"id\":\"j16\",\"title\":\"Réforme des retraites\",\"body\":\"Grève à "
                "Nantes.\"}\r\n",
                false));
    write(c.dir.path / "in" / "crlf.jsonl",
          "\xEF\xBB\xBF{\"id\":\"crlf\",\"title\":\"Élections régionales\",\"body\":\"Le "
          "scrutin s'ouvre.\"}\r\n");
    // Latin-1 lines until one shows UTF-8 (then bytes like these are damaged UTF-8: the
    // broken_bytes case above).
    write(c.dir.path / "in" / "latin1.jsonl",
          "{\"id\":\"lat\",\"title\":\"March\xE9 de No\xEB"
          "l\",\"body\":\"\xC0 Strasbourg.\"}\r\n");
    const Run r = c.veille("index", "--json in");
    BOOST_TEST(r.code == 0, r.err << r.out);
    const json s = r.js();
    BOOST_TEST(s.at("indexed").get<int>() == 6, r.out);
    const std::string w = warnings_of(s);
    BOOST_TEST(s.at("warnings").get<int>() == 2, w);
    BOOST_TEST(contains(w, "0: not UTF-8: read as Windows-1252 (Latin-1)"), w);
    BOOST_TEST(contains(w, "1: not UTF-8: line read as Windows-1252 (Latin-1)"), w);
    const auto title = [&](const std::string& id) {
        return c.veille("show", "--json " + q(id)).js().at("title").get<std::string>();
    };
    BOOST_TEST(title("bom.txt") == "Canicule en Provence");
    BOOST_TEST(title("latin1.txt") == "Le théâtre d'été");
    BOOST_TEST(title("seize.txt") == "Fête de la musique");
    BOOST_TEST(title("j16") == "Réforme des retraites");
    BOOST_TEST(title("crlf") == "Élections régionales");
    BOOST_TEST(title("lat") == "Marché de Noël");
    for (const char* word : {"comédienne", "élèves", "grève", "noël", "chaleur", "scrutin"})
        BOOST_TEST(
            c.veille("search", std::string("--json ") + word).js().at("total").get<int>() == 1,
            word);
}

BOOST_AUTO_TEST_CASE(long_words_empty_bodies_duplicates_and_bad_dates) {
    Cli c;
    std::string word;
    while (word.size() < 20000) word += "é";  // 10,000 letters, 20,000 bytes
    write(c.dir.path / "divers.jsonl",
          line({{"id", "long"},
                {"title", "Un mot interminable"},
                {"body", "Avant " + word + " après le mot."}}) +
              line({{"id", "vide"}, {"title", "Titre sans texte"}, {"body", ""}}) +
              line({{"id", "nu"}}) +
              line({{"id", "double"}, {"title", "Première version"}, {"body", "brouillon"}}) +
              line({{"id", "date"},
                    {"title", "Date impossible"},
                    {"body", "Un treizième mois."},
                    {"date", "2024-13-45"}}) +
              line({{"id", "double"},
                    {"title", "Version finale"},
                    {"body", "texte relu"},
                    {"date", "2024-05-02"}}));
    // A small batch, so that the two versions of "double" fall in different commits.
    const Run r = c.veille("index", "--json --batch 2 divers.jsonl");
    BOOST_TEST(r.code == 0, r.err);
    const json s = r.js();
    BOOST_TEST(s.at("read").get<int>() == 6);
    BOOST_TEST(s.at("indexed").get<int>() == 6);
    BOOST_TEST(s.at("warnings").get<int>() == 1);
    BOOST_TEST(contains(warnings_of(s), "5: date '2024-13-45' is not a valid"), warnings_of(s));

    BOOST_TEST((all_ids(c, 10) == Ids{"date", "double", "long", "nu", "vide"}));
    BOOST_TEST(c.veille("stats", "--json").js().at("documents").get<int>() == 5);
    // The last version of a repeated id wins.
    const json twice = c.veille("show", "--json double").js();
    BOOST_TEST(twice.at("title").get<std::string>() == "Version finale");
    BOOST_TEST(twice.at("date").get<std::string>() == "2024-05-02");
    BOOST_TEST(c.veille("search", "--json brouillon").js().at("total").get<int>() == 0);
    BOOST_TEST(c.veille("search", "--json relu").js().at("total").get<int>() == 1);
    // The impossible date is gone, the document is there.
    BOOST_TEST(c.veille("show", "--json date").js().at("date").get<std::string>().empty());
    BOOST_TEST(c.veille("search", "--json treizième").js().at("total").get<int>() == 1);
    // Around the long word, the text is searched as usual.
    const json near = c.veille("search", "--json interminable").js();
    BOOST_TEST(near.at("total").get<int>() == 1);
    BOOST_TEST(c.veille("show", "--json long").js().at("body").get<std::string>().size() > 20000U);
    BOOST_TEST(c.veille("show", "--json vide").js().at("body").get<std::string>().empty());
}

BOOST_AUTO_TEST_CASE(a_50_mb_article_many_tiny_ones_and_a_repeated_id_in_one_batch) {
    Cli c;
    // A 50 MB text article of distinct lines (a repeated line would not be indexed again).
    {
        std::ofstream out(c.dir.path / "rapport.txt", std::ios::binary);
        out << "Titre: Rapport annuel de la médiathèque\n\n";
        std::size_t bytes = 0;
        for (std::size_t n = 0; bytes < 50U * 1000 * 1000; ++n) {
            const std::string l = "Le chapitre " + std::to_string(n) +
                                  " décrit les prêts de livres, les ateliers et les horaires "
                                  "d'ouverture de la médiathèque de Brest.\n";
            out << l;
            bytes += l.size();
        }
        out << "Mot final : ornithorynque.\n";
    }
    Run r = c.veille("index", "--json --no-progress rapport.txt");
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(r.js().at("indexed").get<int>() == 1);
    BOOST_TEST(c.veille("search", "--json ornithorynque").js().at("total").get<int>() == 1);
    BOOST_TEST(c.veille("show", "--json rapport.txt").js().at("body").get<std::string>().size() >
               50U * 1000 * 1000);

    // 20,000 tiny documents on stdin, in the default batch: two lines share the id "m7" and
    // the second one, later in the same batch, wins.
    {
        std::ofstream out(c.dir.path / "petits.jsonl", std::ios::binary);
        for (int i = 0; i < 20000; ++i)
            out << line({{"id", "m" + std::to_string(i)}, {"body", i % 2 ? "oui" : "non"}});
        out << line({{"id", "m7"}, {"body", "peut-être"}});
    }
    r = c.run("index --db " + q(c.db) + " --json --no-progress -",
              (c.dir.path / "petits.jsonl").string());
    BOOST_TEST(r.code == 0, r.err);
    BOOST_TEST(r.js().at("read").get<int>() == 20001);
    BOOST_TEST(r.js().at("indexed").get<int>() == 20001);
    BOOST_TEST(c.veille("stats", "--json").js().at("documents").get<int>() == 20001);
    BOOST_TEST(c.veille("search", "--json --no-facets --limit 0 oui").js().at("total").get<int>() ==
               9999);
    BOOST_TEST(c.veille("show", "--json m7").js().at("body").get<std::string>() == "peut-être");
}

BOOST_AUTO_TEST_CASE(huge_and_unbalanced_queries_end_cleanly) {
    Cli c;
    write(c.dir.path / "a.jsonl", line({{"id", "greve"},
                                        {"title", "Grève au port"},
                                        {"body", "Les dockers du port cessent le travail."},
                                        {"source", "Le Phare"},
                                        {"date", "2024-06-03"}}));
    BOOST_TEST_REQUIRE(c.veille("index", "--no-progress a.jsonl").code == 0);

    // Queries of 100 KB are refused whole; up to the limit (16 KB), whatever they hold ends
    // in hits or in a query error.
    std::string words;
    while (words.size() + 20 < 16 * 1024) words += "grève port dockers ";
    std::string fanned;
    while (fanned.size() + 9 < 16 * 1024) fanned += "(port OR ";
    std::vector<std::string> queries{
        words,
        fanned,
        std::string(16 * 1024, '('),
        std::string(16 * 1024, '"'),
        std::string(16 * 1024, ')'),
        std::string(16 * 1024, 'e'),  // one word of 16 KB
        "\"grève au port",
        "(grève OR (port AND",
        ")) dockers ((",
        "grève AND",
        "OR",
        "NOT NOT NOT",
        "source:\"Le Phare",
        "date:\"juin",
        "date:2024..",
        "person:(",
        "\xFF\xFE grève",
    };
    const std::size_t huge = queries.size();
    queries.emplace_back(100 * 1024, '(');
    queries.emplace_back(100 * 1024, '"');
    queries.emplace_back();
    while (queries.back().size() < 100 * 1024) queries.back() += "grève au port ";
    for (std::size_t i = 0; i < queries.size(); ++i) {
        // Through a file: the query reaches veille as one argument whatever its bytes.
        write(c.dir.path / "requete", queries[i]);
        const Run r = c.veille("search", "--json -- \"$(cat requete)\"");
        const std::string what = "query " + std::to_string(i) + " (" + queries[i].substr(0, 30) +
                                 "...): exit " + std::to_string(r.code) + ", " + r.err;
        if (i >= huge) {
            BOOST_TEST(r.code == 2, what);
            BOOST_TEST(contains(r.err, "at most 16384 are accepted"), what);
        }
        BOOST_TEST((r.code == 0 || r.code == 2), what);
        if (r.code == 0) {
            BOOST_TEST(r.js().at("total").get<int>() >= 0, what);
        } else {
            BOOST_TEST(r.out.empty(), what);
            BOOST_TEST(contains(r.err, "veille: "), what);
        }
    }
    // The words of the longest query accepted are found.
    write(c.dir.path / "requete", words);
    BOOST_TEST(c.veille("search", "--json \"$(cat requete)\"").js().at("total").get<int>() == 1);
}

BOOST_AUTO_TEST_CASE(a_second_writer_is_refused_while_an_import_reads_a_pipe) {
    Cli c;
    const auto fifo = c.dir.path / "flux";
    BOOST_TEST_REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    // The first import reads JSON Lines from the pipe: it holds the lock while the pipe is
    // open. --batch 1 commits each document, which tells the test it has started.
    const std::string first = "cd " + q(c.dir.path.string()) + " && ( " + q(VEILLE_CLI) +
                              " index --db db --json --batch 1 - < flux > premier.out "
                              "2> premier.err; echo $? > premier.code ) > /dev/null 2>&1 &";
    BOOST_TEST_REQUIRE(std::system(first.c_str()) == 0);
    FifoWriter feed(fifo, 30s);
    BOOST_TEST_REQUIRE(feed.fd >= 0, "the first import did not open the pipe");
    BOOST_TEST_REQUIRE(feed.send(line({{"id", "flux-1"}, {"title", "Premier du flux"}})));
    BOOST_TEST_REQUIRE(wait_for(
        [&] {
            const Run r = c.veille("search", "--json --no-facets");
            return r.code == 0 && r.js().at("total").get<int>() == 1;
        },
        60s));

    write(c.dir.path / "b.jsonl", line({{"id", "second"}, {"title", "Second écrivain"}}));
    const Run second = c.veille("index", "--json b.jsonl");
    BOOST_TEST(second.code == 3);
    BOOST_TEST(contains(second.err, "locked"), second.err);
    BOOST_TEST(second.out.empty());
    BOOST_TEST(c.veille("delete", "flux-1").code == 3);
    BOOST_TEST(c.veille("search", "--json Premier").code == 0, "readers are not blocked");

    BOOST_TEST(feed.send(line({{"id", "flux-2"}, {"title", "Second du flux"}})));
    feed.close();
    const auto code_file = c.dir.path / "premier.code";
    BOOST_TEST_REQUIRE(wait_for([&] { return !slurp(code_file).empty(); }, 60s));
    BOOST_TEST(slurp(code_file) == "0\n", slurp(c.dir.path / "premier.err"));
    BOOST_TEST(json::parse(slurp(c.dir.path / "premier.out")).at("indexed").get<int>() == 2);
    BOOST_TEST(c.veille("index", "--json b.jsonl").code == 0, "the lock went with the import");
    BOOST_TEST((all_ids(c, 10) == Ids{"flux-1", "flux-2", "second"}));
}

BOOST_AUTO_TEST_CASE(sigkill_of_an_import_keeps_whole_batches) {
    // Documents d00000... in order, committed every `batch`: after a SIGKILL the index holds a
    // prefix of them made of whole batches (a re-run re-adds the same documents from the
    // start, so it never shrinks), and re-running the import completes it.
    constexpr std::size_t total = 3000, batch = 100;
    Cli c;
    std::string input;
    char id[32];
    for (std::size_t i = 0; i < total; ++i) {
        std::snprintf(id, sizeof id, "d%05zu", i);
        input += line(
            {{"id", id},
             {"title", "Dépêche " + std::to_string(i) + " du conseil municipal"},
             {"body", "Le conseil municipal de Villeneuve examine le dossier " + std::to_string(i) +
                          " : travaux de voirie, école, piscine et budget du port. "
                          "L'opposition demande un report du vote."},
             {"source", i % 2 ? "Le Phare" : "Gazette du Nord"},
             {"date", "2024-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10)}});
    }
    write(c.dir.path / "fil.jsonl", input);
    const std::string file = (c.dir.path / "fil.jsonl").string();
    const auto import_args = [&](const std::string& db) {
        return std::vector<std::string>{
            "index", "--db", db, "--batch", std::to_string(batch), "--no-progress", file};
    };

    // How long one whole import takes here (sanitizer builds are much slower).
    const std::string timing_db = c.dir.str("mesure");
    const auto start = Clock::now();
    {
        Import whole(import_args(timing_db));
        const int status = whole.kill_and_wait(false);
        BOOST_TEST_REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    }
    const auto full = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
    BOOST_TEST_MESSAGE("one import of " << total << " documents: " << full.count() / 1000 << " ms");

    // Kill k falls at a random point of the k-th slice of that time: the kills walk through
    // the import, inside batches and inside commits. An import that ended before its kill
    // does not count, and the slices shrink (the machine got faster).
    std::mt19937 rng(20241121);
    std::size_t prev = 0;
    std::set<std::size_t> states;
    constexpr int kills = 6;
    long slice = full.count() * 9 / 10 / kills;
    int k = 0;
    for (int attempt = 0; k < kills && attempt < 4 * kills; ++attempt) {
        Import run(import_args(c.db));
        std::this_thread::sleep_for(std::chrono::microseconds(
            std::uniform_int_distribution<long>(k * slice, (k + 1) * slice)(rng)));
        const int status = run.kill_and_wait(true);
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
            ++k;
        else
            slice = slice * 3 / 4;

        const Run stats = c.veille("stats", "--json");
        if (stats.code == 3 && prev == 0) continue;  // killed before the index was created
        BOOST_TEST_REQUIRE(stats.code == 0, "kill " << k << ": " << stats.err);
        const auto now = stats.js().at("documents").get<std::size_t>();
        BOOST_TEST_MESSAGE("kill " << k << ": " << now << " documents");
        BOOST_TEST_REQUIRE((now % batch == 0 || now == total), "kill " << k << ": " << now);
        BOOST_TEST_REQUIRE(now >= prev);
        const auto ids = all_ids(c, total + 10);
        BOOST_TEST_REQUIRE(ids.size() == now);
        for (std::size_t i = 0; i < now; ++i) {
            std::snprintf(id, sizeof id, "d%05zu", i);
            BOOST_TEST_REQUIRE(ids[i] == id, "kill " << k << ": not a prefix at " << i);
        }
        states.insert(now);
        prev = now;
    }
    BOOST_TEST(k == kills, "imports killed before their end: " << k);
    BOOST_TEST_MESSAGE(states.size() << " distinct states after " << k << " kills");

    const Run again = c.veille("index", "--json --batch " + std::to_string(batch) + " fil.jsonl");
    BOOST_TEST_REQUIRE(again.code == 0, again.err);
    BOOST_TEST(again.js().at("indexed").get<std::size_t>() == total);
    const auto ids = all_ids(c, total + 10);
    BOOST_TEST(ids.size() == total);
    BOOST_TEST(std::set<std::string>(ids.begin(), ids.end()).size() == total);
    BOOST_TEST(c.veille("stats", "--json").js().at("documents").get<std::size_t>() == total);
}

BOOST_AUTO_TEST_SUITE_END()
