// ww_xapian.cc -- the only file that speaks Xapian; see ww_xapian.h for the contract.
//
// Every exported function is a try/catch: Xapian and the C++ library throw, C does not catch.
// status_of_exception() sorts whatever was thrown into a ww_status and a message.

#include "ww_xapian.h"

#include "ww_util.h"

#include <xapian.h>

#include <endian.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <new>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace
{

const char *const STEM_LANGUAGE = "dutch";

// Called inside a catch block: rethrows to learn the exception's type.
ww_status status_of_exception(std::string &message)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        message = e.get_description();
        return WW_ERR_LOCKED;
    } catch (const Xapian::DatabaseModifiedError &e) {
        message = e.get_description();
        return WW_ERR_MODIFIED;
    } catch (const Xapian::DatabaseCorruptError &e) {
        message = e.get_description();
        return WW_ERR_CORRUPT;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        message = e.get_description();
        return WW_ERR_NOT_FOUND;
    } catch (const Xapian::DocNotFoundError &e) {
        message = e.get_description();
        return WW_ERR_NOT_FOUND;
    } catch (const Xapian::InvalidArgumentError &e) {
        message = e.get_description();
        return WW_ERR_INVALID;
    } catch (const Xapian::DatabaseError &e) {
        message = e.get_description();
        return WW_ERR_IO;
    } catch (const Xapian::Error &e) {
        message = e.get_description();
        return WW_ERR_XAPIAN;
    } catch (const std::bad_alloc &) {
        message = "out of memory";
        return WW_ERR_NO_MEMORY;
    } catch (const std::exception &e) {
        message = e.what();
        return WW_ERR_INTERNAL;
    } catch (...) {
        message = "unknown exception";
        return WW_ERR_INTERNAL;
    }
}

// A C copy of a C++ string (the caller frees); out of memory aborts, as everywhere.
char *copy_string(const std::string &s)
{
    return ww_xstrndup(s.data(), s.size());
}

// Out of memory aborts in C++ as it does in C (ww_util.h): operator new, in this file and in
// Xapian itself, calls this instead of throwing std::bad_alloc.
[[noreturn]] void new_failed()
{
    ww_out_of_memory(0);
}
const std::new_handler previous_new_handler = std::set_new_handler(new_failed);

// The stopwords as a hash set: the TermGenerator asks for every word it indexes, and
// Xapian's SimpleStopper (a std::set) compares the word with about eight stopwords each time.
class HashStopper : public Xapian::Stopper
{
  public:
    explicit HashStopper(const ww_language *language)
    {
        for (size_t i = 0; i < language->stopword_count; i++)
            words_.insert(language->stopwords[i]);
    }
    bool operator()(const std::string &word) const override { return words_.count(word) != 0; }
    std::string get_description() const override { return "wegwijzer stopwords"; }

  private:
    std::unordered_set<std::string> words_;
};

std::unique_ptr<Xapian::Stopper> make_stopper(const ww_language *language)
{
    return std::unique_ptr<Xapian::Stopper>(new HashStopper(language));
}

// The Dutch stemmer with exceptions: a word in the table gets the stem the table gives.
// With `remember`, stems already worked out are looked up instead of stemmed again: the
// indexer stems every word of every entry, and a catalog repeats the same few thousand words.
// Only for a writer: a cache makes the stemmer mutable, and one writer is used by one thread.
class ExceptionStemmer : public Xapian::StemImplementation
{
  public:
    ExceptionStemmer(const ww_language *language, bool remember)
        : base_(STEM_LANGUAGE), remember_(remember)
    {
        for (size_t i = 0; i < language->stem_count; i++)
            exceptions_[language->stem_words[i]] = language->stem_targets[i];
    }
    std::string operator()(const std::string &word) override
    {
        if (!remember_)
            return stem(word);
        // The cache holds exceptions too, so a known word costs one hash look-up.
        auto known = cache_.find(word);
        if (known != cache_.end())
            return known->second;
        // Bounded: a hostile catalog of endless distinct words costs stemming, not memory.
        if (cache_.size() >= CACHE_MAX)
            cache_.clear();
        return cache_.emplace(word, stem(word)).first->second;
    }
    std::string get_description() const override { return "dutch with exceptions"; }

  private:
    std::string stem(const std::string &word)
    {
        auto it = exceptions_.find(word);
        return it != exceptions_.end() ? it->second : base_(word);
    }

    static const size_t CACHE_MAX = 200000;
    Xapian::Stem base_;
    bool remember_;
    std::unordered_map<std::string, std::string> exceptions_;
    std::unordered_map<std::string, std::string> cache_;
};

Xapian::Stem make_stemmer(const ww_language *language, bool remember)
{
    return Xapian::Stem(new ExceptionStemmer(language, remember)); // the Stem owns it
}

// Field f's mask in a facet value (WW_SLOT_FACETS: one 64-bit little-endian mask per field);
// 0 when the value is shorter.
uint64_t field_mask(const std::string &value, size_t f)
{
    uint64_t mask = 0;
    if ((f + 1) * 8 <= value.size())
        memcpy(&mask, value.data() + f * 8, 8);
    return le64toh(mask);
}

// How a shard numbers the values of one field when its schema differs from the reader's (a
// gemeente with its own wijken in a region): bit b of the shard's mask is bit to[b] of the
// reader's.
struct ShardBits {
    size_t field = 0;
    uint8_t to[64] = {};

    // A facet value of the shard with its field's mask in the reader's bits.
    std::string translate(const std::string &value) const
    {
        if ((field + 1) * 8 > value.size())
            return value;
        uint64_t mask = field_mask(value, field), out = 0;
        for (; mask; mask &= mask - 1)
            out |= UINT64_C(1) << to[__builtin_ctzll(mask)];
        out = htole64(out);
        std::string translated = value;
        memcpy(&translated[field * 8], &out, 8);
        return translated;
    }
};

// One slot of facet masks of every document of one revision of a database, in memory: counting
// a match is an array read instead of a value read (which allocates a string per document).
// Immutable once built, so the readers of that revision share it across threads.
class FacetTable
{
  public:
    // One pass over the slot's values (the indexer writes them all as wide as each other).
    FacetTable(const Xapian::Database &db, Xapian::valueno slot)
        : docs_(static_cast<size_t>(db.get_lastdocid()) + 1)
    {
        for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
            const std::string value = *it;
            widen(std::min<size_t>(value.size() / 8, WW_MAX_FACET_FIELDS));
            for (size_t f = 0; f < stride_; f++)
                masks_[it.get_docid() * stride_ + f] = field_mask(value, f);
        }
    }
    // Field f's mask of document `id` (0 for a field or document the table does not have).
    uint64_t mask(Xapian::docid id, size_t f) const
    {
        size_t at = static_cast<size_t>(id) * stride_ + f;
        return f < stride_ && at < masks_.size() ? masks_[at] : 0;
    }
    // Document `id`'s masks as the slot holds them (of the fields the table has).
    std::string value(Xapian::docid id) const
    {
        std::string out(stride_ * 8, '\0');
        for (size_t f = 0; f < stride_; f++) {
            const uint64_t little = htole64(mask(id, f));
            std::memcpy(&out[f * 8], &little, 8);
        }
        return out;
    }

  private:
    // Makes room for `fields` masks per document, keeping those already read.
    void widen(size_t fields)
    {
        if (fields <= stride_)
            return;
        std::vector<uint64_t> wider(docs_ * fields, 0);
        for (size_t d = 0; stride_ && d < docs_; d++)
            std::copy_n(&masks_[d * stride_], stride_, &wider[d * fields]);
        masks_.swap(wider);
        stride_ = fields;
    }
    size_t docs_;       // the highest docid + 1
    size_t stride_ = 0; // masks per document
    std::vector<uint64_t> masks_;
};

// A table of one slot of a database in memory (FacetTable, DateTable), built by Table(db, slot)
// for the revision open. The tables in use are kept by database, revision and slot: a table
// lives while a reader holds it, and is built once however many threads open that revision.
template <typename Table>
std::shared_ptr<const Table> shared_table(const Xapian::Database &db, Xapian::valueno slot)
{
    static std::mutex lock;
    static std::map<std::string, std::weak_ptr<const Table>> tables;
    Xapian::rev revision;
    try {
        revision = db.get_revision();
    } catch (const Xapian::InvalidOperationError &) {
        // Several databases as one have no single revision: a table of this reader's own.
        return std::make_shared<const Table>(db, slot);
    }
    const std::string key =
        db.get_uuid() + "/" + std::to_string(revision) + "/" + std::to_string(slot);
    std::lock_guard<std::mutex> hold(lock);
    for (auto it = tables.begin(); it != tables.end();)
        it = it->second.expired() ? tables.erase(it) : std::next(it);
    if (auto found = tables[key].lock())
        return found;
    auto table = std::make_shared<const Table>(db, slot);
    tables[key] = table;
    return table;
}

// A reader's table of one slot (FacetTable, DateTable, ...), built or shared (shared_table) on
// first use after an open or a reopen that changed the database.
template <typename Table> class ReaderTable
{
  public:
    const Table &of(const Xapian::Database &db, Xapian::valueno slot)
    {
        if (!table_ || slot_ != slot) {
            table_ = shared_table<Table>(db, slot);
            slot_ = slot;
        }
        return *table_;
    }
    void forget() { table_.reset(); }

  private:
    std::shared_ptr<const Table> table_;
    Xapian::valueno slot_ = 0;
};

// A date "YYYY-MM-DD" as the number YYYYMMDD, which orders as the text does; 0 for anything else.
uint32_t day_number(const std::string &date)
{
    uint32_t day = 0;
    if (date.size() != 10 || date[4] != '-' || date[7] != '-')
        return 0;
    for (size_t i = 0; i < 10; i++) {
        if (i == 4 || i == 7)
            continue;
        if (date[i] < '0' || date[i] > '9')
            return 0;
        day = day * 10 + static_cast<uint32_t>(date[i] - '0');
    }
    return day;
}

