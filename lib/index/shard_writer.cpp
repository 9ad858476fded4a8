// SPDX-License-Identifier: MIT
#include "index/shard_writer.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "alerts/alerts.hpp"
#include "analysis/french.hpp"
#include "analysis/text.hpp"
#include "core/codec.hpp"
#include "core/key_filter.hpp"
#include "core/xapian_try.hpp"
#include "dates/date.hpp"
#include "hygiene/clean.hpp"
#include "index/document_builder.hpp"
#include "index/space.hpp"
#include "index/spelling_table.hpp"
#include "index/stored_document.hpp"
#include "index/writeback.hpp"
#include "persons/person_index.hpp"
#include "schema/schema.hpp"
#include "store/shards.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <xapian.h>

namespace veille::detail {

namespace {

// Documents handed to the analysis threads and not yet written. An automatic commit leaves
// them queued, so the threads go on analysing while the writer commits (a fifth of the
// writer's time on the Littré): the queue holds up to one transaction's text once the first
// commits are past, and this many documents per thread before, so that those early commits,
// which give the workers their first boilerplate counts, are not delayed by a long queue.
constexpr std::size_t ramp_jobs_per_thread = 32;

// Xapian 1.4 creates a glass database's tables before its revision file, iamglass, and a
// writer killed in between leaves a directory it refuses to open or create again
// (DatabaseNotFoundError). Without iamglass no revision was ever committed, so when the
// directory holds nothing but glass's own files and no writer holds its lock, they are the
// creation's leftovers: removed, so the index is created afresh. Anything else stays.
bool remove_interrupted_creation(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path dir(path);
    if (fs::exists(dir / "iamglass", ec) || ec) return false;
    std::vector<fs::path> leftovers;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_regular_file(ec) ||
            (name != "flintlock" && name != "v.tmp" && !name.ends_with(".glass")))
            return false;
        if (name != "flintlock") leftovers.push_back(entry.path());
    }
    if (ec || leftovers.empty()) return false;
    // A writer creating the index now holds Xapian's lock on flintlock; this lock conflicts.
    const int fd = ::open((dir / "flintlock").c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) return false;
    struct flock lock {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    bool removed = ::fcntl(fd, F_OFD_SETLK, &lock) == 0;  // false: a writer holds it
    for (const auto& f : leftovers) removed = removed && fs::remove(f, ec);
    ::close(fd);
    return removed;
}

Xapian::WritableDatabase open_writable(const std::string& path) {
    try {
        return Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseNotFoundError&) {
        if (!remove_interrupted_creation(path)) throw;
    }
    return Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
}

// The alias dictionary an Index works with: the file given, or the one stored in the index.
PersonAliases initial_aliases(Xapian::WritableDatabase& db, const IndexOptions& options,
                              const std::string& path) {
    if (options.aliases) return *options.aliases;
    const std::string stored = xapian_try("opening index '" + path + "'", [&] {
        return db.get_metadata(std::string(schema::person_aliases_key));
    });
    try {
        return PersonAliases::parse(stored);
    } catch (const Error& e) {
        throw Error(ErrorCode::corrupt, "index '" + path + "': stored person aliases: " + e.what());
    }
}

// The budget the writer's filters and journal take shares of: the one given, or the default
// one when there is none (they grow with the index, uncommitted changes or not).
std::size_t share_base(const IndexOptions& options) {
    const std::size_t mb =
        options.memory_budget_mb != 0 ? options.memory_budget_mb : IndexOptions{}.memory_budget_mb;
    return mb << 20;
}

// The writer's hygiene lists (hygiene::Lists): at most an eighth of the budget for their
// filter, as a transaction's changes get, and a thirty-second for their journal, at about
// 100 bytes a line (131,072 lines by default: a merge every 26,000 news articles or so).
hygiene::Lists writer_lists(const IndexOptions& options) {
    const std::size_t budget = share_base(options);
    return hygiene::Lists(budget / 8, hygiene::Lists::default_first_bits,
                          std::max<std::size_t>(budget / 32 / 100, 1024));
}

// The filter of the index's ids: at most a thirty-second of the budget (12.5 MB by default,
// full at 8 million ids; 1 MB, its first size, holds 700,000).
detail::KeyFilter writer_ids(const IndexOptions& options) {
    const std::size_t max_bytes = share_base(options) / 32;
    return detail::KeyFilter(max_bytes,
                             std::min(detail::KeyFilter::default_first_bits, max_bytes * 8));
}

}  // namespace

