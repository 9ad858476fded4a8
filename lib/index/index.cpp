// SPDX-License-Identifier: MIT
// veille::Index: one ShardWriter for an index of one database, called in the caller's thread;
// for a sharded index (store/shards.hpp), a router in front of one ShardWriter per shard, each
// in its own thread, and the commit policy and generation that keep them one index.
#include "veille/index.hpp"

#include <algorithm>
#include <bit>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "alerts/alerts.hpp"
#include "analysis/text.hpp"
#include "core/codec.hpp"
#include "core/key_filter.hpp"
#include "index/document_builder.hpp"
#include "index/shard_writer.hpp"
#include "schema/schema.hpp"
#include "store/journal.hpp"
#include "store/shards.hpp"
#include "veille/error.hpp"

namespace veille {

namespace {

namespace fs = std::filesystem;

using detail::memory_per_text_byte;
using detail::ramp_commits;

using detail::text_bytes;

// Whether @p dir is a new index to create with shards: absent, empty, or left by a creation
// that stopped before its manifest (only shard directories and the lock in it).
bool new_sharded_directory(const std::string& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) return true;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name == store::lock_name) continue;
        if (!(name.starts_with("shard-") && e.is_directory(ec))) return false;
    }
    return !ec;
}

}  // namespace

struct Index::Impl {
    // One shard: its writer, and the thread that runs everything asked of it in order.
    struct Shard {
        std::unique_ptr<detail::ShardWriter> writer;
        std::thread thread;
        std::mutex mutex;
        std::condition_variable ready;  // the thread waits for tasks
        std::condition_variable idle;   // callers wait for room or for the end of the tasks
        std::deque<std::function<void(detail::ShardWriter&)>> tasks;
        std::size_t queued_bytes = 0;
        bool busy = false;
        bool stopping = false;
        std::exception_ptr error;     // the first error of a task, not thrown yet
        std::uint64_t documents = 0;  // routed here, held at open included: for balance
        detail::KeyFilter ids;        // the ids this shard may hold (may_hold())

        explicit Shard(std::size_t filter_bytes) : ids(filter_bytes, filter_bytes * 8) {}

        void run() {
            std::unique_lock guard(mutex);
            for (;;) {
                ready.wait(guard, [&] { return stopping || !tasks.empty(); });
                if (stopping) return;  // what is left would be discarded with the writer
                auto task = std::move(tasks.front());
                tasks.pop_front();
                busy = true;
                guard.unlock();
                std::exception_ptr failed;
                try {
                    task(*writer);
                } catch (...) {
                    failed = std::current_exception();
                }
                guard.lock();
                busy = false;
                if (failed && !error) error = failed;
                idle.notify_all();
            }
        }
    };

    std::string path;
    IndexOptions options;
    // An index of one database: its writer, in the caller's thread.
    std::unique_ptr<detail::ShardWriter> single;
    // A sharded index.
    std::optional<store::DirectoryLock> lock;
    store::Manifest manifest;
    std::optional<store::Journal> journal;  // the changes of the coming generation
    bool broken = false;  // a commit or compaction failed part-way: only reopening finishes it
    std::vector<std::unique_ptr<Shard>> shards;
    // The alerts, kept in the index's database or its first shard (alerts/alerts.hpp).
    std::shared_ptr<alerts::Book> book;
    std::unordered_map<std::string, std::size_t> source_shard;  // facet key -> shard
    std::size_t buffered_bytes = 0;  // estimated memory of the uncommitted changes
    std::size_t pending = 0;
    std::uint64_t auto_commits = 0;
    std::uint64_t commits = 0;
    std::uint64_t ramp_step = 0;  // as an index of one database's (shard_writer.cpp)

    Impl(const std::string& p, const IndexOptions& opts) : path(p), options(opts) {
        if (opts.shards > IndexOptions::max_shards)
            throw Error(ErrorCode::invalid_argument, "shards: " + std::to_string(opts.shards) +
                                                         " asked, at most " +
                                                         std::to_string(IndexOptions::max_shards));
        if (store::is_sharded(p)) {
            open_sharded(false);
        } else if (opts.shards > 1 && new_sharded_directory(p)) {
            open_sharded(true);
        } else {
            single = std::make_unique<detail::ShardWriter>(p, opts);
        }
        // After a journal replay: the alerts of the committed generation.
        book = std::make_shared<alerts::Book>(
            p, single ? p : (fs::path(p) / manifest.shards.front()).string());
        if (single) single->set_alerts(book, true);
        for (auto& s : shards) s->writer->set_alerts(book, false);
    }