// One slot of dates (the indexer writes YYYY-MM-DD) of every document of one revision in
// memory, as FacetTable keeps facets: leaving out the expired is an array read per match
// instead of a value read (a fifth of a search's time, when it was). Immutable once built.
class DateTable
{
  public:
    DateTable(const Xapian::Database &db, Xapian::valueno slot)
        : days_(static_cast<size_t>(db.get_lastdocid()) + 1, 0)
    {
        for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it)
            days_[it.get_docid()] = day_number(*it);
    }
    // Whether document `id`'s date is before `day`: as OP_VALUE_GE decides, a document without
    // a date (or, which the indexer never writes, one that is no date) is.
    bool before(Xapian::docid id, uint32_t day) const
    {
        return id >= days_.size() || days_[id] < day;
    }

  private:
    std::vector<uint32_t> days_;
};

// One slot's values of every document of one revision as ranks in memory, as FacetTable keeps
// facets: sorting results by that value (browsing by title, beschermd thuis by waiting time) is
// an array read per match instead of a value read; with the expired left out from memory too,
// browsing a wijk of the 100k bench catalog took a quarter of the time. Equal values have
// equal ranks, so that relevance still orders them; a document without the value ranks 0, first,
// as Xapian sorts an empty value. Immutable once built.
class OrderTable
{
  public:
    OrderTable(const Xapian::Database &db, Xapian::valueno slot)
        : ranks_(static_cast<size_t>(db.get_lastdocid()) + 1, 0)
    {
        std::vector<std::pair<std::string, Xapian::docid>> values;
        for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it)
            values.emplace_back(*it, it.get_docid());
        std::sort(values.begin(), values.end());
        uint32_t rank = 0;
        for (size_t i = 0; i < values.size(); i++) {
            if (i == 0 || values[i].first != values[i - 1].first)
                rank++;
            ranks_[values[i].second] = rank;
        }
    }
    uint32_t rank(Xapian::docid id) const { return id < ranks_.size() ? ranks_[id] : 0; }

  private:
    std::vector<uint32_t> ranks_;
};

// Sort keys from an OrderTable: the rank, big-endian, so that keys order as ranks do.
class OrderKeyMaker : public Xapian::KeyMaker
{
  public:
    explicit OrderKeyMaker(const OrderTable &table) : table_(table) {}
    std::string operator()(const Xapian::Document &doc) const override
    {
        const uint32_t r = table_.rank(doc.get_docid());
        const char key[4] = {char(r >> 24), char(r >> 16), char(r >> 8), char(r)};
        return std::string(key, sizeof key);
    }

  private:
    const OrderTable &table_;
};

// The places (ww_doc_set_places) in one slot of every document of one revision, in memory, as
// FacetTable keeps facets: sorting the matches nearest first is a little arithmetic per match
// instead of a value read and decoded. Immutable once built.
class PlaceTable
{
  public:
    PlaceTable(const Xapian::Database &db, Xapian::valueno slot)
        : first_(static_cast<size_t>(db.get_lastdocid()) + 2, 0)
    {
        Xapian::docid next = 1; // the first document whose places are not yet noted
        for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
            for (; next <= it.get_docid(); next++)
                first_[next] = uint32_t(places_.size());
            Xapian::LatLongCoords coords;
            coords.unserialise(*it);
            for (auto c = coords.begin(); c != coords.end(); ++c)
                places_.push_back(*c);
            first_[it.get_docid() + 1] = uint32_t(places_.size());
            next = it.get_docid() + 1;
        }
        for (; next < first_.size(); next++)
            first_[next] = uint32_t(places_.size());
    }
    // Document `id`'s places: [begin, end), empty when it has none.
    const Xapian::LatLongCoord *begin(Xapian::docid id) const
    {
        return places_.data() + (id + 1 < first_.size() ? first_[id] : places_.size());
    }
    const Xapian::LatLongCoord *end(Xapian::docid id) const
    {
        return places_.data() + (id + 1 < first_.size() ? first_[id + 1] : places_.size());
    }

  private:
    std::vector<uint32_t> first_; // by docid: where its places start in places_ (+1: end)
    std::vector<Xapian::LatLongCoord> places_;
};

// Nearest first, from a PlaceTable: the key Xapian's LatLongDistanceKeyMaker makes from the
// value (the distance to the nearest place, sortable; nine 0xff bytes, after every distance, for
// a document without one), made without reading it.
class NearestKeyMaker : public Xapian::KeyMaker
{
  public:
    NearestKeyMaker(const PlaceTable &table, const Xapian::LatLongCoord &centre,
                    const Xapian::LatLongMetric &metric)
        : table_(table), centre_(centre), metric_(metric)
    {
    }
    std::string operator()(const Xapian::Document &doc) const override
    {
        const Xapian::docid id = doc.get_docid();
        const Xapian::LatLongCoord *place = table_.begin(id), *end = table_.end(id);
        if (place == end)
            return std::string(9, '\xff');
        double nearest = metric_.pointwise_distance(centre_, *place);
        for (++place; place != end; ++place)
            nearest = std::min(nearest, metric_.pointwise_distance(centre_, *place));
        return Xapian::sortable_serialise(nearest);
    }

  private:
    const PlaceTable &table_;
    const Xapian::LatLongCoord centre_;
    const Xapian::LatLongMetric &metric_;
};

// Counts facet values from the facet table: a few bit tests per matching document, however
// many fields and values there are.
class FacetMaskSpy : public Xapian::MatchSpy
{
  public:
    FacetMaskSpy(const FacetTable &table, size_t fields) : table_(table), fields_(fields) {}
    void operator()(const Xapian::Document &doc, double) override
    {
        seen_++;
        const Xapian::docid id = doc.get_docid();
        for (size_t f = 0; f < fields_; f++) {
            uint64_t mask = table_.mask(id, f);
            while (mask) {
                counts_[f][__builtin_ctzll(mask)]++;
                mask &= mask - 1;
            }
        }
    }
    unsigned seen() const { return seen_; }
    const unsigned (&counts(size_t f) const)[64] { return counts_[f]; }

  private:
    const FacetTable &table_;
    size_t fields_;
    unsigned seen_ = 0;
    unsigned counts_[WW_MAX_FACET_FIELDS][64] = {};
};

// The counting of one field's choices (ChoiceSpy, MemoryDecider): a document that has one of
// `chosen` counts for every value, any other for the values it has.
class ChoiceCounts
{
  public:
    void add(uint64_t mask, uint64_t chosen)
    {
        if (mask & chosen) {
            everywhere_++;
            return;
        }
        for (; mask; mask &= mask - 1)
            counts_[__builtin_ctzll(mask)]++;
    }
    void get(unsigned (&out)[64]) const
    {
        for (int i = 0; i < 64; i++)
            out[i] = counts_[i] + everywhere_;
    }

  private:
    unsigned everywhere_ = 0;
    unsigned counts_[64] = {};
};

// Counts one field's values for a question that does not yet filter on that field, as if each
// value were chosen beside the values `chosen` (a mask).
class ChoiceSpy : public Xapian::MatchSpy
{
  public:
    ChoiceSpy(const FacetTable &table, size_t field, uint64_t chosen)
        : table_(table), field_(field), chosen_(chosen)
    {
    }
    void operator()(const Xapian::Document &doc, double) override
    {
        seen_++;
        counts_.add(table_.mask(doc.get_docid(), field_), chosen_);
    }
    unsigned seen() const { return seen_; }
    void counts(unsigned (&out)[64]) const { counts_.get(out); }

  private:
    const FacetTable &table_;
    size_t field_;
    uint64_t chosen_;
    unsigned seen_ = 0;
    ChoiceCounts counts_;
};

// Applies the filters that a search left out of its query (ww_search_options.open_query) from
// tables in memory: the expiry from a DateTable, and the filters on facet fields
// (ww_choice_filter) from the facet table, counting each such field's choices from the
// documents that fail none of the others, as ChoiceSpy would in a match of its own. Xapian calls
// it before the match spies, so FacetMaskSpy counts only the documents it lets through. The
// counts are exact when the match's total is exact and below its check_at_least: Xapian skips
// documents unseen by a decider only once that many have passed it.
class MemoryDecider : public Xapian::MatchDecider
{
  public:
    // Thrown, when counting choices, as soon as more than `most` documents look like coming to
    // be decided on: the counts would not be exact, and a broad match without its filters costs
    // more than the match with them and a second one that counts (ww_reader_count_choices).
    struct TooMany {
    };
    // `dates` (or NULL): documents with a date before `day` are left out. `table` (or NULL):
    // `count` choice filters.
    MemoryDecider(const DateTable *dates, uint32_t day, const FacetTable *table,
                  const ww_choice_filter *filters, size_t count, Xapian::doccount most,
                  Xapian::docid last)
        : dates_(dates), day_(day), table_(table), filters_(filters), count_(table ? count : 0),
          most_(most), last_(last)
    {
    }
    bool counts_choices() const { return count_ > 0; }
    bool operator()(const Xapian::Document &doc) const override
    {
        const Xapian::docid id = doc.get_docid();
        if (dates_ && dates_->before(id, day_))
            return false;
        if (!count_)
            return true;
        // Documents come in docid order: past the first few, how many have come so far for
        // how far the ids have gone foretells how many will.
        ++considered_;
        if (considered_ > most_ ||
            (considered_ >= 64 && double(considered_) * last_ > double(most_) * id))
            throw TooMany();
        uint64_t masks[WW_MAX_FACET_FIELDS];
        size_t failed = 0, failed_at = 0;
        for (size_t i = 0; i < count_; i++) {
            masks[i] = table_->mask(id, filters_[i].field);
            if (!(masks[i] & filters_[i].pass) && failed++ == 0)
                failed_at = i;
        }
        for (size_t i = 0; i < count_ && failed < 2; i++)
            if (failed == 0 || failed_at == i)
                counts_[i].add(masks[i], filters_[i].chosen);
        return failed == 0;
    }
    // Filter i's counts, as ChoiceSpy::counts gives them.
    std::vector<unsigned> counts(size_t i) const
    {
        unsigned out[64];
        counts_[i].get(out);
        return std::vector<unsigned>(out, out + 64);
    }