struct ShardWriter::Impl {
    // One document on its way from add() to the database: analysed by a worker, written by
    // the thread that calls add() in the order of the calls.
    struct Job {
        Document doc;
        Xapian::Document built;
        hygiene::Plan plan;                 // what hygiene decided, for the writer's bookkeeping
        detail::WordLists words;            // for the accent map and the spelling word list
        std::vector<alerts::Found> alerts;  // the alerts it matches
        std::exception_ptr error;
        bool done = false;
    };

    std::string path;
    Xapian::WritableDatabase db;
    IndexOptions options;
    detail::DocumentBuilder builder;  // analysis inside add() when there are no workers
    HygieneOptions hygiene;
    // What the uncommitted changes may have made boilerplate or not (commit cleans it).
    hygiene::Touched touched;
    hygiene::Lists lists;  // the XL lists: the transaction's changes and the journal
    detail::SpellingWords spelling;
    analysis::AccentRecorder accents;
    detail::KeyFilter ids;  // the id terms of the index (write())
    // The alerts articles are matched against (alerts/alerts.hpp; set before the first add,
    // read by the workers under mutex), whether commits write them, and the matcher of the
    // calling thread.
    std::shared_ptr<alerts::Book> alerts;
    bool writes_alerts = false;
    std::unique_ptr<alerts::Matcher> matcher;
    std::size_t pending = 0;
    std::size_t buffered_bytes = 0;  // estimated memory of the uncommitted changes
    std::uint64_t replaced = 0;      // documents re-written since the commit (aliases, clean)
    std::uint64_t auto_commits = 0;
    // The sharded index's generation the coming commit belongs to (store/shards.hpp); 0 in
    // an index of one database, which keeps none.
    std::uint64_t generation = 0;
    // How far the automatic commits are in their ramp (add()): ramp_commits once past it, and
    // from the start on an index that has documents, whose counts the workers read already
    // (there, each small commit would rewrite as many B-tree blocks as a full one).
    std::uint64_t ramp_step = 0;

    // The pipeline. jobs holds the documents in add() order; the first `claimed` of them
    // have been taken by a worker. Guarded by mutex.
    std::vector<std::thread> workers;
    std::mutex mutex;
    std::condition_variable work_ready;  // workers wait for jobs
    std::condition_variable job_done;    // the writer waits for the first job
    std::deque<std::unique_ptr<Job>> jobs;
    std::size_t claimed = 0;
    std::size_t queued_bytes = 0;           // text of the documents in jobs
    std::atomic<std::uint64_t> commits{0};  // commits so far (workers reopen their reader)
    // The writer's filter of XH terms as of the coming commit (hygiene::Lists::termed_snapshot),
    // taken by each worker once it reopened its reader. Guarded by mutex.
    std::shared_ptr<const detail::KeyFilter> termed;
    bool stopping = false;
    std::exception_ptr failed;  // first analysis error not yet thrown (writer thread only)

