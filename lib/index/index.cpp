// SPDX-License-Identifier: MIT
#include "veille/index.hpp"

#include <xapian.h>

#include "analysis/french.hpp"
#include "analysis/text.hpp"
#include "core/date.hpp"
#include "core/xapian_try.hpp"
#include "hygiene/clean.hpp"
#include "index/document_builder.hpp"
#include "index/spelling_table.hpp"
#include "index/stored_document.hpp"
#include "persons/person_index.hpp"
#include "schema/schema.hpp"

namespace veille {

using detail::xapian_try;

namespace {

// The alias dictionary an Index works with: the file given, or the one stored in the index.
PersonAliases initial_aliases(Xapian::WritableDatabase& db, const IndexOptions& options, const std::string& path) {
    if (!options.aliases_file.empty()) return PersonAliases::load(options.aliases_file);
    const std::string stored = xapian_try("opening index '" + path + "'", [&] {
        return db.get_metadata(std::string(schema::person_aliases_key));
    });
    try {
        return PersonAliases::parse(stored);
    } catch (const Error& e) {
        throw Error(ErrorCode::corrupt, "index '" + path + "': stored person aliases: " + e.what());
    }
}

}  // namespace

struct Index::Impl {
    std::string path;
    Xapian::WritableDatabase db;
    detail::DocumentBuilder builder;
    HygieneOptions hygiene;
    // What the uncommitted changes may have made boilerplate or not (commit cleans it).
    hygiene::Touched touched;
    std::size_t pending = 0;
    detail::SpellingTable spelling;

    Impl(const std::string& p, const IndexOptions& options)
        : path(p),
          db(xapian_try("opening index '" + p + "'",
                        [&] { return Xapian::WritableDatabase(p, Xapian::DB_CREATE_OR_OPEN); })),
          builder(options, initial_aliases(db, options, p)),
          hygiene(options.hygiene),
          spelling(options.spelling) {
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
            if (!options.aliases_file.empty()) {
                // The dictionary is part of the index: searchers map person: filters through it.
                const std::string text = builder.aliases().to_text();
                if (db.get_metadata(std::string(schema::person_aliases_key)) != text) {
                    db.set_metadata(std::string(schema::person_aliases_key), text);
                    db.commit();
                }
            }
            // Every change between two commit() calls is one transaction: Xapian then never
            // flushes on its own, and dropping the Index drops the uncommitted batch.
            db.begin_transaction();
        });
    }

    [[nodiscard]] bool tracks() const noexcept {
        return hygiene.skip_boilerplate && hygiene.clean_at_commit;
    }

    ~Impl() {
        try {
            db.cancel_transaction();
            db.close();
        } catch (const Xapian::Error&) {
            // Nothing sensible to do in a destructor: the last commit stays intact on disk.
        }
    }
};

Index::Index(const std::string& path, const IndexOptions& options)
    : impl_(std::make_unique<Impl>(path, options)) {}
Index::~Index() = default;
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;

void Index::add(const Document& doc) {
    auto& im = *impl_;
    Xapian::Document xdoc = im.builder.build(doc, hygiene::Counts{&im.db, 1});
    const std::string id_term = std::string(schema::id.prefix) + doc.id;
    xapian_try("adding document '" + doc.id + "'", [&] {
        if (im.tracks()) {
            // A replaced document's lines lose a holder: they may stop being boilerplate.
            if (auto p = im.db.postlist_begin(id_term); p != im.db.postlist_end(id_term))
                im.touched.leaving(im.db, *p);
        }
        im.spelling.before_replace(im.db, id_term);
        im.spelling.added(doc);
        im.db.replace_document(id_term, xdoc);
        if (im.tracks()) {
            const auto& plan = im.builder.last_plan();
            im.touched.joined(plan.source_key, plan.lines);
        }
    });
    ++im.pending;
}

bool Index::remove(const std::string& id) {
    const std::string id_term = std::string(schema::id.prefix) + id;
    return xapian_try("removing document '" + id + "'", [&] {
        if (id.empty() || id_term.size() > detail::max_term_bytes || !impl_->db.term_exists(id_term))
            return false;
        impl_->spelling.before_replace(impl_->db, id_term);
        if (impl_->tracks()) {
            auto p = impl_->db.postlist_begin(id_term);
            impl_->touched.leaving(impl_->db, *p);
        }
        impl_->db.delete_document(id_term);
        ++impl_->pending;
        return true;
    });
}

void Index::commit() {
    auto& im = *impl_;
    xapian_try("committing index '" + im.path + "'", [&] {
        if (im.tracks() && !im.touched.empty())
            hygiene::clean(im.db, im.builder, im.hygiene, &im.touched);
        im.spelling.flush(im.db);
        im.db.commit_transaction();
        im.db.begin_transaction();
    });
    im.touched.clear();
    im.pending = 0;
}

CleanReport Index::clean(std::size_t commit_every) {
    auto& im = *impl_;
    return xapian_try("cleaning index '" + im.path + "'", [&] {
        // The documents to re-analyse are known before the first one is: an intermediate
        // commit publishes documents each re-analysed with the final counts.
        const auto checkpoint = [&] {
            im.db.commit_transaction();
            im.db.begin_transaction();
            im.pending = 0;
        };
        CleanReport r =
            hygiene::clean(im.db, im.builder, im.hygiene, nullptr, commit_every, checkpoint);
        im.touched.clear();  // everything was checked
        return r;
    });
}

std::size_t Index::apply_aliases() {
    auto& im = *impl_;
    return xapian_try("applying person aliases to index '" + im.path + "'", [&] {
        std::vector<Xapian::docid> ids;
        for (auto it = im.db.postlist_begin(""); it != im.db.postlist_end(""); ++it) ids.push_back(*it);
        std::size_t changed = 0;
        for (const Xapian::docid id : ids) {
            Xapian::Document x = im.db.get_document(id);
            if (!im.builder.refresh_persons(x)) continue;
            im.db.replace_document(id, x);
            ++changed;
            ++im.pending;
        }
        return changed;
    });
}

std::uint64_t Index::size() const {
    return xapian_try("reading index '" + impl_->path + "'", [&] { return impl_->db.get_doccount(); });
}

std::size_t Index::pending() const noexcept { return impl_->pending; }

}  // namespace veille
