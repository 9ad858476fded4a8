// SPDX-License-Identifier: MIT
#include "veille/index.hpp"

#include <xapian.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "analysis/french.hpp"
#include "analysis/text.hpp"
#include "core/date.hpp"
#include "core/xapian_try.hpp"
#include "index/document_builder.hpp"
#include "index/stored_document.hpp"
#include "persons/person_index.hpp"
#include "schema/schema.hpp"

namespace veille {

using detail::xapian_try;

namespace {

// Memory Xapian holds per byte of text between two commits (its inverter keeps every posting,
// position and document of the transaction in maps): measured as peak RSS / text size on
// generated news and on the Littré (bench/README.md), rounded up.
constexpr std::size_t memory_per_text_byte = 13;

// Documents handed to the analysis threads and not yet written: enough to keep every thread
// busy while the writer catches up, few enough to weigh nothing next to the budget.
constexpr std::size_t jobs_per_thread = 32;

std::size_t text_bytes(const Document& d) {
    std::size_t n = d.title.size() + d.body.size() + d.source.size() + d.url.size() + d.id.size();
    for (const auto& p : d.persons) n += p.size();
    return n;
}

}  // namespace

struct Index::Impl {
    // One document on its way from add() to the database: analysed by a worker, written by
    // the thread that calls add() in the order of the calls.
    struct Job {
        Document doc;
        Xapian::Document built;
        std::exception_ptr error;
        bool done = false;
    };

    std::string path;
    Xapian::WritableDatabase db;
    IndexOptions options;
    detail::DocumentBuilder builder;  // analysis inside add() when there are no workers
    std::size_t pending = 0;
    std::size_t buffered_bytes = 0;   // estimated memory of the uncommitted changes
    std::uint64_t auto_commits = 0;

    // The pipeline. jobs holds the documents in add() order; the first `claimed` of them
    // have been taken by a worker. Guarded by mutex.
    std::vector<std::thread> workers;
    std::mutex mutex;
    std::condition_variable work_ready;  // workers wait for jobs
    std::condition_variable job_done;    // the writer waits for the first job
    std::deque<std::unique_ptr<Job>> jobs;
    std::size_t claimed = 0;
    bool stopping = false;
    std::exception_ptr failed;  // first analysis error not yet thrown (writer thread only)

    Impl(const std::string& p, const IndexOptions& opts)
        : path(p),
          db(xapian_try("opening index '" + p + "'",
                        [&] { return Xapian::WritableDatabase(p, Xapian::DB_CREATE_OR_OPEN); })),
          options(opts),
          builder(opts) {
        xapian_try("opening index '" + path + "'", [&] {
            const std::string v = db.get_metadata(std::string(schema::version_key));
            if (v.empty()) {
                if (db.get_doccount() != 0)
                    throw Error(ErrorCode::corrupt,
                                "'" + path + "' is a Xapian database but not a veille index");
                db.set_metadata(std::string(schema::version_key), std::string(schema::version));
                db.commit();
            } else if (v != schema::version) {
                throw Error(ErrorCode::corrupt,
                            "index '" + path + "' has schema version " + v + ", this veille reads " +
                                std::string(schema::version),
                            "Rebuild the index with this version of veille.");
            }
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

    // A worker: each has its own DocumentBuilder (an Analyzer is not thread-safe).
    void work() {
        detail::DocumentBuilder own(options);
        std::unique_lock lock(mutex);
        for (;;) {
            work_ready.wait(lock, [&] { return stopping || claimed < jobs.size(); });
            if (stopping) return;
            Job& job = *jobs[claimed++];
            lock.unlock();
            try {
                job.built = own.build(job.doc);
            } catch (...) {
                job.error = std::current_exception();
            }
            lock.lock();
            job.done = true;
            if (&job == jobs.front().get()) job_done.notify_one();
        }
    }

    void write(const Document& doc, const Xapian::Document& xdoc) {
        const std::string id_term = std::string(schema::id.prefix) + doc.id;
        xapian_try("adding document '" + doc.id + "'", [&] { db.replace_document(id_term, xdoc); });
        buffered_bytes += memory_per_text_byte * text_bytes(doc);
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
            lock.unlock();
            if (job->error) {
                if (!failed) failed = as_error(job->error, job->doc.id);
            } else {
                write(job->doc, job->built);
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

    void add(const Document& doc) {
        detail::validate(doc);
        if (workers.empty()) {
            write(doc, builder.build(doc));
            ++pending;
        } else {
            auto job = std::make_unique<Job>();
            job->doc = doc;
            const std::size_t capacity = jobs_per_thread * workers.size();
            std::unique_lock lock(mutex);
            while (jobs.size() >= capacity) {
                // Full: wait for the oldest document, then write all that are ready.
                job_done.wait(lock, [&] { return jobs.front()->done; });
                lock.unlock();
                drain(false);
                lock.lock();
            }
            jobs.push_back(std::move(job));
            lock.unlock();
            work_ready.notify_one();
            ++pending;
            drain(false);
        }
        // Commit at an eighth of the budget: Xapian's cost per posting grows with the size of
        // its in-memory change maps, so transactions of 16-64 MB index fastest (bench/README.md),
        // and the rest of the budget is left for the commit itself, block caches and threads.
        const std::size_t budget = options.memory_budget_mb << 20;
        if (budget != 0 && buffered_bytes >= budget / 8) {
            commit();
            ++auto_commits;
        }
        rethrow();
    }

    void commit() {
        drain(true);
        rethrow();
        xapian_try("committing index '" + path + "'", [&] {
            db.commit_transaction();
            db.begin_transaction();
        });
        pending = 0;
        buffered_bytes = 0;
    }
};

Index::Index(const std::string& path, const IndexOptions& options)
    : impl_(std::make_unique<Impl>(path, options)) {}
Index::~Index() = default;
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;

void Index::add(const Document& doc) { impl_->add(doc); }

bool Index::remove(const std::string& id) {
    impl_->drain(true);
    impl_->rethrow();
    const std::string id_term = std::string(schema::id.prefix) + id;
    return xapian_try("removing document '" + id + "'", [&] {
        if (id.empty() || id_term.size() > detail::max_term_bytes || !impl_->db.term_exists(id_term))
            return false;
        impl_->db.delete_document(id_term);
        ++impl_->pending;
        return true;
    });
}

void Index::commit() { impl_->commit(); }

std::uint64_t Index::size() const {
    impl_->drain(true);
    impl_->rethrow();
    return xapian_try("reading index '" + impl_->path + "'", [&] { return impl_->db.get_doccount(); });
}

std::size_t Index::pending() const noexcept { return impl_->pending; }

std::uint64_t Index::auto_commits() const noexcept { return impl_->auto_commits; }

}  // namespace veille