    Impl(const std::string& p, const IndexOptions& opts)
        : path(p),
          db(xapian_try("opening index '" + p + "'", [&] { return open_writable(p); })),
          options(opts),
          builder(opts, initial_aliases(db, opts, p)),
          hygiene(opts.hygiene),
          lists(writer_lists(opts)),
          ids(writer_ids(opts)) {
        xapian_try("opening index '" + path + "'", [&] {
            const std::string v = db.get_metadata(std::string(schema::version_key));
            if (v.empty() && db.get_doccount() != 0)
                throw Error(ErrorCode::corrupt,
                            "'" + path + "' is a Xapian database but not a veille index");
            if (v.empty()) {
                // A new index: its unposted stopwords are fixed now, for good.
                analysis::Analyzer analyzer;
                db.set_metadata(std::string(schema::unposted_key),
                                detail::positions::Unposted::defaults(analyzer).to_text());
            }
            if (v.empty() || schema::upgradable(v)) {
                db.set_metadata(std::string(schema::version_key), std::string(schema::version));
                db.commit();
            } else if (v != schema::version) {
                throw Error(ErrorCode::corrupt,
                            "index '" + path + "' has schema version " + v +
                                ", this veille reads " + std::string(schema::version),
                            "Rebuild the index with this version of veille.");
            }
            if (opts.aliases) {
                // The dictionary is part of the index: searchers map person: filters through it.
                const std::string text = builder.aliases().to_text();
                if (db.get_metadata(std::string(schema::person_aliases_key)) != text) {
                    db.set_metadata(std::string(schema::person_aliases_key), text);
                    db.commit();
                }
            }
            builder.set_unposted(std::make_shared<const detail::positions::Unposted>(
                detail::positions::Unposted::parse(
                    db.get_metadata(std::string(schema::unposted_key)))));
            if (db.get_doccount() != 0) ramp_step = ramp_commits;
            // Every change between two commit() calls is one transaction: Xapian then never
            // flushes on its own, and dropping the Index drops the uncommitted batch.
            db.begin_transaction();
        });
        unsigned n = opts.analysis_threads;
        if (n == IndexOptions::automatic) {
            const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
            n = std::min(cores - 1, 3U);
        }
        for (unsigned i = 0; i < n; ++i) workers.emplace_back([this] { work(); });
    }

    ~Impl() {
        {
            std::lock_guard lock(mutex);
            stopping = true;
        }
        work_ready.notify_all();
        for (auto& t : workers) t.join();
        try {
            db.cancel_transaction();
            db.close();
        } catch (const Xapian::Error&) {
            // Nothing sensible to do in a destructor: the last commit stays intact on disk.
        }
    }

    bool tracks() const { return hygiene.skip_boilerplate && hygiene.clean_at_commit; }

    // A worker: each has its own DocumentBuilder (an Analyzer is not thread-safe) and its own
    // reader of the committed index for the boilerplate counts (a Xapian object must not be
    // shared between threads). Counts from the last commit may be stale; commit() re-analyses
    // every document whose lines crossed the boilerplate threshold, so the result is the
    // same as in the calling thread.
    void work() {
        detail::DocumentBuilder own(options, builder.aliases());
        own.set_unposted(builder.unposted());
        std::optional<Xapian::Database> counts;
        hygiene::Lists listed = hygiene::Lists::reader();  // the committed lists, journal too
        std::unordered_map<std::string, Xapian::doccount> sources;  // documents per source
        // Taken after the reader (re)opened: a filter published before the commit of any
        // revision the reader may see.
        auto take_termed = [&] {
            std::lock_guard lock(mutex);
            listed.reopened(termed);
        };
        if (hygiene.skip_boilerplate) {
            try {
                counts.emplace(path);
                take_termed();
            } catch (const Xapian::Error&) {
                counts.reset();  // no counts: commit() applies the rule
            }
        }
        std::uint64_t seen = 0;  // the commits this reader has seen
        std::shared_ptr<alerts::Book> book;
        std::optional<alerts::Matcher> matching;
        std::unique_lock lock(mutex);
        for (;;) {
            work_ready.wait(lock, [&] { return stopping || claimed < jobs.size(); });
            if (stopping) return;
            Job& job = *jobs[claimed++];
            if (!book) book = alerts;
            lock.unlock();
            try {
                // reopen() reads the version file: only after a commit, not per document.
                if (const auto now = commits.load(std::memory_order_acquire);
                    counts && now != seen) {
                    counts->reopen();
                    take_termed();
                    sources.clear();
                    seen = now;
                }
                const hygiene::Counts view{counts ? &*counts : nullptr, 1, &listed, &sources};
                auto built = own.build(job.doc, view);
                job.built = std::move(built.doc);
                job.plan = std::move(built.plan);
                job.words = std::move(built.words);
                if (book) {
                    if (!matching) matching.emplace(book->index());
                    job.alerts = match(*book, *matching, job.doc, job.built);
                }
            } catch (const Xapian::Error&) {
                try {
                    detail::rethrow_xapian("analysing document '" + job.doc.id + "'");
                } catch (...) {
                    job.error = std::current_exception();
                }
            } catch (...) {
                job.error = std::current_exception();
            }
            lock.lock();
            job.done = true;
            if (&job == jobs.front().get()) job_done.notify_one();
        }
    }

