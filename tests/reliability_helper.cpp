// SPDX-License-Identifier: MIT
// Helper program of the reliability tests (test_reliability.cpp), run as a separate process:
//   write DIR TOTAL BATCH   imports corpus documents 0..TOTAL-1, committing every BATCH, and
//                           prints "committed N" (N = documents in the index) after each commit;
//                           the index has the alert reliability_alert (its query:
//                           reliability_alert_query), so each commit records matches too
//   write-shards DIR TOTAL BATCH SHARDS
//                           the same into an index of SHARDS shards (IndexOptions::shards)
//   read DIR BATCH STOP     searches DIR until the file STOP exists; every state seen must be
//                           a committed one (a multiple of BATCH documents); prints "ok N"
//   lock DIR                opens a second writer on DIR; prints the error it gets
// Exit status 0 on success, 1 on a failed check, 2 on bad usage.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "reliability_corpus.hpp"
#include "veille/veille.hpp"

#include <unistd.h>

namespace {

// Unbuffered, so that what the parent reads is exactly what was done before a SIGKILL.
void say(const std::string& line) {
    const std::string s = line + "\n";
    std::size_t done = 0;
    while (done < s.size()) {
        const ssize_t n = ::write(STDOUT_FILENO, s.data() + done, s.size() - done);
        if (n <= 0) std::_Exit(1);
        done += static_cast<std::size_t>(n);
    }
}

int write_corpus(const std::string& dir, std::size_t total, std::size_t batch,
                 unsigned shards = 1) {
    veille::IndexOptions options;
    options.shards = shards;
    veille::Index index(dir, options);
    index.set_alert({veille::test::reliability_alert, veille::test::reliability_alert_query});
    for (std::size_t i = 0; i < total; ++i) {
        index.add(veille::test::corpus_doc(i));
        if ((i + 1) % batch == 0 || i + 1 == total) {
            index.commit();
            say("committed " + std::to_string(index.size()));
        }
    }
    say("done");
    return 0;
}

int read_while_writing(const std::string& dir, std::size_t batch, const std::string& stop) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
    veille::Searcher searcher(dir);
    std::size_t searches = 0;
    std::uint64_t last = 0;
    while (searches == 0 || !std::filesystem::exists(stop)) {
        if (std::chrono::steady_clock::now() > deadline) {
            say("error: no stop file after 5 minutes");
            return 1;
        }
        veille::SearchRequest r;
        r.query = searches % 2 ? "conseil municipal" : "";
        r.limit = 20;
        const auto res = searcher.search(r);
        ++searches;
        if (r.query.empty() && res.total % batch != 0) {
            say("error: saw " + std::to_string(res.total) + " documents, not a committed state");
            return 1;
        }
        if (r.query.empty() && res.total < last) {
            say("error: went back from " + std::to_string(last) + " to " +
                std::to_string(res.total));
            return 1;
        }
        if (r.query.empty()) last = res.total;
        for (const auto& h : res.hits)
            if (h.title.empty() || h.id.rfind("dépêche-", 0) != 0) {
                say("error: damaged hit '" + h.id + "'");
                return 1;
            }
        if (searches % 3 == 0) searcher.reopen();
        if (searches % 40 == 0) searcher = veille::Searcher(dir);  // opening races commits too
    }
    say("ok " + std::to_string(searches));
    return 0;
}

int second_writer(const std::string& dir) {
    try {
        veille::Index index(dir);
    } catch (const veille::Error& e) {
        say(std::string(veille::to_string(e.code())) + ": " + e.what() + " | " + e.hint());
        return e.code() == veille::ErrorCode::locked ? 0 : 1;
    }
    say("error: a second writer could open the index");
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const std::string mode = argc > 1 ? argv[1] : "";
        if (mode == "write" && argc == 5)
            return write_corpus(argv[2], std::stoul(argv[3]), std::stoul(argv[4]));
        if (mode == "write-shards" && argc == 6)
            return write_corpus(argv[2], std::stoul(argv[3]), std::stoul(argv[4]),
                                static_cast<unsigned>(std::stoul(argv[5])));
        if (mode == "read" && argc == 5)
            return read_while_writing(argv[2], std::stoul(argv[3]), argv[4]);
        if (mode == "lock" && argc == 3) return second_writer(argv[2]);
    } catch (const std::exception& e) {
        say(std::string("error: ") + e.what());
        return 1;
    }
    std::fputs(
        "usage: veille_reliability_helper write DIR TOTAL BATCH | read DIR BATCH STOP | lock DIR\n",
        stderr);
    return 2;
}