  private:
    const DateTable *dates_;
    uint32_t day_;
    const FacetTable *table_;
    const ww_choice_filter *filters_;
    size_t count_;
    Xapian::doccount most_;
    Xapian::docid last_;
    // Xapian's deciders are const; what one counts is not part of what it decides.
    mutable Xapian::doccount considered_ = 0;
    mutable ChoiceCounts counts_[WW_MAX_FACET_FIELDS];
};

// Scales counts seen in `seen` documents to `total` by the largest remainder, so that the
// scaled counts of a field add up to its raw sum scaled (the total, for one-valued fields).
void scale_counts(const unsigned (&raw)[64], unsigned seen, unsigned total, unsigned (&out)[64])
{
    if (seen == 0 || seen >= total) {
        std::memcpy(out, raw, sizeof out);
        return;
    }
    const double factor = static_cast<double>(total) / seen;
    unsigned long long raw_sum = 0;
    unsigned assigned = 0;
    double remainder[64];
    for (int i = 0; i < 64; i++) {
        raw_sum += raw[i];
        double exact = raw[i] * factor;
        out[i] = static_cast<unsigned>(exact);
        remainder[i] = exact - out[i];
        assigned += out[i];
    }
    unsigned target = static_cast<unsigned>(raw_sum * factor + 0.5);
    while (assigned < target) {
        int best = -1;
        for (int i = 0; i < 64; i++)
            if (raw[i] && (best < 0 || remainder[i] > remainder[best]))
                best = i;
        if (best < 0)
            break;
        out[best]++;
        remainder[best] = -1;
        assigned++;
    }
}

} // namespace

#define WW_CATCH(handle_error)                                                                     \
    catch (...)                                                                                    \
    {                                                                                              \
        return status_of_exception(handle_error);                                                  \
    }

struct ww_writer {
    Xapian::WritableDatabase db;
    Xapian::Stem stemmer{STEM_LANGUAGE};
    Xapian::TermGenerator indexer;
    std::unique_ptr<Xapian::Stopper> stopper;
    std::string error;
};

struct ww_doc {
    ww_writer *writer;
    Xapian::Document doc;
    Xapian::termpos position = 0; // the next field continues after the last one's words
};

namespace
{
// Facet counts from Xapian's own ValueCountMatchSpy over the facet slot: each distinct set of
// masks once, with how many matches have it. Slower than the table in memory, but a spy of
// Xapian's own is the only kind a remote shard (xapian-tcpsrv) can run, so sharded readers count
// this way. `each(value, count)` gets every distinct value.
//
// A shard whose schema numbers one field's values otherwise than the reader (a gemeente's own
// wijken in a region) has its masks of that field translated first (ShardBits).
template <typename Each>
void each_facet_value(const Xapian::ValueCountMatchSpy &spy, const ShardBits *bits, Each each)
{
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it)
        each(bits ? bits->translate(*it) : *it, it.get_termfreq());
}

// As FacetMaskSpy counts, from a ValueCountMatchSpy: counts[f][v] for each field f and value v.
void facet_counts_of(const Xapian::ValueCountMatchSpy &spy, const ShardBits *bits, size_t fields,
                     unsigned (&counts)[WW_MAX_FACET_FIELDS][64])
{
    std::memset(counts, 0, sizeof counts);
    each_facet_value(spy, bits, [&](const std::string &value, Xapian::doccount n) {
        for (size_t f = 0; f < fields; f++)
            for (uint64_t mask = field_mask(value, f); mask; mask &= mask - 1)
                counts[f][__builtin_ctzll(mask)] += n;
    });
}

// As ChoiceSpy counts, from a ValueCountMatchSpy.
void choice_counts_of(const Xapian::ValueCountMatchSpy &spy, const ShardBits *bits, size_t field,
                      uint64_t chosen, unsigned (&counts)[64])
{
    std::memset(counts, 0, sizeof counts);
    each_facet_value(spy, bits, [&](const std::string &value, Xapian::doccount n) {
        uint64_t mask = field_mask(value, field);
        if (mask & chosen)
            mask = ~UINT64_C(0); /* with a chosen value, it is found by every value added */
        for (; mask; mask &= mask - 1)
            counts[__builtin_ctzll(mask)] += n;
    });
}
// Counts of `query`'s matches in each of `dbs` by a ValueCountMatchSpy of its own, each shard
// exact up to `check` matches and scaled beyond, added up: `add(spy, matches, i)` per shard i.
// One Enquire over local and remote shards together miscounts with a spy (Xapian 1.4.22 counts
// some documents twice when the question matches everything and the results are sorted by a
// value); shard by shard it counts right.
template <typename Add>
void count_by_shard(const std::vector<Xapian::Database> &dbs, const Xapian::Query &query,
                    Xapian::valueno slot, Xapian::doccount check, Add add)
{
    for (size_t i = 0; i < dbs.size(); i++) {
        Xapian::Enquire enquire(dbs[i]);
        enquire.set_query(query);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        Xapian::ValueCountMatchSpy spy(slot);
        enquire.add_matchspy(&spy);
        Xapian::MSet mset = enquire.get_mset(0, 0, check);
        const bool exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        add(spy, exact ? mset.get_matches_lower_bound() : mset.get_matches_estimated(), i);
        enquire.clear_matchspies();
    }
}
} // namespace

namespace
{
// Lookups of one kind by key, for a reader: the value looked up on the first ask. Emptied when
// it holds KEPT (some 50 bytes each: a few MB per reader at most) and by forget(); a value
// got is valid until the next get() or forget() of the same kind.
template <typename Value> class Remembered
{
  public:
    static const size_t KEPT = 1 << 16;
    template <typename Lookup> const Value &get(const std::string &key, Lookup lookup)
    {
        auto found = map_.find(key);
        if (found != map_.end())
            return found->second;
        Value value = lookup(); // first: it may throw
        if (map_.size() >= KEPT)
            map_.clear();
        return map_.emplace(key, std::move(value)).first->second;
    }
    void forget() { map_.clear(); }

  private:
    std::unordered_map<std::string, Value> map_;
};
} // namespace

struct ww_reader {
    Xapian::Database db; // with shards: all that opened, as one
    // ww_reader_open_shards: the shards that opened, and each one's place among the locations
    std::vector<Xapian::Database> shards;
    std::vector<unsigned> shard_place;
    bool sharded = false;
    // Where spellings and synonyms are looked up: the database itself, or for shards the first
    // one on this host (the remote backend has neither; every gemeente's index has the same
    // synonyms, from the one schema); an empty database when every shard is remote.
    Xapian::Database words;
    Xapian::Stem stemmer{STEM_LANGUAGE};
    Xapian::QueryParser parser;
    std::unique_ptr<Xapian::Stopper> stopper;
    // Tables of a slot in memory at db's revision (ReaderTable), forgotten on a reopen.
    ReaderTable<FacetTable> facets;
    ReaderTable<DateTable> dates;
    ReaderTable<OrderTable> order;
    ReaderTable<PlaceTable> places;
    std::map<unsigned, ShardBits> shard_bits; // by shard place: ww_reader_set_shard_bits
    // Lookups since the last reopen that changed the database (Remembered): a question's
    // words, their forms, synonyms and compound parts are looked up several times a search,
    // and the next question asks for many of them again; each lookup walks down a B-tree, a
    // pread per block, and a spelling suggestion reads many.
    Remembered<Xapian::doccount> term_freqs;
    Remembered<std::vector<std::string>> synonyms; // by synonym_key
    Remembered<std::string> spellings;             // "" for none
    Remembered<bool> in_spelling;
    Remembered<std::pair<std::string, unsigned>> completions; // by prefix and scan
    std::string error;
};

namespace
{
// The number of documents with `term`, remembered. Throws as Xapian.
Xapian::doccount term_freq(ww_reader *reader, const std::string &term)
{
    return reader->term_freqs.get(term, [&] { return reader->db.get_termfreq(term); });
}

// The synonyms of `key` (synonym_key), remembered. Throws as Xapian.
const std::vector<std::string> &synonyms_of(ww_reader *reader, const std::string &key)
{
    return reader->synonyms.get(key, [&] {
        return std::vector<std::string>(reader->words.synonyms_begin(key),
                                        reader->words.synonyms_end(key));
    });
}

// What a search on `reader` runs on: its database, or with `shards` (a mask of places among the
// locations a sharded reader was opened with; 0: all) only those of its shards, as one. `places`
// gets the place of each shard in that database, in order (empty for a plain reader), so that a
// result's docid tells its shard: Xapian interleaves shards' docids, (docid - 1) % shards.
Xapian::Database searched(const ww_reader *reader, uint64_t shards, std::vector<unsigned> &places,
                          std::vector<Xapian::Database> *dbs = nullptr)
{
    places.clear();
    if (dbs)
        dbs->clear();
    if (!reader->sharded)
        return reader->db;
    Xapian::Database some;
    for (size_t i = 0; i < reader->shards.size(); i++)
        if (!shards || (reader->shard_place[i] < 64 && (shards >> reader->shard_place[i]) & 1)) {
            some.add_database(reader->shards[i]);
            places.push_back(reader->shard_place[i]);
            if (dbs)
                dbs->push_back(reader->shards[i]);
        }
    return shards ? some : reader->db;
}

// How the shard at `place` numbers its values, when not as the reader does; else nullptr.
const ShardBits *bits_of(const ww_reader *reader, unsigned place)
{
    auto it = reader->shard_bits.find(place);
    return it == reader->shard_bits.end() ? nullptr : &it->second;
}

// The reader's facet table of `slot` (ReaderTable::of).
const FacetTable &facet_table(ww_reader *reader, Xapian::valueno slot)
{
    return reader->facets.of(reader->db, slot);
}

const DateTable &date_table(ww_reader *reader, Xapian::valueno slot)
{
    return reader->dates.of(reader->db, slot);
}

const PlaceTable &place_table(ww_reader *reader, Xapian::valueno slot)
{
    return reader->places.of(reader->db, slot);
}

const OrderTable &order_table(ww_reader *reader, Xapian::valueno slot)
{
    return reader->order.of(reader->db, slot);
}
} // namespace