    // The matcher of the calling thread (the workers have their own).
    alerts::Matcher& own_matcher() {
        if (!matcher) matcher = std::make_unique<alerts::Matcher>(alerts->index());
        return *matcher;
    }

    // The alerts of @p book that @p doc, analysed as @p built, matches.
    static std::vector<alerts::Found> match(alerts::Book& book, alerts::Matcher& m,
                                            const Document& doc, const Xapian::Document& built) {
        const auto set = book.current();
        if (set->alerts.empty()) return {};
        auto [found, candidates] = m.match(*set, doc, built);
        book.count(candidates, found.size());
        return std::move(found);
    }

    void write(const Document& doc, Xapian::Document& xdoc, const hygiene::Plan& plan,
               const detail::WordLists& words, std::vector<alerts::Found> matched = {}) {
        const std::string id_term = std::string(schema::id.prefix) + doc.id;
        const std::uint64_t id_key = detail::fnv1a64(id_term);
        xapian_try("adding document '" + doc.id + "'", [&] {
            // A new id, most of them in a bulk load, is added without a look-up (two B-tree
            // descents, Xapian's and ours, at a random place of a large index).
            Xapian::docid old = 0;
            if (may_hold(id_key))
                if (auto p = db.postlist_begin(id_term); p != db.postlist_end(id_term)) old = *p;
            if (old != 0) {
                // A replaced document's lines lose a holder: they may stop being boilerplate.
                hygiene::leave(db, lists, old, tracks() ? &touched : nullptr);
            }
            hygiene::join(db, lists, xdoc, plan, [&] {
                if (old == 0) return db.add_document(xdoc);
                db.replace_document(old, xdoc);  // found above: no second look-up
                return old;
            });
            record(words);
            ids.add(id_key);
            // The matches wait for the commit in memory, as the changes do.
            if (alerts) buffered_bytes += alerts->record(doc.id, std::move(matched));
            if (tracks()) touched.joined(plan.source_key, plan.lines);
        });
        buffered_bytes += memory_per_text_byte * text_bytes(doc);
    }

    // Adds what a document brings to the tables of the whole index.
    void record(const detail::WordLists& words) {
        accents.record(words.accents);
        spelling.record(words.words);
    }

    // Whether the index may hold a document whose id term hashes to @p key (ids below).
    bool may_hold(std::uint64_t key) {
        return ids.may_contain(key, db.get_doccount(), [&](const auto& add) {
            const std::string prefix(schema::id.prefix);
            for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
                add(detail::fnv1a64(*t));
        });
    }

    // Writes the analysed documents at the head of the queue, in order; with @p all, waits
    // for every queued document. A document whose analysis failed is dropped and its error
    // kept in `failed` for rethrow(); the documents after it are still written.
    void drain(bool all) {
        std::unique_lock lock(mutex);
        while (!jobs.empty()) {
            if (!jobs.front()->done) {
                if (!all) return;
                job_done.wait(lock, [&] { return jobs.front()->done; });
            }
            std::unique_ptr<Job> job = std::move(jobs.front());
            jobs.pop_front();
            --claimed;
            queued_bytes -= text_bytes(job->doc);
            lock.unlock();
            if (job->error) {
                if (!failed) failed = as_error(job->error, job->doc.id);
            } else {
                write(job->doc, job->built, job->plan, job->words, std::move(job->alerts));
            }
            lock.lock();
        }
    }

