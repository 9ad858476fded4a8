// SPDX-License-Identifier: MIT
// Reliability: crash safety (SIGKILL during an import), readers racing a writer, a second
// writer, and hostile input through the API. The helper program (reliability_helper.cpp) is
// the process that gets killed, the reader in another process and the second writer.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "analysis/french.hpp"
#include "core/xapian_try.hpp"
#include "fixtures.hpp"
#include "index/document_builder.hpp"
#include "reliability_corpus.hpp"
#include "search/query.hpp"

using namespace veille;
using namespace veille::test;

namespace {

/// A running helper process with its standard output on a pipe.
class Child {
public:
    explicit Child(const std::vector<std::string>& args) {
        int fds[2];
        BOOST_TEST_REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
        pid_ = ::fork();
        BOOST_TEST_REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            // Dies with the test, even if the test itself crashes.
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            ::dup2(fds[1], STDOUT_FILENO);
            std::vector<char*> argv;
            std::string exe = VEILLE_RELIABILITY_HELPER;
            argv.push_back(exe.data());
            std::vector<std::string> copy = args;
            for (auto& a : copy) argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(exe.c_str(), argv.data());
            ::_exit(127);
        }
        ::close(fds[1]);
        fd_ = fds[0];
    }
    ~Child() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            wait();
        }
        if (fd_ >= 0) ::close(fd_);
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    /// The next line of output; empty at end of output or after 60 s without one.
    std::string line() {
        for (;;) {
            if (auto nl = buf_.find('\n'); nl != std::string::npos) {
                std::string l = buf_.substr(0, nl);
                buf_.erase(0, nl + 1);
                return l;
            }
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 60000) <= 0) return {};
            char tmp[4096];
            const ssize_t n = ::read(fd_, tmp, sizeof tmp);
            if (n <= 0) return {};
            buf_.append(tmp, static_cast<std::size_t>(n));
        }
    }
    void kill() { ::kill(pid_, SIGKILL); }
    /// Exit status (or 128 + signal).
    int wait() {
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

private:
    pid_t pid_ = -1;
    int fd_ = -1;
    std::string buf_;
};

std::uint64_t parse_committed(const std::string& l) { return std::stoull(l.substr(10)); }