struct ww_query {
    Xapian::Query query;
};

struct ww_mset {
    unsigned total = 0;
    bool exact = true;
    std::vector<std::string> data;
    std::vector<double> weights;
    std::vector<std::string> masks;             // per result, its facet value
    std::vector<double> distances;              // per result, metres to its nearest place; -1
    std::vector<std::string> extras;            // per result, its value in options.extra_slot
    std::vector<unsigned> shards;               // per result, its shard's place (sharded readers)
    std::vector<std::vector<unsigned>> facets;  // per field, 64 counts
    std::vector<std::vector<unsigned>> choices; // per choice filter, 64 counts, when exact
    std::vector<unsigned> shard_matches;        // per place, when counted shard by shard
};

namespace
{
// How many documents without the choice filters a search takes on before it puts them back into
// its query, as a multiple of what it counts exactly. Measured with the bench's questions
// (ww-query, each the best of two rounds, against counting the choices in a match of their
// own): at 1 the searches took 0.99x the time at 10k (mean), at 4 0.89x (filtered questions
// 0.3-0.6x) and 1.00x at 100k; without a limit 0.88x at 10k but 1.08x at 100k, where a broad
// question matches tens of thousands of documents.
const Xapian::doccount CHOICE_REACH = 4;

// ww_reader_search's match with options->open_query and a MemoryDecider applying what it
// leaves out (set in *decider; choice filters only with facets, *spy). When the decider gives
// up counting choices, the match runs again with `query` (the filters in it), *decider reset and
// a fresh *spy: the caller counts the choices.
Xapian::MSet match_in_memory(ww_reader *reader, Xapian::Enquire &enquire,
                             const Xapian::Query &query, const ww_search_options *options,
                             Xapian::doccount check, std::unique_ptr<FacetMaskSpy> &spy,
                             std::unique_ptr<MemoryDecider> &decider)
{
    const FacetTable *table =
        spy && options->choice_count
            ? &facet_table(reader, static_cast<Xapian::valueno>(options->facet_slot))
            : nullptr;
    const DateTable *dates = options->valid_on ? &date_table(reader, options->valid_slot) : nullptr;
    decider.reset(new MemoryDecider(dates, options->valid_on ? day_number(options->valid_on) : 0,
                                    table, options->choices, options->choice_count,
                                    CHOICE_REACH * check, reader->db.get_lastdocid()));
    enquire.set_query(options->open_query->query);
    try {
        return enquire.get_mset(options->offset, options->limit, check, nullptr, decider.get());
    } catch (const MemoryDecider::TooMany &) {
        decider.reset();
        spy.reset(new FacetMaskSpy(*table, options->facet_fields));
        enquire.clear_matchspies();
        enquire.add_matchspy(spy.get());
        enquire.set_query(query);
        return enquire.get_mset(options->offset, options->limit, check);
    }
}
} // namespace