    static std::exception_ptr as_error(const std::exception_ptr& e, const std::string& id) {
        try {
            std::rethrow_exception(e);
        } catch (const Error&) {
            return e;  // already names the document (xapian_try in DocumentBuilder::build)
        } catch (const std::exception& x) {
            return std::make_exception_ptr(
                Error(ErrorCode::internal, "analysing document '" + id + "': " + x.what()));
        } catch (...) {
            return std::make_exception_ptr(
                Error(ErrorCode::internal, "analysing document '" + id + "' failed"));
        }
    }

    // Throws the error of a failed background analysis, once.
    void rethrow() {
        if (!failed) return;
        std::exception_ptr e = std::exchange(failed, nullptr);
        std::rethrow_exception(e);
    }

    // Whether a document of @p bytes of text must wait for room in the queue (mutex held).
    bool queue_full(std::size_t bytes) const {
        if (jobs.empty()) return false;
        const std::size_t budget = options.memory_budget_mb << 20;
        if (budget == 0 || ramp_step < ramp_commits)
            return jobs.size() >= ramp_jobs_per_thread * workers.size();
        return queued_bytes + bytes > budget / 8 / memory_per_text_byte;
    }

    void add(const Document& doc) {
        if (workers.empty()) {
            auto built = builder.build(doc, hygiene::Counts{&db, 1, &lists});
            std::vector<alerts::Found> matched;
            if (alerts) matched = match(*alerts, own_matcher(), doc, built.doc);
            write(doc, built.doc, built.plan, built.words, std::move(matched));
            ++pending;
        } else {
            auto job = std::make_unique<Job>();
            job->doc = doc;
            const std::size_t bytes = text_bytes(doc);
            std::unique_lock lock(mutex);
            while (queue_full(bytes)) {
                // Full: wait for the oldest document, then write all that are ready.
                job_done.wait(lock, [&] { return jobs.front()->done; });
                lock.unlock();
                drain(false);
                lock.lock();
            }
            jobs.push_back(std::move(job));
            queued_bytes += bytes;
            lock.unlock();
            work_ready.notify_one();
            ++pending;
            drain(false);
        }
        // Commit at an eighth of the budget: Xapian's cost per posting grows with the size of
        // its in-memory change maps, so transactions of 16-64 MB index fastest (bench/README.md),
        // and the rest of the budget is left for the commit itself, block caches and threads.
        // A large index commits at a quarter: there a commit rewrites a B-tree block for
        // nearly each term it touches, and waits for the disk to take them, which fewer,
        // larger transactions share out.
        // On an empty index the first commits come sooner (1/256 of the budget, doubling):
        // workers read the boilerplate counts of the last commit, so until then every line
        // looks new and the commit re-analyses every holder of the lines it finds boilerplate.
        const std::size_t budget = options.memory_budget_mb << 20;
        const std::size_t ramp = (budget >> 8) << ramp_step;
        const bool large = db.get_doccount() >= large_index_documents;
        const std::size_t share = large ? budget / 4 : budget / 8;
        const std::size_t at = ramp_step < ramp_commits ? std::min(share, ramp) : share;
        if (budget != 0 && buffered_bytes >= at) {
            // What is written so far: the queued documents go on being analysed meanwhile.
            commit(false);
            ++auto_commits;
            ramp_step = std::min<std::uint64_t>(ramp_step + 1, ramp_commits);
        }
        rethrow();
    }

    // Commits the transaction with what its documents bring besides their own terms (the
    // hygiene lists, the accent map, the word list), its disk writes started while Xapian runs
    // (index/writeback.hpp), and opens the next one. commit() and clean()'s checkpoints both
    // publish documents this way.
    // @p words: write the spelling word list too. Automatic commits leave it to the next
    // commit() unless much is waiting: Xapian rewrites every group of the list a commit
    // touches, which made a tenth of the indexing time when each automatic commit did it
    // (index/spelling_table.hpp). Until then a word of the documents committed is missing
    // from the suggestions only.
    void publish(bool words = true) {
        if (alerts) alerts->accents_added(accents.pending());
        if (alerts && writes_alerts)
            for (const auto& [key, value] : alerts->changes()) db.set_metadata(key, value);
        if (generation != 0)
            db.set_metadata(std::string(schema::generation_key), std::to_string(generation));
        lists.apply(db);
        accents.flush(db);
        if (words || spelling.pending() >= detail::max_pending_words) spelling.flush(db);
        if (!workers.empty() && hygiene.skip_boilerplate) {
            auto filter = lists.termed_snapshot(db);
            std::lock_guard lock(mutex);
            termed = std::move(filter);
        }
        {
            const detail::CommitSpace space(path, commit_reserve());
            const detail::Writeback writing(path);
            db.commit_transaction();
        }
        if (alerts && writes_alerts) alerts->committed();
        replaced = 0;
        db.begin_transaction();
    }