/// Checks that the index at @p dir holds exactly corpus documents 0..count-1, once each.
void check_exact_prefix(const std::string& dir, std::uint64_t count, std::size_t total) {
    Xapian::Database db(dir);
    BOOST_TEST_REQUIRE(db.get_doccount() == count);
    for (std::size_t i = 0; i < total; ++i) {
        const auto freq = db.get_termfreq("Q" + corpus_id(i));
        if (freq != (i < count ? 1U : 0U)) BOOST_TEST_REQUIRE(freq == (i < count ? 1U : 0U), corpus_id(i));
    }
    Searcher s(dir);
    BOOST_TEST(s.size() == count);
    for (std::size_t i : {std::size_t{0}, static_cast<std::size_t>(count / 2), static_cast<std::size_t>(count) - 1}) {
        if (count == 0) break;
        const auto got = s.get(corpus_id(i));
        BOOST_TEST_REQUIRE(got.has_value());
        BOOST_TEST(got->body == corpus_doc(i).body);
        BOOST_TEST(got->title == corpus_doc(i).title);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reliability)

BOOST_AUTO_TEST_CASE(destroying_an_index_discards_the_uncommitted_batch) {
    TempDir dir;
    {
        Index index(dir.str());
        for (std::size_t i = 0; i < 3; ++i) index.add(corpus_doc(i));
        index.commit();
        for (std::size_t i = 3; i < 5; ++i) index.add(corpus_doc(i));
        BOOST_TEST(index.remove(corpus_id(0)));
        BOOST_TEST(index.size() == 4U);  // uncommitted changes count for the writer
    }
    Searcher s(dir.str());
    BOOST_TEST(s.size() == 3U);
    BOOST_TEST(s.get(corpus_id(0)).has_value());
    BOOST_TEST(!s.get(corpus_id(3)).has_value());
    // An exception in the middle of a batch does not publish its first half either.
    try {
        Index index(dir.str());
        index.add(corpus_doc(10));
        Document bad = corpus_doc(11);
        bad.date = "2024-13-45";
        index.add(bad);
        index.commit();
        BOOST_FAIL("a bad date was accepted");
    } catch (const Error& e) {
        BOOST_TEST(to_string(e.code()) == "invalid_argument");
    }
    s.reopen();
    BOOST_TEST(s.size() == 3U);
    BOOST_TEST(!s.get(corpus_id(10)).has_value());
}

BOOST_AUTO_TEST_CASE(sigkill_during_an_import_keeps_exactly_the_last_commit) {
    // 24 kills at random points (after a random number of commits near the point the earlier
    // runs reached, then 0..15 ms more), so they fall inside batches, inside commits and
    // between them. Each run re-runs the whole import, as a user would after a crash.
    constexpr std::size_t total = 1200, batch = 30, kills = 24;
    constexpr std::size_t commits = (total + batch - 1) / batch;
    TempDir dir;
    const std::string db = dir.str();
    std::mt19937 rng(20241121);
    std::uint64_t prev = 0;
    std::size_t reached_states = 0, finished = 0, progressed = 0;
    for (std::size_t k = 0; k < kills; ++k) {
        Child writer({"write", db, std::to_string(total), std::to_string(batch)});
        // Near the point the previous runs reached, so that the kills walk through the import.
        const std::size_t frontier = static_cast<std::size_t>(prev / batch);
        const std::size_t wait_commits = std::uniform_int_distribution<std::size_t>(
            frontier > 0 ? frontier - 1 : 0, std::min(frontier + 2, commits - 1))(rng);
        // What commit number c of this run must leave: the import re-adds documents from 0.
        auto state = [&](std::size_t c) {
            return c == 0 ? prev : std::max<std::uint64_t>(prev, std::min(c * batch, total));
        };
        std::size_t seen = 0;
        bool done = false;
        while (seen < wait_commits) {
            const std::string l = writer.line();
            BOOST_TEST_REQUIRE(!l.empty(), "the writer stopped early");
            if (l == "done") {
                done = true;
                break;
            }
            BOOST_TEST_REQUIRE(l.rfind("committed ", 0) == 0U, l);
            ++seen;
            BOOST_TEST_REQUIRE(parse_committed(l) == state(seen));
        }
        std::this_thread::sleep_for(std::chrono::microseconds(
            std::uniform_int_distribution<int>(0, 15000)(rng)));
        writer.kill();
        // Whatever it reported before dying was done.
        for (std::string l = writer.line(); !l.empty(); l = writer.line()) {
            if (l == "done") {
                done = true;
                continue;
            }
            BOOST_TEST_REQUIRE(l.rfind("committed ", 0) == 0U, l);
            ++seen;
            BOOST_TEST_REQUIRE(parse_committed(l) == state(seen));
        }
        writer.wait();
        const std::uint64_t now = Xapian::Database(db).get_doccount();
        // The last reported commit, or the one after it if the kill fell between the commit
        // and its report; never anything in between.
        const bool at_last = now == state(seen);
        const bool at_next = !done && seen < commits && now == state(seen + 1);
        BOOST_TEST_REQUIRE((at_last || at_next), "after kill " << k << ": " << now << " documents, reported "
                                                  << state(seen));
        if (!at_last) ++reached_states;
        if (done) ++finished;
        if (now > prev) ++progressed;
        check_exact_prefix(db, now, total);
        prev = now;
    }
    BOOST_TEST_MESSAGE(kills << " kills: " << progressed << " after progress, " << reached_states
                                << " between a commit and its report, " << finished << " after the end");
    BOOST_TEST(progressed > 0U);
    // The same import, run to its end, then once more: every document, once.
    for (int run = 0; run < 2; ++run) {
        Child writer({"write", db, std::to_string(total), std::to_string(batch)});
        std::string last;
        for (std::string l = writer.line(); !l.empty(); l = writer.line()) last = l;
        BOOST_TEST_REQUIRE(writer.wait() == 0);
        BOOST_TEST(last == "done");
        check_exact_prefix(db, total, total);
    }
    Searcher s(db);
    SearchRequest r;
    r.query = "dossier";
    r.limit = 2 * total;
    const auto res = s.search(r);
    std::set<std::string> distinct;
    for (const auto& h : res.hits) distinct.insert(h.id);
    BOOST_TEST(res.total == total);
    BOOST_TEST(res.hits.size() == total);
    BOOST_TEST(distinct.size() == total);
}

BOOST_AUTO_TEST_CASE(searches_in_threads_and_a_process_race_a_writer_without_failing) {
    constexpr std::size_t batch = 25, commits = 40;
    TempDir dir;
    const std::string db = dir.str();
    Index writer(db);
    const std::string stop = dir.str("stop");
    Child other_process({"read", db, std::to_string(batch), stop});

    std::atomic<bool> writing{true};
    std::atomic<std::size_t> failures{0}, searches{0}, raw_reads{0}, raw_attempts{0}, raw_nonempty{0};
    std::mutex m;
    std::vector<std::string> errors;
    auto fail = [&](const std::string& what) {
        ++failures;
        std::lock_guard lock(m);
        errors.push_back(what);
    };
    // Searchers: each thread its own; some reopen, the others rely on the reopen-and-retry of
    // a search that races a commit.
    auto search_loop = [&](bool reopen) {
        try {
            Searcher s(db);
            std::uint64_t last = 0;
            for (std::size_t n = 0; writing || n < 5; ++n) {
                SearchRequest r;
                static const char* const queries[] = {"", "élus débattu", "-Lyon",
                                                      "source:\"Le Monde\" -person:borne", "\"la séance\""};
                r.query = queries[n % 5];
                r.limit = 30;
                const auto res = s.search(r);
                ++searches;
                if (n % 5 == 0) {
                    if (res.total % batch != 0) fail("saw " + std::to_string(res.total) + " documents");
                    if (res.total < last) fail("went back in time");
                    last = res.total;
                }
                for (const auto& h : res.hits)
                    if (h.title.empty()) fail("hit without a title: " + h.id);
                if (reopen && n % 4 == 0) s.reopen();
            }
        } catch (const std::exception& e) {
            fail(e.what());
        }
    };
    // A raw reader through xapian_read, counting how often a read had to be retried, so that
    // the test shows the DatabaseModifiedError path was taken and recovered from.
    auto raw_loop = [&] {
        try {
            const std::string term = analysis::Analyzer().term("dossier");
            Xapian::Database x(db);
            while (writing) {
                detail::xapian_try("reopening", [&] { x.reopen(); });
                const auto n = detail::xapian_read(x, "reading", [&] {
                    ++raw_attempts;
                    std::uint64_t docs = 0;
                    for (auto p = x.postlist_begin(term); p != x.postlist_end(term); ++p) {
                        if (x.get_document(*p).get_data().empty()) throw std::logic_error("no data");
                        ++docs;
                    }
                    return docs;
                });
                ++raw_reads;
                if (n > 0) ++raw_nonempty;
                if (n % batch != 0) fail("raw reader saw " + std::to_string(n) + " documents");
            }
        } catch (const std::exception& e) {
            fail(e.what());
        }
    };
    std::vector<std::thread> threads;
    threads.emplace_back(search_loop, true);
    threads.emplace_back(search_loop, false);
    threads.emplace_back(raw_loop);

    for (std::size_t c = 0; c < commits; ++c) {
        for (std::size_t i = 0; i < batch; ++i) writer.add(corpus_doc(c * batch + i));
        writer.commit();
        // Rewrite an older batch too, so that old revisions' blocks get reused.
        if (c > 0)
            for (std::size_t i = 0; i < batch; ++i) writer.add(corpus_doc((c - 1) * batch + i));
        writer.commit();
    }
    writing = false;
    for (auto& t : threads) t.join();
    { std::ofstream(stop).put('\n'); }
    const std::string reported = other_process.line();
    BOOST_TEST(other_process.wait() == 0, reported);
    BOOST_TEST(reported.rfind("ok ", 0) == 0U, reported);
    for (const auto& e : errors) BOOST_TEST_MESSAGE("reader failure: " << e);
    BOOST_TEST(failures == 0U);
    BOOST_TEST_MESSAGE(searches << " searches, " << raw_reads << " raw reads in " << raw_attempts
                                << " attempts, other process: " << reported);
    BOOST_TEST(raw_nonempty > 0U);
    BOOST_TEST(Searcher(db).size() == batch * commits);
}

BOOST_AUTO_TEST_CASE(a_second_writer_gets_locked_with_a_clear_message) {
    TempDir dir;
    Index first(dir.str());
    BOOST_CHECK_EXCEPTION(Index(dir.str()), Error, [](const Error& e) {
        return e.code() == ErrorCode::locked &&
               std::string(e.what()).find("locked by another writer") != std::string::npos &&
               !e.hint().empty();
    });
    Child other({"lock", dir.str()});
    const std::string said = other.line();
    BOOST_TEST(other.wait() == 0, said);
    BOOST_TEST(said.find("locked: ") == 0U, said);
    BOOST_TEST(said.find(dir.str()) != std::string::npos, said);
    // Readers are not blocked by the writer, and the writer can go on.
    first.add(corpus_doc(1));
    first.commit();
    BOOST_TEST(Searcher(dir.str()).size() == 1U);
}

BOOST_AUTO_TEST_SUITE_END()