extern "C" {

const char *ww_status_to_string(ww_status status)
{
    switch (status) {
    case WW_OK:
        return "success";
    case WW_ERR_NOT_FOUND:
        return "not found";
    case WW_ERR_LOCKED:
        return "database locked by another writer";
    case WW_ERR_MODIFIED:
        return "database modified, reopen";
    case WW_ERR_CORRUPT:
        return "database corrupt";
    case WW_ERR_IO:
        return "database input/output error";
    case WW_ERR_INVALID:
        return "invalid argument";
    case WW_ERR_NO_MEMORY:
        return "out of memory";
    case WW_ERR_XAPIAN:
        return "Xapian exception";
    case WW_ERR_INTERNAL:
        return "internal error";
    }
    return "unknown status";
}

// The stem of each word of folded `text`, one space apart: a word's stem, or a phrase's as the
// synonym list keys it ("geen geld", "te veel drinken").
static std::string stem_each_word(Xapian::Stem &stemmer, const char *text)
{
    std::string stems;
    for (const char *word = text; *word;) {
        size_t len = std::strcspn(word, " ");
        if (!stems.empty())
            stems += ' ';
        stems += stemmer(std::string(word, len));
        word += len + (word[len] == ' ');
    }
    return stems;
}

static ww_status stem_into(Xapian::Stem &stemmer, const char *word, char **out, std::string &error)
{
    *out = nullptr;
    try {
        *out = copy_string(stem_each_word(stemmer, word));
        return WW_OK;
    }
    WW_CATCH(error)
}

/* ---- Writing -------------------------------------------------------------------------- */

ww_status ww_writer_open(const char *path, bool create, ww_writer **out, char **errmsg)
{
    std::string message;
    *out = nullptr;
    if (errmsg)
        *errmsg = nullptr;
    try {
        std::unique_ptr<ww_writer> writer(new ww_writer());
        writer->db = Xapian::WritableDatabase(path, create ? Xapian::DB_CREATE_OR_OVERWRITE
                                                           : Xapian::DB_OPEN);
        writer->indexer.set_stemmer(writer->stemmer);
        writer->indexer.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        writer->indexer.set_database(writer->db);
        writer->indexer.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
        *out = writer.release();
        return WW_OK;
    } catch (...) {
        ww_status status = status_of_exception(message);
        if (errmsg)
            *errmsg = copy_string(message);
        return status;
    }
}

void ww_writer_close(ww_writer *writer)
{
    if (!writer)
        return;
    try {
        // Closing without a commit drops pending changes: the caller decides when they count.
        writer->db.close();
    } catch (...) {
    }
    delete writer;
}

const char *ww_writer_last_error(const ww_writer *writer)
{
    return writer ? writer->error.c_str() : "no writer";
}

ww_status ww_writer_set_language(ww_writer *writer, const ww_language *language)
{
    try {
        writer->stopper = make_stopper(language);
        writer->indexer.set_stopper(writer->stopper.get());
        writer->stemmer = make_stemmer(language, true);
        writer->indexer.set_stemmer(writer->stemmer);
        return WW_OK;
    }
    WW_CATCH(writer->error)
}

ww_status ww_writer_stem(ww_writer *writer, const char *word, char **out)
{
    return stem_into(writer->stemmer, word, out, writer->error);
}

ww_status ww_writer_new_doc(ww_writer *writer, ww_doc **out)
{
    *out = nullptr;
    try {
        ww_doc *doc = new ww_doc();
        doc->writer = writer;
        *out = doc;
        return WW_OK;
    }
    WW_CATCH(writer->error)
}

void ww_doc_free(ww_doc *doc)
{
    delete doc;
}

ww_status ww_doc_index_text(ww_doc *doc, const char *folded_text, unsigned weight,
                            const char *prefix, bool spelling)
{
    ww_writer *writer = doc->writer;
    try {
        writer->indexer.set_flags(spelling ? Xapian::TermGenerator::FLAG_SPELLING
                                           : Xapian::TermGenerator::flags(0));
        writer->indexer.set_document(doc->doc);
        writer->indexer.set_termpos(doc->position);
        writer->indexer.index_text(folded_text, weight ? weight : 1, prefix ? prefix : "");
        // A gap keeps a phrase from matching across two fields.
        writer->indexer.increase_termpos(100);
        doc->position = writer->indexer.get_termpos();
        return WW_OK;
    }
    WW_CATCH(writer->error)
}

ww_status ww_doc_add_term(ww_doc *doc, const char *term, unsigned wdf)
{
    try {
        doc->doc.add_term(term, wdf);
        return WW_OK;
    }
    WW_CATCH(doc->writer->error)
}

ww_status ww_doc_add_boolean_term(ww_doc *doc, const char *term)
{
    try {
        doc->doc.add_boolean_term(term);
        return WW_OK;
    }
    WW_CATCH(doc->writer->error)
}

ww_status ww_doc_set_value(ww_doc *doc, unsigned slot, const char *bytes, size_t len)
{
    try {
        doc->doc.add_value(slot, std::string(bytes, len));
        return WW_OK;
    }
    WW_CATCH(doc->writer->error)
}

ww_status ww_doc_set_places(ww_doc *doc, unsigned slot, const double *lat, const double *lon,
                            size_t count)
{
    try {
        Xapian::LatLongCoords coords;
        for (size_t i = 0; i < count; i++)
            coords.append(Xapian::LatLongCoord(lat[i], lon[i])); // throws on a bad coordinate
        if (!coords.empty())
            doc->doc.add_value(slot, coords.serialise());
        return WW_OK;
    }
    WW_CATCH(doc->writer->error)
}

ww_status ww_doc_set_data(ww_doc *doc, const char *bytes, size_t len)
{
    try {
        doc->doc.set_data(std::string(bytes, len));
        return WW_OK;
    }
    WW_CATCH(doc->writer->error)
}

ww_status ww_writer_replace(ww_writer *writer, const char *id_term, ww_doc *doc)
{
    std::unique_ptr<ww_doc> owned(doc);
    try {
        owned->doc.add_boolean_term(id_term);
        writer->db.replace_document(id_term, owned->doc);
        return WW_OK;
    }
    WW_CATCH(writer->error)
}

ww_status ww_writer_add(ww_writer *writer, const char *id_term, ww_doc *doc)
{
    std::unique_ptr<ww_doc> owned(doc);
    try {
        owned->doc.add_boolean_term(id_term);
        writer->db.add_document(owned->doc);
        return WW_OK;
    }
    WW_CATCH(writer->error)
}

ww_status ww_writer_delete(ww_writer *writer, const char *id_term)
{
    try {
        writer->db.delete_document(id_term);
        return WW_OK;
    }
    WW_CATCH(writer->error)
}

ww_status ww_writer_each_term(ww_writer *writer, const char *prefix,
                              void (*each)(const char *term, void *ctx), void *ctx)
{
    try {
        for (auto it = writer->db.allterms_begin(prefix); it != writer->db.allterms_end(prefix);
             ++it)
            each((*it).c_str(), ctx);
        return WW_OK;
    }
    WW_CATCH(writer->error)
}

ww_status ww_writer_each_doc_with_term(ww_writer *writer, const char *term, const char *id_prefix,
                                       void (*each)(const char *id_term, void *ctx), void *ctx)
{
    try {
        std::vector<std::string> ids;
        for (auto post = writer->db.postlist_begin(term); post != writer->db.postlist_end(term);
             ++post) {
            Xapian::TermIterator t = writer->db.termlist_begin(*post);
            t.skip_to(id_prefix);
            if (t != writer->db.termlist_end(*post) && (*t).rfind(id_prefix, 0) == 0)
                ids.push_back(*t);
        }
        // Called after the walk, so `each` may change the database.
        for (const std::string &id : ids)
            each(id.c_str(), ctx);
        return WW_OK;
    }
    WW_CATCH(writer->error)
}

ww_status ww_writer_doc_count(ww_writer *writer, unsigned *out)
{
    try {
        *out = writer->db.get_doccount();
        return WW_OK;
    }
    WW_CATCH(writer->error)
}

ww_status ww_writer_metadata(ww_writer *writer, const char *key, char **out)
{
    *out = nullptr;
    try {
        *out = copy_string(writer->db.get_metadata(key));
        return WW_OK;
    }
    WW_CATCH(writer->error)
}

ww_status ww_writer_clear_synonyms(ww_writer *writer)
{
    try {
        std::vector<std::string> keys;
        for (auto it = writer->db.synonym_keys_begin(); it != writer->db.synonym_keys_end(); ++it)
            keys.push_back(*it);
        for (const std::string &key : keys)
            writer->db.clear_synonyms(key);
        return WW_OK;
    }
    WW_CATCH(writer->error)
}

ww_status ww_writer_add_spelling(ww_writer *writer, const char *word)
{
    return ww_writer_add_spelling_freq(writer, word, 1);
}

ww_status ww_writer_add_spelling_freq(ww_writer *writer, const char *word, unsigned freq)
{
    try {
        writer->db.add_spelling(word, freq);
        return WW_OK;
    }
    WW_CATCH(writer->error)
}

ww_status ww_writer_add_synonym(ww_writer *writer, const char *key, const char *synonym)
{
    try {
        writer->db.add_synonym(key, synonym);
        return WW_OK;
    }
    WW_CATCH(writer->error)
}

ww_status ww_writer_set_metadata(ww_writer *writer, const char *key, const char *value)
{
    try {
        writer->db.set_metadata(key, value);
        return WW_OK;
    }
    WW_CATCH(writer->error)
}

ww_status ww_writer_commit(ww_writer *writer)
{
    try {
        writer->db.commit();
        return WW_OK;
    }
    WW_CATCH(writer->error)
}

/* ---- Reading -------------------------------------------------------------------------- */

ww_status ww_reader_open(const char *path, ww_reader **out, char **errmsg)
{
    std::string message;
    *out = nullptr;
    if (errmsg)
        *errmsg = nullptr;
    try {
        std::unique_ptr<ww_reader> reader(new ww_reader());
        reader->db = Xapian::Database(path);
        reader->words = reader->db;
        reader->parser.set_database(reader->words);
        reader->parser.set_stemmer(reader->stemmer);
        reader->parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        *out = reader.release();
        return WW_OK;
    } catch (...) {
        ww_status status = status_of_exception(message);
        if (errmsg)
            *errmsg = copy_string(message);
        return status;
    }
}

// One shard: a folder, or "tcp://host:port" served by xapian-tcpsrv (waiting at most
// timeout_ms for it to connect and for each answer).
static Xapian::Database open_shard(const std::string &location, unsigned timeout_ms)
{
    static const std::string REMOTE = "tcp://";
    if (location.compare(0, REMOTE.size(), REMOTE) != 0)
        return Xapian::Database(location);
    const std::string address = location.substr(REMOTE.size());
    const size_t colon = address.rfind(':');
    if (colon == std::string::npos || colon == 0)
        throw Xapian::InvalidArgumentError("expected tcp://host:port: " + location);
    const unsigned port = static_cast<unsigned>(std::stoul(address.substr(colon + 1)));
    return Xapian::Remote::open(address.substr(0, colon), port, timeout_ms, timeout_ms);
}

ww_status ww_reader_open_shards(const char *const *locations, size_t count, unsigned timeout_ms,
                                const char *words, ww_reader **out, uint64_t *missing,
                                char **errmsg)
{
    *out = nullptr;
    *missing = 0;
    if (errmsg)
        *errmsg = nullptr;
    std::string message;
    try {
        std::unique_ptr<ww_reader> reader(new ww_reader());
        reader->sharded = true;
        bool words_found = false;
        for (size_t i = 0; i < count && i < 64; i++) {
            if (!locations[i]) { // left out by the caller
                *missing |= UINT64_C(1) << i;
                continue;
            }
            try {
                reader->shards.push_back(open_shard(locations[i], timeout_ms));
                reader->shard_place.push_back(static_cast<unsigned>(i));
                reader->db.add_database(reader->shards.back());
                if (!words_found && std::strncmp(locations[i], "tcp://", 6) != 0) {
                    reader->words = reader->shards.back();
                    words_found = true;
                }
            } catch (const Xapian::Error &e) {
                *missing |= UINT64_C(1) << i; // down or too slow: searched without it
                message = std::string(locations[i]) + ": " + e.get_description();
            } catch (const std::exception &e) {
                *missing |= UINT64_C(1) << i;
                message = std::string(locations[i]) + ": " + e.what();
            }
        }
        if (reader->shards.empty()) {
            if (errmsg)
                *errmsg = copy_string(message.empty() ? "no shards" : message);
            return WW_ERR_IO;
        }
        if (words) {
            try {
                reader->words = Xapian::Database(words);
            } catch (const Xapian::Error &) {
                // gone (TMPDIR cleaned): spellings and synonyms as without it, not no search
            }
        }
        reader->parser.set_database(reader->words);
        reader->parser.set_stemmer(reader->stemmer);
        reader->parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        *out = reader.release();
        return WW_OK;
    } catch (...) {
        ww_status status = status_of_exception(message);
        if (errmsg)
            *errmsg = copy_string(message);
        return status;
    }
}

ww_status ww_reader_each_word(ww_reader *reader,
                              void (*each)(const char *word, unsigned freq, void *ctx), void *ctx)
{
    try {
        for (auto it = reader->db.allterms_begin(); it != reader->db.allterms_end(); ++it) {
            const std::string &term = *it;
            if (!term.empty() &&
                !(term[0] >= 'A' && term[0] <= 'Z')) // prefixed terms are not words
                each(term.c_str(), it.get_termfreq(), ctx);
        }
        return WW_OK;
    }
    WW_CATCH(reader->error)
}

size_t ww_reader_shard_count(const ww_reader *reader)
{
    return reader->shards.size();
}

ww_status ww_reader_shard_metadata(ww_reader *reader, size_t i, const char *key, char **out)
{
    *out = nullptr;
    try {
        if (i >= reader->shards.size())
            return WW_ERR_NOT_FOUND;
        *out = copy_string(reader->shards[i].get_metadata(key));
        return WW_OK;
    }
    WW_CATCH(reader->error)
}

unsigned ww_reader_shard_place(const ww_reader *reader, size_t i)
{
    return i < reader->shard_place.size() ? reader->shard_place[i] : 0;
}

void ww_reader_close(ww_reader *reader)
{
    delete reader;
}

const char *ww_reader_last_error(const ww_reader *reader)
{
    return reader ? reader->error.c_str() : "no reader";
}

ww_status ww_reader_reopen(ww_reader *reader, bool *changed)
{
    try {
        *changed = reader->db.reopen();
        if (*changed) {
            reader->facets.forget();
            reader->dates.forget();
            reader->order.forget();
            reader->places.forget();
            reader->term_freqs.forget();
            reader->synonyms.forget();
            reader->spellings.forget();
            reader->in_spelling.forget();
            reader->completions.forget();
        }
        return WW_OK;
    }
    WW_CATCH(reader->error)
}

ww_status ww_reader_revision(ww_reader *reader, unsigned long *out)
{
    try {
        *out = static_cast<unsigned long>(reader->db.get_revision());
        return WW_OK;
    }
    WW_CATCH(reader->error)
}

ww_status ww_reader_set_language(ww_reader *reader, const ww_language *language)
{
    try {
        reader->stopper = make_stopper(language);
        reader->parser.set_stopper(reader->stopper.get());
        reader->stemmer = make_stemmer(language, false);
        reader->parser.set_stemmer(reader->stemmer);
        return WW_OK;
    }
    WW_CATCH(reader->error)
}

ww_status ww_reader_stem(ww_reader *reader, const char *word, char **out)
{
    return stem_into(reader->stemmer, word, out, reader->error);
}

ww_status ww_reader_doc_count(ww_reader *reader, unsigned *out)
{
    try {
        *out = reader->db.get_doccount();
        return WW_OK;
    }
    WW_CATCH(reader->error)
}

ww_status ww_reader_term_freq(ww_reader *reader, const char *term, unsigned *out)
{
    try {
        *out = term_freq(reader, term);
        return WW_OK;
    }
    WW_CATCH(reader->error)
}

ww_status ww_reader_best_completion(ww_reader *reader, const char *prefix, unsigned max_scan,
                                    char **out_term, unsigned *out_freq)
{
    *out_term = nullptr;
    *out_freq = 0;
    try {
        const std::string key = std::string(prefix) + '\0' + std::to_string(max_scan);
        const auto &best = reader->completions.get(key, [&] {
            std::pair<std::string, unsigned> most("", 0);
            unsigned scanned = 0;
            const size_t prefix_len = std::strlen(prefix);
            for (auto it = reader->db.allterms_begin(prefix);
                 it != reader->db.allterms_end(prefix) && scanned < max_scan; ++it, ++scanned)
                if ((*it).size() > prefix_len && it.get_termfreq() > most.second)
                    most = {*it, it.get_termfreq()};
            return most;
        });
        if (best.second > 0) {
            *out_term = copy_string(best.first);
            *out_freq = best.second;
        }
        return WW_OK;
    }
    WW_CATCH(reader->error)
}

ww_status ww_reader_metadata(ww_reader *reader, const char *key, char **out)
{
    *out = nullptr;
    try {
        *out = copy_string(reader->db.get_metadata(key));
        return WW_OK;
    }
    WW_CATCH(reader->error)
}

ww_status ww_reader_get_data(ww_reader *reader, const char *id_term, char **out, size_t *len,
                             int value_slot, char **value)
{
    return ww_reader_get_data_in(reader, 0, id_term, out, len, value_slot, value);
}

ww_status ww_reader_get_data_in(ww_reader *reader, uint64_t shards, const char *id_term, char **out,
                                size_t *len, int value_slot, char **value)
{
    *out = nullptr;
    *len = 0;
    if (value)
        *value = nullptr;
    try {
        std::vector<unsigned> places;
        const Xapian::Database db = searched(reader, shards, places);
        Xapian::PostingIterator post = db.postlist_begin(id_term);
        if (post == db.postlist_end(id_term)) {
            reader->error = std::string("no document ") + id_term;
            return WW_ERR_NOT_FOUND;
        }
        const Xapian::Document doc = db.get_document(*post);
        const std::string data = doc.get_data();
        if (value && value_slot >= 0) {
            const std::string v = doc.get_value(static_cast<Xapian::valueno>(value_slot));
            *value = v.empty() ? nullptr : copy_string(v);
        }
        *out = copy_string(data);
        *len = data.size();
        return WW_OK;
    }
    WW_CATCH(reader->error)
}

ww_status ww_reader_spelling(ww_reader *reader, const char *word, char **out)
{
    *out = nullptr;
    try {
        const std::string &suggestion = reader->spellings.get(
            word, [&] { return reader->words.get_spelling_suggestion(word); });
        if (!suggestion.empty()) {
            *out = copy_string(suggestion);
        }
        return WW_OK;
    }
    WW_CATCH(reader->error)
}

/* ---- Queries -------------------------------------------------------------------------- */

static ww_query *wrap(Xapian::Query q)
{
    return new ww_query{std::move(q)};
}

ww_query *ww_query_parse(ww_reader *reader, const char *folded_text)
{
    if (!reader || !folded_text)
        return nullptr;
    const unsigned flags = Xapian::QueryParser::FLAG_PHRASE;
    // Residents type anything; a text the parser rejects is parsed again as plain words.
    for (unsigned attempt_flags : {flags, 0u}) {
        try {
            return wrap(reader->parser.parse_query(folded_text, attempt_flags));
        } catch (const std::bad_alloc &) {
            return nullptr;
        } catch (...) {
            status_of_exception(reader->error);
        }
    }
    return wrap(Xapian::Query()); // matches nothing; see ww_query_all for why not MatchNothing
}

// A word's key in the synonym list: its stemmed term, the form the indexer writes; a phrase's
// the stem of each of its words, one space apart.
static std::string synonym_key(ww_reader *reader, const char *folded_word)
{
    return "Z" + stem_each_word(reader->stemmer, folded_word);
}

ww_query *ww_query_synonyms(ww_reader *reader, const char *folded_word)
{
    if (!reader || !folded_word)
        return nullptr;
    try {
        const std::string key = synonym_key(reader, folded_word);
        std::vector<Xapian::Query> found;
        for (const std::string &synonym : synonyms_of(reader, key))
            if (term_freq(reader, synonym) > 0)
                found.emplace_back(synonym);
        if (found.empty())
            return nullptr;
        // One term for the matcher: a common word in the group makes the group weigh little
        // (its frequency is the group's), so it cannot flood the results. (OP_MAX, which
        // weighs each synonym by itself, crashes get_mset in Xapian 1.4.22 beside a
        // PostingSource.)
        return wrap(Xapian::Query(Xapian::Query::OP_SYNONYM, found.begin(), found.end()));
    } catch (...) {
        status_of_exception(reader->error);
        return nullptr;
    }
}

bool ww_reader_has_spelling(ww_reader *reader, const char *folded_word)
{
    if (!reader || !folded_word)
        return false;
    try {
        return reader->in_spelling.get(folded_word, [&] {
            Xapian::TermIterator it = reader->words.spellings_begin();
            it.skip_to(folded_word);
            return it != reader->words.spellings_end() && *it == folded_word;
        });
    } catch (...) {
        status_of_exception(reader->error);
        return false;
    }
}

bool ww_reader_has_synonyms(ww_reader *reader, const char *folded_word)
{
    if (!reader || !folded_word)
        return false;
    try {
        return !synonyms_of(reader, synonym_key(reader, folded_word)).empty();
    } catch (...) {
        status_of_exception(reader->error);
        return false;
    }
}

ww_query *ww_query_term(const char *term)
{
    if (!term)
        return nullptr;
    try {
        return wrap(Xapian::Query(term));
    } catch (...) {
        return nullptr;
    }
}

ww_query *ww_query_term_weight(const char *term, double weight)
{
    if (!term || weight <= 0)
        return nullptr;
    try {
        // Every document that has `term` scores `weight`: a boost for entries with a filter value
        // (a boolean term, which by itself weighs nothing). Xapian's own FixedWeightPostingSource,
        // filtered by the term: a source of Xapian's own is the only kind a remote shard
        // (xapian-tcpsrv) can run.
        Xapian::Query fixed((new Xapian::FixedWeightPostingSource(weight))->release());
        return wrap(Xapian::Query(Xapian::Query::OP_FILTER, fixed, Xapian::Query(term)));
    } catch (...) {
        return nullptr;
    }
}

ww_query *ww_query_prefix(const char *prefix, unsigned max_expansion)
{
    if (!prefix)
        return nullptr;
    try {
        return wrap(Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, max_expansion,
                                  Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT));
    } catch (...) {
        return nullptr;
    }
}