    // What the coming commit may add to postlist.glass (index/space.hpp): measured growth per
    // commit was under 0.45 times buffered_bytes (20,000 generated 2 KB articles, --batch
    // 100), and a re-written document takes at most its share of the table again.
    std::uint64_t commit_reserve() const {
        std::uint64_t per_document = 0;
        if (const auto n = db.get_doccount(); n != 0 && replaced != 0) {
            std::error_code ec;
            const auto size =
                std::filesystem::file_size(std::filesystem::path(path) / "postlist.glass", ec);
            if (!ec) per_document = size / n;
        }
        return std::max<std::uint64_t>(
            {detail::min_commit_reserve, buffered_bytes, 2 * replaced * per_document});
    }

    // Commits the documents written; with @p all, first every document added.
    void commit(bool all = true) {
        drain(all);
        rethrow();
        xapian_try("committing index '" + path + "'", [&] {
            if (tracks() && !touched.empty())
                replaced += hygiene::clean(db, builder, hygiene, lists, &touched, 0, {},
                                           [&](const auto& w) { record(w); })
                                .reanalysed;
            publish(all);
        });
        commits.fetch_add(1, std::memory_order_release);
        touched.clear();
        buffered_bytes = 0;
        std::lock_guard lock(mutex);
        pending = jobs.size();
    }
};

ShardWriter::ShardWriter(const std::string& path, const IndexOptions& options)
    : path_(path), options_(options), impl_(std::make_unique<Impl>(path, options)) {}
ShardWriter::~ShardWriter() = default;

void ShardWriter::set_alerts(std::shared_ptr<alerts::Book> book, bool writes) {
    std::lock_guard lock(impl_->mutex);
    impl_->alerts = std::move(book);
    impl_->writes_alerts = writes;
}

std::vector<AlertMatch> ShardWriter::match_alerts(const Document& doc) {
    auto& im = *impl_;
    if (!im.alerts) return {};
    return xapian_try("matching document '" + doc.id + "' against the alerts", [&] {
        const Xapian::Document built =
            im.builder.build(doc, hygiene::Counts{&im.db, 1, &im.lists}).doc;
        std::vector<AlertMatch> out;
        analysis::Analyzer snippets;
        for (const auto& f : im.own_matcher().match(*im.alerts->current(), doc, built).first)
            out.push_back(alerts::complete(f, doc, snippets));
        return out;
    });
}

void ShardWriter::write_added() {
    impl_->drain(true);
    impl_->rethrow();
}

void ShardWriter::set_metadata(const std::string& key, const std::string& value) {
    xapian_try("writing index '" + path_ + "'", [&] { impl_->db.set_metadata(key, value); });
}

void ShardWriter::add(const Document& doc) { impl_->add(doc); }

bool ShardWriter::remove(const std::string& id) {
    impl_->drain(true);
    impl_->rethrow();
    const std::string id_term = std::string(schema::id.prefix) + id;
    return xapian_try("removing document '" + id + "'", [&] {
        if (id.empty() || id_term.size() > detail::max_term_bytes ||
            !impl_->db.term_exists(id_term))
            return false;
        const Xapian::docid did = *impl_->db.postlist_begin(id_term);
        hygiene::leave(impl_->db, impl_->lists, did, impl_->tracks() ? &impl_->touched : nullptr);
        impl_->db.delete_document(id_term);
        ++impl_->pending;
        return true;
    });
}

void ShardWriter::commit(std::uint64_t generation) {
    impl_->generation = generation;
    impl_->commit();
}

