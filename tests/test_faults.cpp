// SPDX-License-Identifier: MIT
// Faults of the filesystem under the index: a full disk, a read-only one. Each test mounts a
// small tmpfs of its own (root only; skipped with a message elsewhere).
#include <cerrno>
#include <cstring>
#include <iostream>
#include <optional>

#include "fixtures.hpp"
#include "reliability_corpus.hpp"

#include <boost/test/unit_test.hpp>
#include <sys/mount.h>
#include <xapian.h>

using namespace veille;
using veille::test::corpus_doc;
using veille::test::corpus_id;
using veille::test::TempDir;

namespace {

/// A tmpfs of a given size on a fresh directory, unmounted when it goes.
class SmallDisk {
public:
    explicit SmallDisk(const std::string& size) {
        if (::mount("tmpfs", dir_.path.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0)
            mounted_ = true;
        else
            why_ = std::strerror(errno);
    }
    ~SmallDisk() {
        if (mounted_) ::umount2(dir_.path.c_str(), MNT_DETACH);
    }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;

    [[nodiscard]] bool mounted() const { return mounted_; }
    [[nodiscard]] const std::string& why() const { return why_; }
    [[nodiscard]] std::string db() const { return dir_.str(); }
    /// Mounts it again with @p options ("size=64m", or "ro" for read-only).
    bool remount(const std::string& options, unsigned long flags = 0) {
        return ::mount("tmpfs", dir_.path.c_str(), "tmpfs", MS_REMOUNT | flags, options.c_str()) ==
               0;
    }

private:
    TempDir dir_;
    bool mounted_ = false;
    std::string why_;
};

/// Imports corpus documents 0..total-1 in batches of @p batch, committing each.
/// @return the documents committed when it stopped, and the error that stopped it.
std::pair<std::size_t, std::optional<Error>> import(const std::string& db, std::size_t total,
                                                    std::size_t batch) {
    std::size_t committed = 0;
    try {
        Index index(db);
        for (std::size_t i = 0; i < total; ++i) {
            index.add(corpus_doc(i));
            if ((i + 1) % batch == 0 || i + 1 == total) {
                index.commit();
                committed = i + 1;
            }
        }
    } catch (const Error& e) {
        return {committed, e};
    }
    return {committed, std::nullopt};
}

/// The index at @p db holds corpus documents 0..count-1, once each, and answers searches.
void holds_exactly(const std::string& db, std::size_t count, std::size_t total) {
    Xapian::Database x(db);
    BOOST_TEST_REQUIRE(x.get_doccount() == count);
    for (std::size_t i = 0; i < total; ++i)
        if (x.get_termfreq("Q" + corpus_id(i)) != (i < count ? 1U : 0U))
            BOOST_TEST_REQUIRE(false, corpus_id(i)
                                          << " is there " << x.get_termfreq("Q" + corpus_id(i))
                                          << " times");
    Searcher s(db);
    BOOST_TEST(s.size() == count);
    SearchRequest r;
    r.query = "conseil municipal";
    BOOST_TEST(s.search(r).total > 0U);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(faults)

// Xapian 1.4.22 aborts the process when a commit runs out of space while writing its value
// streams (index/space.hpp): every size here once ended that way, or in a clear error.
BOOST_AUTO_TEST_CASE(a_full_disk_is_a_clear_error_and_a_rerun_with_space_completes) {
    constexpr std::size_t total = 12000;
    for (const char* size : {"10m", "16m", "20m", "26m"}) {
        SmallDisk disk(size);
        if (!disk.mounted()) {
            std::cout << "faults: cannot mount a tmpfs (" << disk.why() << "): skipped"
                      << std::endl;
            return;
        }
        const auto [committed, error] = import(disk.db(), total, 100);
        BOOST_TEST_REQUIRE(error.has_value(), size << ": the import was expected to fill the disk");
        BOOST_TEST(error->code() == ErrorCode::io);
        const std::string what = error->what();
        BOOST_TEST(what.find("no space left on device") != std::string::npos, what);
        const bool names_it =
            what.find(disk.db()) != std::string::npos || what.rfind("adding document", 0) == 0;
        BOOST_TEST(names_it, what);
        BOOST_TEST(!error->hint().empty());
        std::cout << "faults: " << size << " tmpfs: " << committed
                  << " documents committed, then: " << what << std::endl;
        if (committed > 0) holds_exactly(disk.db(), committed, total);

        BOOST_TEST_REQUIRE(disk.remount("size=256m"));
        const auto [again, none] = import(disk.db(), total, 1000);
        BOOST_TEST_REQUIRE(!none.has_value(), (none ? none->what() : ""));
        holds_exactly(disk.db(), total, total);
    }
}

BOOST_AUTO_TEST_CASE(a_read_only_filesystem_is_searched_and_refused_for_writing) {
    SmallDisk disk("64m");
    if (!disk.mounted()) {
        std::cout << "faults: cannot mount a tmpfs (" << disk.why() << "): skipped" << std::endl;
        return;
    }
    BOOST_TEST_REQUIRE(!import(disk.db(), 300, 100).second.has_value());
    BOOST_TEST_REQUIRE(disk.remount("", MS_RDONLY));
    holds_exactly(disk.db(), 300, 300);
    BOOST_CHECK_EXCEPTION(Index(disk.db()), Error, [&](const Error& e) {
        const std::string what = e.what();
        BOOST_TEST_MESSAGE(what);
        return e.code() == ErrorCode::io && what.find("read-only") != std::string::npos &&
               what.find(disk.db()) != std::string::npos;
    });
}

BOOST_AUTO_TEST_SUITE_END()