ww_query *ww_query_value_at_least(unsigned slot, const char *lower)
{
    if (!lower)
        return nullptr;
    try {
        return wrap(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lower));
    } catch (...) {
        return nullptr;
    }
}

ww_query *ww_query_near(unsigned slot, double lat, double lon, double max_m)
{
    if (!(max_m > 0))
        return nullptr;
    try {
        Xapian::LatLongCoords centre(Xapian::LatLongCoord(lat, lon));
        return wrap(Xapian::Query((new Xapian::LatLongDistancePostingSource(
                                       slot, centre, Xapian::GreatCircleMetric(), max_m))
                                      ->release()));
    } catch (...) {
        return nullptr;
    }
}

double ww_geo_distance_m(double lat1, double lon1, double lat2, double lon2)
{
    try {
        return Xapian::GreatCircleMetric()(Xapian::LatLongCoord(lat1, lon1),
                                           Xapian::LatLongCoord(lat2, lon2));
    } catch (...) {
        return NAN;
    }
}

ww_query *ww_query_copy(const ww_query *query)
{
    if (!query)
        return nullptr;
    try {
        return wrap(query->query); // Xapian::Query shares its tree: copying is a reference
    } catch (...) {
        return nullptr;
    }
}

ww_query *ww_query_scale(const ww_query *sub, double factor)
{
    if (!sub || !(factor > 0))
        return nullptr;
    try {
        return wrap(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, sub->query, factor));
    } catch (...) {
        return nullptr;
    }
}

ww_query *ww_query_combine(ww_query_op op, const ww_query *const *subs, size_t count)
{
    Xapian::Query::op xop = Xapian::Query::OP_OR;
    switch (op) {
    case WW_OP_AND:
        xop = Xapian::Query::OP_AND;
        break;
    case WW_OP_OR:
        xop = Xapian::Query::OP_OR;
        break;
    case WW_OP_AND_MAYBE:
        xop = Xapian::Query::OP_AND_MAYBE;
        break;
    case WW_OP_AND_NOT:
        xop = Xapian::Query::OP_AND_NOT;
        break;
    case WW_OP_FILTER:
        xop = Xapian::Query::OP_FILTER;
        break;
    case WW_OP_SYNONYM:
        xop = Xapian::Query::OP_SYNONYM;
        break;
    case WW_OP_PHRASE:
        xop = Xapian::Query::OP_PHRASE;
        break;
    }
    try {
        std::vector<Xapian::Query> parts;
        for (size_t i = 0; i < count; i++) {
            if (!subs[i])
                return nullptr;
            parts.push_back(subs[i]->query);
        }
        if (xop == Xapian::Query::OP_FILTER || xop == Xapian::Query::OP_AND_MAYBE ||
            xop == Xapian::Query::OP_AND_NOT) {
            // These are binary in Xapian: the first against the AND of the rest.
            if (parts.empty())
                return wrap(Xapian::Query());
            if (parts.size() == 1)
                return wrap(parts[0]);
            Xapian::Query rest(xop == Xapian::Query::OP_FILTER ? Xapian::Query::OP_AND
                                                               : Xapian::Query::OP_OR,
                               parts.begin() + 1, parts.end());
            return wrap(Xapian::Query(xop, parts[0], rest));
        }
        return wrap(Xapian::Query(xop, parts.begin(), parts.end()));
    } catch (...) {
        return nullptr;
    }
}