CleanReport ShardWriter::clean(std::size_t commit_every) {
    auto& im = *impl_;
    im.drain(true);
    im.rethrow();
    return xapian_try("cleaning index '" + im.path + "'", [&] {
        // The documents to re-analyse are known before the first one is: an intermediate
        // commit publishes documents each re-analysed with the final counts.
        const auto checkpoint = [&] {
            im.replaced += commit_every;
            im.publish();
            im.pending = 0;
        };
        CleanReport r =
            hygiene::clean(im.db, im.builder, im.hygiene, im.lists, nullptr, commit_every,
                           checkpoint, [&](const auto& w) { im.record(w); });
        im.touched.clear();  // everything was checked
        im.replaced += r.reanalysed;
        return r;
    });
}

std::size_t ShardWriter::apply_aliases() {
    auto& im = *impl_;
    im.drain(true);
    im.rethrow();
    return xapian_try("applying person aliases to index '" + im.path + "'", [&] {
        std::vector<Xapian::docid> ids;
        for (auto it = im.db.postlist_begin(""); it != im.db.postlist_end(""); ++it)
            ids.push_back(*it);
        std::size_t changed = 0;
        for (const Xapian::docid id : ids) {
            Xapian::Document x = im.db.get_document(id);
            if (!im.builder.refresh_persons(x)) continue;
            im.db.replace_document(id, x);
            ++im.replaced;
            ++changed;
            ++im.pending;
        }
        return changed;
    });
}

std::uint64_t ShardWriter::size() {
    impl_->drain(true);
    impl_->rethrow();
    return xapian_try("reading index '" + impl_->path + "'",
                      [&] { return impl_->db.get_doccount(); });
}

std::size_t ShardWriter::pending() const noexcept { return impl_->pending; }

std::uint64_t ShardWriter::auto_commits() const noexcept { return impl_->auto_commits; }

void ShardWriter::compact() {
    impl_->drain(true);
    impl_->rethrow();
    const std::string fresh = path_ + ".compacting";
    std::error_code ec;
    std::filesystem::remove_all(fresh, ec);  // left by a compaction that was interrupted
    try {
        xapian_try("compacting index '" + path_ + "'", [&] {
            // The committed revision, read while this writer holds the lock: no writer can
            // change it meanwhile, and the uncommitted transaction is empty.
            Xapian::Database(path_).compact(fresh, Xapian::DBCOMPACT_NO_RENUMBER);
        });
        store::exchange_directories(fresh, path_);
    } catch (...) {
        std::filesystem::remove_all(fresh, ec);
        throw;
    }
    // The old files are at `fresh` now; this writer keeps their lock until it is closed, so no
    // other writer could open the index in between. Readers keep reading them until they
    // reopen.
    impl_.reset();
    std::filesystem::remove_all(fresh, ec);
    try {
        impl_ = std::make_unique<Impl>(path_, options_);
    } catch (const Error& e) {
        // Another writer took the compacted index in the instant it had none: it is theirs.
        throw Error(e.code(),
                    std::string("index '") + path_ +
                        "' was compacted, then could not be opened again: " + e.what(),
                    "Open the index again.");
    }
}

std::uint64_t ShardWriter::generation() const {
    return xapian_try("reading index '" + impl_->path + "'", [&] {
        return store::parse_generation(impl_->db.get_metadata(std::string(schema::generation_key)));
    });
}

std::vector<std::string> ShardWriter::source_keys() const {
    return xapian_try("reading index '" + impl_->path + "'", [&] {
        std::vector<std::string> keys;
        const std::string xs(schema::source.prefix);
        for (auto t = impl_->db.allterms_begin(xs); t != impl_->db.allterms_end(xs); ++t)
            keys.push_back((*t).substr(xs.size()));
        return keys;
    });
}

void ShardWriter::each_id_key(const std::function<void(std::uint64_t)>& add) const {
    xapian_try("reading index '" + impl_->path + "'", [&] {
        const std::string q(schema::id.prefix);
        for (auto t = impl_->db.allterms_begin(q); t != impl_->db.allterms_end(q); ++t)
            add(fnv1a64(*t));
    });
}

}  // namespace veille::detail