    ~Impl() {
        for (auto& s : shards) {
            {
                std::lock_guard l(s->mutex);
                s->stopping = true;
            }
            s->ready.notify_all();
        }
        for (auto& s : shards)
            if (s->thread.joinable()) s->thread.join();
    }

    // The options of each shard's writer: the index commits them all together, so none
    // commits on its own; the analysis threads are shared out.
    IndexOptions shard_options(std::size_t count) const {
        IndexOptions o = options;
        o.memory_budget_mb = 0;
        if (o.analysis_threads == IndexOptions::automatic) {
            const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
            o.analysis_threads =
                std::max(1U, std::min(cores - 1, 3U) / static_cast<unsigned>(count));
        }
        return o;
    }

    void open_sharded(bool create) {
        std::error_code ec;
        fs::create_directories(path, ec);
        if (ec) throw Error(ErrorCode::io, "creating index '" + path + "': " + ec.message());
        lock.emplace(path);
        if (create) {
            // Created again from the start if this stops before the manifest: no document is
            // written before it exists.
            manifest.schema = std::string(schema::version);
            for (unsigned i = 0; i < options.shards; ++i)
                manifest.shards.push_back(store::shard_name(i));
        } else {
            manifest = store::read_manifest(path);
            if (manifest.schema != schema::version && !schema::upgradable(manifest.schema))
                throw Error(ErrorCode::corrupt,
                            "index '" + path + "' has schema version " + manifest.schema +
                                ", this veille reads " + std::string(schema::version),
                            "Rebuild the index with this version of veille.");
        }
        const IndexOptions o = shard_options(manifest.shards.size());
        // The id filters share a thirty-second of the budget, as one index's does.
        const std::size_t budget = (options.memory_budget_mb != 0 ? options.memory_budget_mb
                                                                  : IndexOptions{}.memory_budget_mb)
                                   << 20;
        const std::size_t filter_bytes =
            std::bit_floor(std::max<std::size_t>(budget / 32 / manifest.shards.size(), 4096));
        for (std::size_t i = 0; i < manifest.shards.size(); ++i) {
            auto s = std::make_unique<Shard>(filter_bytes);
            s->writer = std::make_unique<detail::ShardWriter>(
                (fs::path(path) / manifest.shards[i]).string(), o);
            s->ids.prepare(1, 0, [&](const auto& add) { s->writer->each_id_key(add); });
            for (auto& key : s->writer->source_keys()) source_shard.try_emplace(key, i);
            s->documents = s->writer->size();
            shards.push_back(std::move(s));
        }
        if (create)
            store::write_manifest(path, manifest);
        else
            finish_interrupted_commit();
        journal.emplace(path);
        commits = manifest.generation;
        for (auto& s : shards)
            if (s->documents != 0) ramp_step = ramp_commits;
        for (auto& s : shards) s->thread = std::thread([p = s.get()] { p->run(); });
    }

    // A commit stamps every shard with the new generation, then writes the manifest. A shard
    // found one generation ahead of the manifest was committed by a commit that stopped before
    // the others were: the journal of that generation, sealed before any shard committed, is
    // replayed on the shards behind, so every shard and the manifest reach it.
    void finish_interrupted_commit() {
        const std::uint64_t g = manifest.generation;
        std::vector<std::size_t> behind;
        bool ahead = false;
        for (std::size_t i = 0; i < shards.size(); ++i) {
            const std::uint64_t at = shards[i]->writer->generation();
            if (at < g || at > g + 1)
                throw Error(ErrorCode::corrupt, "index '" + path + "': shard '" +
                                                    manifest.shards[i] + "' is at generation " +
                                                    std::to_string(at) + ", the index at " +
                                                    std::to_string(g));
            if (at == g) behind.push_back(i);
            ahead = ahead || at == g + 1;
        }
        if (!ahead) return;  // the journal, if any, is of a generation never committed
        const auto entries = store::Journal::read_sealed(path, g + 1);
        if (!entries)
            throw Error(ErrorCode::corrupt, "index '" + path + "': a commit of generation " +
                                                std::to_string(g + 1) +
                                                " was interrupted and its journal is missing");
        for (const std::size_t i : behind) {
            detail::ShardWriter& w = *shards[i]->writer;
            for (const auto& e : *entries) {
                if (e.shard != i) continue;
                // A document whose analysis failed when it was added (its error went to the
                // caller then) fails again, and is left out again.
                try {
                    replay(w, e);
                } catch (const Error& x) {
                    if (x.code() == ErrorCode::io || e.op != store::Journal::Op::add) throw;
                }
            }
            w.commit(g + 1);
            shards[i]->documents = w.size();
        }
        manifest.generation = g + 1;
        manifest.schema = std::string(schema::version);
        store::write_manifest(path, manifest);
    }