ww_query *ww_query_all(void)
{
    try {
        // A query of its own, not a copy of the static Query::MatchAll: copying that counts a
        // reference on one object shared by every thread, without a lock (a data race that
        // ThreadSanitizer found, and a crash under load). The empty term matches every document.
        return wrap(Xapian::Query(std::string()));
    } catch (...) {
        return nullptr;
    }
}

bool ww_query_is_empty(const ww_query *query)
{
    return !query || query->query.empty();
}

char *ww_query_describe(const ww_query *query)
{
    try {
        return copy_string(query ? query->query.get_description() : "NULL");
    } catch (...) {
        return nullptr;
    }
}

void ww_query_free(ww_query *query)
{
    delete query;
}

} // extern "C"

namespace
{
// The order of the results: nearest first (documents without a place get the key after every
// distance, so they come last), by a value, or by relevance; the places and the order of a
// value from the reader's tables (a region's shards from the values themselves: a remote shard
// takes no key maker of ours). Returns the key maker, which must live as long as the Enquire.
std::unique_ptr<Xapian::KeyMaker> set_order(ww_reader *reader, Xapian::Enquire &enquire,
                                            const ww_search_options *options,
                                            const Xapian::LatLongCoords &centre,
                                            const Xapian::LatLongMetric &metric)
{
    std::unique_ptr<Xapian::KeyMaker> keys;
    if (options->geo && options->geo_sort && !reader->sharded)
        keys.reset(
            new NearestKeyMaker(place_table(reader, options->geo_slot), *centre.begin(), metric));
    else if (options->geo && options->geo_sort)
        keys.reset(new Xapian::LatLongDistanceKeyMaker(options->geo_slot, centre, metric));
    else if (options->sort_slot >= 0 && !reader->sharded)
        keys.reset(new OrderKeyMaker(
            order_table(reader, static_cast<Xapian::valueno>(options->sort_slot))));
    if (keys)
        enquire.set_sort_by_key_then_relevance(keys.get(), false);
    else if (options->sort_slot >= 0)
        enquire.set_sort_by_value_then_relevance(static_cast<Xapian::valueno>(options->sort_slot),
                                                 false);
    return keys;
}

// Metres from `centre` to the nearest of the places in a document's value; -1 without any.
double distance_of(const std::string &places, const Xapian::LatLongCoords &centre,
                   const Xapian::LatLongMetric &metric)
{
    if (places.empty())
        return -1;
    Xapian::LatLongCoords coords;
    coords.unserialise(places);
    return metric(coords, centre);
}
// Result `it` of a search of `reader` into `result`: what options ask of each (data or a
// slot's value, weight, masks in the reader's numbering, distance, an extra value) and its
// shard. The masks come from `masks` when given (the facet table of the mask slot: no value
// read).
void add_row(ww_mset &result, const Xapian::MSetIterator &it, const ww_search_options *options,
             const ww_reader *reader, const std::vector<unsigned> &places,
             const Xapian::LatLongCoords &centre, const Xapian::LatLongMetric &metric,
             const FacetTable *masks)
{
    Xapian::Document doc = it.get_document();
    result.data.push_back(options->result_slot >= 0
                              ? doc.get_value(static_cast<Xapian::valueno>(options->result_slot))
                              : doc.get_data());
    result.weights.push_back(it.get_weight());
    if (options->mask_slot >= 0)
        result.masks.push_back(
            masks ? masks->value(*it)
                  : doc.get_value(static_cast<Xapian::valueno>(options->mask_slot)));
    if (options->geo)
        result.distances.push_back(distance_of(doc.get_value(options->geo_slot), centre, metric));
    if (options->extra)
        result.extras.push_back(doc.get_value(options->extra_slot));
    if (!places.empty())
        result.shards.push_back(places[(*it - 1) % places.size()]);
    const ShardBits *bits =
        places.empty() || result.masks.empty() ? nullptr : bits_of(reader, result.shards.back());
    if (bits)
        result.masks.back() = bits->translate(result.masks.back());
}

// The facets of a sharded reader's search, counted shard by shard (count_by_shard) into `facets`.
void shard_facets(const ww_reader *reader, const std::vector<Xapian::Database> &dbs,
                  const std::vector<unsigned> &places, const Xapian::Query &query,
                  const ww_search_options *options, Xapian::doccount check, ww_mset &result)
{
    std::vector<std::vector<unsigned>> &facets = result.facets;
    result.shard_matches.assign(64, 0);
    unsigned sums[WW_MAX_FACET_FIELDS][64] = {};
    count_by_shard(dbs, query, static_cast<Xapian::valueno>(options->facet_slot), check,
                   [&](const Xapian::ValueCountMatchSpy &shard, unsigned matches, size_t i) {
                       if (places[i] < 64)
                           result.shard_matches[places[i]] = matches;
                       unsigned counts[WW_MAX_FACET_FIELDS][64];
                       facet_counts_of(shard, bits_of(reader, places[i]), options->facet_fields,
                                       counts);
                       for (size_t f = 0; f < options->facet_fields; f++) {
                           unsigned scaled[64];
                           scale_counts(counts[f], shard.get_total(), matches, scaled);
                           for (int v = 0; v < 64; v++)
                               sums[f][v] += scaled[v];
                       }
                   });
    for (size_t f = 0; f < options->facet_fields; f++)
        facets.emplace_back(sums[f], sums[f] + 64);
}
} // namespace

extern "C" {

ww_status ww_reader_search(ww_reader *reader, const ww_query *query,
                           const ww_search_options *options, ww_mset **out)
{
    *out = nullptr;
    if (std::max(options->facet_fields, options->choice_count) > WW_MAX_FACET_FIELDS) {
        reader->error = "too many facet fields";
        return WW_ERR_INVALID;
    }
    try {
        std::vector<unsigned> places;
        std::vector<Xapian::Database> dbs;
        Xapian::Enquire enquire(searched(reader, options->shards, places, &dbs));
        enquire.set_query(query->query);
        const Xapian::GreatCircleMetric metric;
        const Xapian::LatLongCoords centre(
            options->geo ? Xapian::LatLongCoord(options->geo_lat, options->geo_lon)
                         : Xapian::LatLongCoord());
        std::unique_ptr<Xapian::KeyMaker> keys =
            set_order(reader, enquire, options, centre, metric);
        std::unique_ptr<FacetMaskSpy> spy;
        std::unique_ptr<MemoryDecider> decider;
        if (options->facet_slot >= 0 && !reader->sharded) {
            spy.reset(new FacetMaskSpy(
                facet_table(reader, static_cast<Xapian::valueno>(options->facet_slot)),
                options->facet_fields));
            enquire.add_matchspy(spy.get());
        }
        // Up to exact_up_to matches every one is counted; past that Xapian may skip documents
        // that cannot reach the page, which is what keeps a broad search fast.
        const Xapian::doccount check =
            std::max(options->exact_up_to, options->offset + options->limit);
        Xapian::MSet mset =
            options->open_query && !reader->sharded && (options->valid_on || options->choice_count)
                ? match_in_memory(reader, enquire, query->query, options, check, spy, decider)
                : enquire.get_mset(options->offset, options->limit, check);
        std::unique_ptr<ww_mset> result(new ww_mset());
        result->exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        result->total =
            result->exact ? mset.get_matches_lower_bound() : mset.get_matches_estimated();
        if (decider && decider->counts_choices() && result->exact && result->total < check)
            for (size_t i = 0; i < options->choice_count; i++)
                result->choices.push_back(decider->counts(i));
        const FacetTable *masks =
            spy && options->mask_slot == options->facet_slot
                ? &facet_table(reader, static_cast<Xapian::valueno>(options->facet_slot))
                : nullptr;
        for (auto it = mset.begin(); it != mset.end(); ++it)
            add_row(*result, it, options, reader, places, centre, metric, masks);
        if (spy) {
            for (size_t f = 0; f < options->facet_fields; f++) {
                unsigned scaled[64];
                scale_counts(spy->counts(f), spy->seen(), result->total, scaled);
                result->facets.emplace_back(scaled, scaled + 64);
            }
        } else if (options->facet_slot >= 0) {
            shard_facets(reader, dbs, places, query->query, options, check, *result);
        }
        enquire.clear_matchspies();
        *out = result.release();
        return WW_OK;
    }
    WW_CATCH(reader->error)
}

ww_status ww_reader_set_shard_bits(ww_reader *reader, unsigned place, size_t field,
                                   const uint8_t to[64])
{
    if (field >= WW_MAX_FACET_FIELDS) {
        reader->error = "no such facet field";
        return WW_ERR_INVALID;
    }
    for (int b = 0; b < 64; b++)
        if (to[b] >= 64) {
            reader->error = "a facet bit beyond 63";
            return WW_ERR_INVALID;
        }
    ShardBits &bits = reader->shard_bits[place];
    bits.field = field;
    std::memcpy(bits.to, to, sizeof bits.to);
    return WW_OK;
}

ww_status ww_reader_count_shards(ww_reader *reader, const ww_query *query, unsigned counts[64])
{
    std::memset(counts, 0, 64 * sizeof *counts);
    try {
        for (size_t i = 0; i < reader->shards.size(); i++) {
            Xapian::Enquire enquire(reader->shards[i]);
            enquire.set_query(query->query);
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            Xapian::MSet mset = enquire.get_mset(0, 0, reader->shards[i].get_doccount());
            counts[reader->shard_place[i]] = mset.get_matches_lower_bound();
        }
        return WW_OK;
    }
    WW_CATCH(reader->error)
}

ww_status ww_reader_count(ww_reader *reader, const ww_query *query, unsigned *out)
{
    *out = 0;
    try {
        Xapian::Enquire enquire(reader->db);
        enquire.set_query(query->query);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        Xapian::MSet mset = enquire.get_mset(0, 0, reader->db.get_doccount());
        *out = mset.get_matches_lower_bound(); // exact: every match was checked
        return WW_OK;
    }
    WW_CATCH(reader->error)
}

ww_status ww_reader_count_values(ww_reader *reader, const ww_query *query, unsigned slot,
                                 void (*each)(const char *value, size_t len, unsigned count,
                                              void *ctx),
                                 void *ctx)
{
    try {
        Xapian::Enquire enquire(reader->db);
        enquire.set_query(query->query);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        Xapian::ValueCountMatchSpy spy(slot);
        enquire.add_matchspy(&spy);
        enquire.get_mset(0, 0, reader->db.get_doccount());
        for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
            const std::string value = *it;
            each(value.data(), value.size(), it.get_termfreq(), ctx);
        }
        enquire.clear_matchspies();
        return WW_OK;
    }
    WW_CATCH(reader->error)
}

} // extern "C"

namespace
{
// The least value of one slot per value of another (per organisation, its oldest check): one
// pass over the matches, two value reads each.
class LeastValueSpy : public Xapian::MatchSpy
{
  public:
    LeastValueSpy(Xapian::valueno group, Xapian::valueno value) : group_(group), value_(value) {}
    void operator()(const Xapian::Document &doc, double) override
    {
        const std::string group = doc.get_value(group_), value = doc.get_value(value_);
        if (group.empty() || value.empty())
            return;
        auto it = least_.find(group);
        if (it == least_.end())
            least_.emplace(group, value);
        else if (value < it->second)
            it->second = value;
    }
    const std::map<std::string, std::string> &least() const { return least_; }

  private:
    Xapian::valueno group_, value_;
    std::map<std::string, std::string> least_;
};
} // namespace

extern "C" {

ww_status ww_reader_least_values(ww_reader *reader, const ww_query *query, unsigned group_slot,
                                 unsigned value_slot,
                                 void (*each)(const char *group, size_t group_len,
                                              const char *least, size_t least_len, void *ctx),
                                 void *ctx)
{
    try {
        Xapian::Enquire enquire(reader->db);
        enquire.set_query(query->query);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        LeastValueSpy spy(group_slot, value_slot);
        enquire.add_matchspy(&spy);
        enquire.get_mset(0, 0, reader->db.get_doccount());
        enquire.clear_matchspies();
        for (const auto &g : spy.least())
            each(g.first.data(), g.first.size(), g.second.data(), g.second.size(), ctx);
        return WW_OK;
    }
    WW_CATCH(reader->error)
}

} // extern "C"

namespace
{
// The terms an entry's likeness is judged by: stems of the text ("Z" + stem, at least three
// letters), never filter terms or whole words.
class StemsOnly : public Xapian::ExpandDecider
{
  public:
    StemsOnly(const char *const *skip, size_t count) : skip_(skip, skip + count) {}
    bool operator()(const std::string &term) const override
    {
        return term.size() >= 4 && term[0] == 'Z' && !skip_.count(term);
    }

  private:
    std::set<std::string> skip_;
};
} // namespace

extern "C" {

ww_status ww_reader_similar(ww_reader *reader, const char *id_term, unsigned terms,
                            const char *const *skip, size_t skip_count, const ww_query *filter,
                            unsigned limit, unsigned result_slot,
                            void (*each)(const char *data, size_t len, double score,
                                         const char *const *shared, size_t shared_count, void *ctx),
                            void *ctx)
{
    try {
        Xapian::PostingIterator post = reader->db.postlist_begin(id_term);
        if (post == reader->db.postlist_end(id_term)) {
            reader->error = std::string("no document ") + id_term;
            return WW_ERR_NOT_FOUND;
        }
        Xapian::RSet rset;
        rset.add_document(*post);
        Xapian::Enquire enquire(reader->db);
        enquire.set_query(Xapian::Query(id_term));
        StemsOnly stems(skip, skip_count);
        Xapian::ESet eset = enquire.get_eset(terms, rset, &stems);
        if (eset.empty())
            return WW_OK;
        const Xapian::Query like(Xapian::Query::OP_OR, eset.begin(), eset.end());
        // The entry's own weight for its terms: what a copy of it would score.
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, like, Xapian::Query(id_term)));
        Xapian::MSet self = enquire.get_mset(0, 1);
        const double own = self.empty() ? 0 : self.begin().get_weight();
        Xapian::Query others(Xapian::Query::OP_AND_NOT, like, Xapian::Query(id_term));
        if (filter)
            others = Xapian::Query(Xapian::Query::OP_FILTER, others, filter->query);
        enquire.set_query(others);
        Xapian::MSet mset = enquire.get_mset(0, limit);
        for (auto it = mset.begin(); it != mset.end() && own > 0; ++it) {
            std::vector<std::string> words;
            for (auto t = enquire.get_matching_terms_begin(it);
                 t != enquire.get_matching_terms_end(it); ++t)
                if (stems(*t))                       // the stems, not the terms of the filter
                    words.push_back((*t).substr(1)); // without the stem prefix
            std::vector<const char *> shared;
            for (const auto &w : words)
                shared.push_back(w.c_str());
            const std::string data = it.get_document().get_value(result_slot);
            each(data.data(), data.size(), std::min(1.0, it.get_weight() / own), shared.data(),
                 shared.size(), ctx);
        }
        return WW_OK;
    }
    WW_CATCH(reader->error)
}

ww_status ww_reader_count_choices(ww_reader *reader, const ww_query *query, int facet_slot,
                                  size_t field, uint64_t chosen, unsigned exact_up_to,
                                  uint64_t shards, unsigned counts[64])
{
    if (facet_slot < 0 || field >= WW_MAX_FACET_FIELDS) {
        reader->error = "no such facet field";
        return WW_ERR_INVALID;
    }
    try {
        const auto slot = static_cast<Xapian::valueno>(facet_slot);
        if (reader->sharded) { /* shard by shard, as ww_reader_search counts them */
            std::vector<unsigned> places;
            std::vector<Xapian::Database> dbs;
            searched(reader, shards, places, &dbs);
            std::memset(counts, 0, 64 * sizeof *counts);
            count_by_shard(
                dbs, query->query, slot, exact_up_to,
                [&](const Xapian::ValueCountMatchSpy &shard, unsigned matches, size_t i) {
                    unsigned raw[64], scaled[64];
                    choice_counts_of(shard, bits_of(reader, places[i]), field, chosen, raw);
                    scale_counts(raw, shard.get_total(), matches, scaled);
                    for (int v = 0; v < 64; v++)
                        counts[v] += scaled[v];
                });
            return WW_OK;
        }
        Xapian::Enquire enquire(reader->db);
        enquire.set_query(query->query);
        enquire.set_weighting_scheme(Xapian::BoolWeight()); // counting needs no ranking
        ChoiceSpy spy(facet_table(reader, slot), field, chosen);
        enquire.add_matchspy(&spy);
        Xapian::MSet mset = enquire.get_mset(0, 0, exact_up_to);
        const bool exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        unsigned raw[64];
        spy.counts(raw);
        unsigned scaled[64];
        scale_counts(raw, spy.seen(),
                     exact ? mset.get_matches_lower_bound() : mset.get_matches_estimated(), scaled);
        std::memcpy(counts, scaled, sizeof scaled);
        enquire.clear_matchspies();
        return WW_OK;
    }
    WW_CATCH(reader->error)
}

void ww_mset_free(ww_mset *mset)
{
    delete mset;
}

unsigned ww_mset_total(const ww_mset *mset)
{
    return mset->total;
}

bool ww_mset_total_exact(const ww_mset *mset)
{
    return mset->exact;
}

unsigned ww_mset_size(const ww_mset *mset)
{
    return static_cast<unsigned>(mset->data.size());
}

const char *ww_mset_data(const ww_mset *mset, unsigned i, size_t *len)
{
    if (i >= mset->data.size()) {
        *len = 0;
        return nullptr;
    }
    *len = mset->data[i].size();
    return mset->data[i].c_str();
}

uint64_t ww_mset_mask(const ww_mset *mset, unsigned i, size_t field)
{
    return i < mset->masks.size() ? field_mask(mset->masks[i], field) : 0;
}

double ww_mset_distance_m(const ww_mset *mset, unsigned i)
{
    return i < mset->distances.size() ? mset->distances[i] : -1;
}

double ww_mset_weight(const ww_mset *mset, unsigned i)
{
    return i < mset->weights.size() ? mset->weights[i] : 0.0;
}

bool ww_mset_shard_counts(const ww_mset *mset, unsigned counts[64])
{
    if (mset->shard_matches.size() != 64)
        return false;
    std::copy(mset->shard_matches.begin(), mset->shard_matches.end(), counts);
    return true;
}

bool ww_mset_choice_counts(const ww_mset *mset, size_t i, unsigned counts[64])
{
    if (i >= mset->choices.size())
        return false;
    std::copy(mset->choices[i].begin(), mset->choices[i].end(), counts);
    return true;
}

unsigned ww_mset_shard(const ww_mset *mset, unsigned i)
{
    return i < mset->shards.size() ? mset->shards[i] : 0;
}

const char *ww_mset_extra(const ww_mset *mset, unsigned i, size_t *len)
{
    if (i >= mset->extras.size()) {
        *len = 0;
        return "";
    }
    *len = mset->extras[i].size();
    return mset->extras[i].data();
}

void ww_mset_each_facet(const ww_mset *mset, size_t f,
                        void (*each)(unsigned value, unsigned count, void *ctx), void *ctx)
{
    if (f >= mset->facets.size())
        return;
    for (unsigned i = 0; i < 64; i++)
        if (mset->facets[f][i])
            each(i, mset->facets[f][i], ctx);
}

} // extern "C"