    static void replay(detail::ShardWriter& w, const store::Journal::Entry& e) {
        switch (e.op) {
            case store::Journal::Op::add:
                w.add(e.doc);
                break;
            case store::Journal::Op::remove:
                w.remove(e.id);
                break;
            case store::Journal::Op::clean:
                w.clean(e.commit_every);
                break;
            case store::Journal::Op::aliases:
                w.apply_aliases();
                break;
            case store::Journal::Op::metadata:
                w.set_metadata(e.key, e.value);
                break;
        }
    }

    // Asks shard @p s to run @p task after everything asked before; waits while the shard has
    // more than its share of the budget's text queued.
    void post(Shard& s, std::function<void(detail::ShardWriter&)> task,
              std::size_t bytes = 0) const {
        const std::size_t budget = options.memory_budget_mb << 20;
        const std::size_t room = std::max<std::size_t>(
            budget / 16 / memory_per_text_byte / shards.size(), std::size_t{1} << 20);
        std::unique_lock l(s.mutex);
        s.idle.wait(l, [&] { return s.tasks.empty() || s.queued_bytes + bytes <= room; });
        s.queued_bytes += bytes;
        s.tasks.emplace_back([task = std::move(task), bytes, &s](detail::ShardWriter& w) {
            {
                std::lock_guard g(s.mutex);
                s.queued_bytes -= bytes;
            }
            task(w);
        });
        l.unlock();
        s.ready.notify_one();
    }

    // Waits until shard @p s has run everything asked, then throws its first error.
    static void finish(Shard& s) {
        std::unique_lock l(s.mutex);
        s.idle.wait(l, [&] { return s.tasks.empty() && !s.busy; });
        if (s.error) std::rethrow_exception(std::exchange(s.error, nullptr));
    }

    // Runs @p task on every shard at once; throws the first error once all are done.
    void on_all(const std::function<void(std::size_t, detail::ShardWriter&)>& task) {
        for (std::size_t i = 0; i < shards.size(); ++i)
            post(*shards[i], [&task, i](detail::ShardWriter& w) { task(i, w); });
        finish_all();
    }

    void finish_all() {
        std::exception_ptr first;
        for (auto& s : shards) {
            try {
                finish(*s);
            } catch (...) {
                if (!first) first = std::current_exception();
            }
        }
        if (first) std::rethrow_exception(first);
    }

    // Throws an error a shard met since the last call, without waiting.
    void rethrow_any() {
        for (auto& s : shards) {
            std::lock_guard l(s->mutex);
            if (s->error) std::rethrow_exception(std::exchange(s->error, nullptr));
        }
    }

    // Throws once a commit failed half-way: some shards may have committed, and only the
    // replay of the journal when the index is opened again brings the others there.
    void usable() const {
        if (broken)
            throw Error(ErrorCode::io,
                        "index '" + path + "': a commit or compaction failed part-way",
                        "Open the index again: it finishes a commit from its journal.");
    }

    std::uint64_t size_hint() const {
        std::uint64_t n = 0;
        for (const auto& s : shards) n += s->documents;
        return n;
    }

    std::size_t fewest_documents() const {
        std::size_t best = 0;
        for (std::size_t i = 1; i < shards.size(); ++i)
            if (shards[i]->documents < shards[best]->documents) best = i;
        return best;
    }

    // The shard of @p doc: its source's, or, for a new source or none, the one with the fewest
    // documents.
    std::size_t route(const Document& doc) {
        if (doc.source.empty()) return fewest_documents();
        auto [it, fresh] = source_shard.try_emplace(analysis::facet_key(doc.source), 0);
        if (fresh) it->second = fewest_documents();
        return it->second;
    }

    void add(const Document& doc) {
        usable();
        detail::validate(doc);
        if (single) {
            single->add(doc);
            return;
        }
        const std::size_t to = route(doc);
        const std::uint64_t key = detail::fnv1a64(std::string(schema::id.prefix) + doc.id);
        // A replaced document may be in another shard (its source changed, or the shard chosen
        // for no source differs): removed there first.
        for (std::size_t i = 0; i < shards.size(); ++i)
            if (i != to && shards[i]->ids.may_contain(key)) {
                journal->remove(static_cast<std::uint32_t>(i), doc.id);
                post(*shards[i], [id = doc.id](detail::ShardWriter& w) { w.remove(id); });
            }
        journal->add(static_cast<std::uint32_t>(to), doc);
        Shard& s = *shards[to];
        s.ids.add(key);
        ++s.documents;
        const std::size_t bytes = text_bytes(doc);
        post(
            s, [doc](detail::ShardWriter& w) { w.add(doc); }, bytes);
        ++pending;
        buffered_bytes += memory_per_text_byte * bytes;
        // The commit policy of an index of one database (shard_writer.cpp), for the whole
        // index: its shards commit only when it does, so that every commit is one of the index.
        const std::size_t budget = options.memory_budget_mb << 20;
        const std::size_t ramp = (budget >> 8) << ramp_step;
        const std::size_t share =
            size_hint() >= detail::large_index_documents ? budget / 4 : budget / 8;
        const std::size_t at = ramp_step < ramp_commits ? std::min(share, ramp) : share;
        if (budget != 0 && buffered_bytes >= at) {
            commit();
            ++auto_commits;
            ramp_step = std::min<std::uint64_t>(ramp_step + 1, ramp_commits);
        }
        // An earlier document's background error, once this one is on its way.
        rethrow_any();
    }

    bool remove(const std::string& id) {
        const bool found = remove_document(id);
        book->forget(id);  // once every earlier add() is written
        return found;
    }

    bool remove_document(const std::string& id) {
        usable();
        if (single) return single->remove(id);
        const std::uint64_t key = detail::fnv1a64(std::string(schema::id.prefix) + id);
        bool found = false;
        std::mutex m;
        for (std::size_t i = 0; i < shards.size(); ++i) {
            Shard* s = shards[i].get();
            if (!s->ids.may_contain(key)) continue;
            journal->remove(static_cast<std::uint32_t>(i), id);
            post(*s, [&](detail::ShardWriter& w) {
                const bool here = w.remove(id);
                std::lock_guard g(m);
                found = found || here;
            });
        }
        finish_all();
        if (found) ++pending;
        return found;
    }

    void commit() {
        usable();
        if (single) {
            single->commit();
            return;
        }
        const std::uint64_t generation = commits + 1;
        // Every write of the generation is done before its journal is sealed; an error of one
        // (a document's analysis) is thrown with nothing committed. Written, the documents
        // have recorded their alert matches.
        finish_all();
        on_all([](std::size_t, detail::ShardWriter& w) { w.write_added(); });
        try {
            // The alerts' changes and matches go to the first shard, journalled first.
            auto changes = book->changes();
            if (!changes.empty()) {
                for (const auto& [key, value] : changes) journal->metadata(0, key, value);
                post(*shards.front(), [changes = std::move(changes)](detail::ShardWriter& w) {
                    for (const auto& [key, value] : changes) w.set_metadata(key, value);
                });
            }
            journal->seal(generation);
            on_all([generation](std::size_t, detail::ShardWriter& w) { w.commit(generation); });
            store::Manifest next = manifest;
            next.generation = generation;
            next.schema = std::string(schema::version);
            store::write_manifest(path, next);
            manifest = std::move(next);
            book->committed();
            journal->reset();
        } catch (...) {
            broken = true;
            throw;
        }
        commits = generation;
        buffered_bytes = 0;
        pending = 0;
    }
};

Index::Index(const std::string& path, const IndexOptions& options)
    : impl_(std::make_unique<Impl>(path, options)) {}
Index::~Index() = default;
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;

void Index::add(const Document& doc) { impl_->add(doc); }

bool Index::remove(const std::string& id) { return impl_->remove(id); }

void Index::commit() { impl_->commit(); }

CleanReport Index::clean(std::size_t commit_every) {
    auto& im = *impl_;
    im.usable();
    if (im.single) return im.single->clean(commit_every);
    // Intermediate commits of a shard's clean publish what it has: first every change made
    // before, as a commit of the whole index, so that those commits only re-analyse.
    if (commit_every != 0) im.commit();
    for (std::size_t i = 0; i < im.shards.size(); ++i)
        im.journal->clean(static_cast<std::uint32_t>(i), commit_every);
    std::vector<CleanReport> parts(im.shards.size());
    im.on_all([&](std::size_t i, detail::ShardWriter& w) { parts[i] = w.clean(commit_every); });
    CleanReport r;
    for (const auto& p : parts) {
        r.documents += p.documents;
        r.paragraphs_checked += p.paragraphs_checked;
        r.boilerplate_lines += p.boilerplate_lines;
        r.reanalysed += p.reanalysed;
    }
    return r;
}

CompactReport Index::compact() {
    auto& im = *impl_;
    im.usable();
    im.commit();
    CompactReport r;
    r.bytes_before = store::directory_bytes(im.path);
    try {
        if (im.single)
            im.single->compact();
        else
            im.on_all([](std::size_t, detail::ShardWriter& w) { w.compact(); });
    } catch (...) {
        im.broken = true;  // a writer may be closed: only a new Index is sure to have them all
        throw;
    }
    r.bytes_after = store::directory_bytes(im.path);
    return r;
}

std::size_t Index::apply_aliases() {
    auto& im = *impl_;
    im.usable();
    if (im.single) return im.single->apply_aliases();
    for (std::size_t i = 0; i < im.shards.size(); ++i)
        im.journal->aliases(static_cast<std::uint32_t>(i));
    std::vector<std::size_t> parts(im.shards.size());
    im.on_all([&](std::size_t i, detail::ShardWriter& w) { parts[i] = w.apply_aliases(); });
    std::size_t changed = 0;
    for (auto n : parts) changed += n;
    im.pending += changed;
    return changed;
}

void Index::set_alert(const Alert& alert) {
    impl_->usable();
    impl_->book->set(alert);
}

bool Index::remove_alert(const std::string& name) {
    impl_->usable();
    return impl_->book->remove(name);
}

std::vector<Alert> Index::alerts() const { return impl_->book->list(); }

std::vector<AlertMatch> Index::match_alerts(const Document& doc) {
    auto& im = *impl_;
    im.usable();
    detail::validate(doc);
    if (im.book->empty()) return {};
    if (im.single) return im.single->match_alerts(doc);
    // Analysed by the shard of its source, whose lines hygiene counts.
    std::size_t to = 0;
    if (const auto it = im.source_shard.find(analysis::facet_key(doc.source));
        it != im.source_shard.end())
        to = it->second;
    std::vector<AlertMatch> out;
    im.post(*im.shards[to], [&](detail::ShardWriter& w) { out = w.match_alerts(doc); });
    im.finish(*im.shards[to]);
    return out;
}

AlertCounts Index::alert_counts() const {
    const auto c = impl_->book->counts();
    return {c.documents, c.candidates, c.matches};
}

std::uint64_t Index::size() const {
    auto& im = *impl_;
    im.usable();
    if (im.single) return im.single->size();
    std::vector<std::uint64_t> parts(im.shards.size());
    im.on_all([&](std::size_t i, detail::ShardWriter& w) { parts[i] = w.size(); });
    std::uint64_t n = 0;
    for (auto p : parts) n += p;
    return n;
}

std::size_t Index::pending() const noexcept {
    return impl_->single ? impl_->single->pending() : impl_->pending;
}

std::uint64_t Index::auto_commits() const noexcept {
    return impl_->single ? impl_->single->auto_commits() : impl_->auto_commits;
}

}  // namespace veille
