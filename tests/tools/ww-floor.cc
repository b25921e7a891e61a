// ww-floor.cc -- the bare-Xapian floor of `make bench`: a search as plainly as Xapian does it, on
// Wegwijzer's own index, to measure what our query understanding and answer cost above it.
//
//   ww-floor --index DIR [--facets] [--repeat N] [--limit N] [--today YYYY-MM-DD]
//            [param=value ...] [TEXT]
//
// Takes the arguments of ww-query (the parameters of a search as `name=value`, the question
// last) and runs the same shape of search: Xapian's QueryParser (Dutch stemming, any word),
// each filter parameter as its boolean terms (a wijk also finds heel-zwolle, a doelgroep
// iedereen), gratis and voorliggend as their terms, expired entries left out, the top `limit`
// (20) with each result's stored summary read, and at least 2000 matches counted. With
// --facets, a match spy counts every facet field's values from the facet slot, one value read
// per match: what an exact facet count costs done the plain way. With --repeat it searches
// once untimed, then N times, and prints the mean microseconds per search; else the total and
// the ids. No schema, no synonyms, no spelling, no compounds: that is the point.
#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace
{
// Must match lib/ww_layout.h: the slots and prefixes of the index.
const Xapian::valueno SLOT_EXPIRES = 20, SLOT_FACETS = 23, SLOT_SUMMARY = 24;
const size_t FACET_FIELDS = 8;
struct Filter {
    const char *param, *prefix, *everywhere;
};
const Filter FILTERS[] = {
    {"ambitie", "XA", nullptr},    {"wijk", "XW", "heel-zwolle"},  {"doelgroep", "XD", "iedereen"},
    {"leefgebied", "XL", nullptr}, {"soort", "XS", nullptr},       {"toegang", "XT", nullptr},
    {"woonvorm", "XH", nullptr},   {"begeleiding", "XB", nullptr},
};

// Counts the values of every facet field: one value read and a few bit tests per match.
class FacetSpy : public Xapian::MatchSpy
{
  public:
    void operator()(const Xapian::Document &doc, double) override
    {
        const std::string value = doc.get_value(SLOT_FACETS);
        for (size_t f = 0; f < FACET_FIELDS && (f + 1) * 8 <= value.size(); f++) {
            uint64_t mask;
            std::memcpy(&mask, value.data() + f * 8, 8);
            for (; mask; mask &= mask - 1)
                counts[f][__builtin_ctzll(mask)]++;
        }
    }
    unsigned counts[FACET_FIELDS][64] = {};
};

struct Search {
    std::string text, today;
    std::vector<std::pair<std::string, std::string>> filters;
    bool gratis = false, voorliggend = false, facets = false;
    unsigned offset = 0, limit = 20;
};

Xapian::Query query_of(const Search &s, Xapian::QueryParser &parser)
{
    Xapian::Query q =
        s.text.empty() ? Xapian::Query::MatchAll : parser.parse_query(s.text, 0); // no operators
    for (const Filter &f : FILTERS) {
        std::vector<Xapian::Query> any;
        for (const auto &kv : s.filters)
            if (kv.first == f.param)
                any.emplace_back(f.prefix + kv.second);
        if (any.empty())
            continue;
        if (f.everywhere)
            any.emplace_back(std::string(f.prefix) + f.everywhere);
        q = Xapian::Query(Xapian::Query::OP_FILTER, q,
                          Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end()));
    }
    if (s.gratis)
        q = Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query("XKgratis"));
    if (s.voorliggend)
        q = Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query("XVja"));
    return Xapian::Query(Xapian::Query::OP_FILTER, q,
                         Xapian::Query(Xapian::Query::OP_VALUE_GE, SLOT_EXPIRES, s.today));
}

// One search; the number of matches (estimated past 2000, as Wegwijzer counts).
unsigned search(Xapian::Database &db, Xapian::QueryParser &parser, const Search &s,
                std::vector<std::string> *ids)
{
    Xapian::Enquire enquire(db);
    enquire.set_query(query_of(s, parser));
    FacetSpy spy;
    if (s.facets)
        enquire.add_matchspy(&spy);
    Xapian::MSet mset = enquire.get_mset(s.offset, s.limit, 2000);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        std::string summary = it.get_document().get_value(SLOT_SUMMARY);
        if (ids)
            ids->push_back(summary.substr(0, summary.find(',')));
    }
    enquire.clear_matchspies();
    return mset.get_matches_estimated();
}

std::string today_utc()
{
    char buf[16];
    time_t now = time(nullptr);
    strftime(buf, sizeof buf, "%Y-%m-%d", gmtime(&now));
    return buf;
}
} // namespace

int main(int argc, char **argv)
{
    const char *index = nullptr;
    long repeat = 0;
    Search s;
    s.today = today_utc();
    for (int i = 1; i < argc; i++) {
        std::string arg = argv[i];
        size_t eq = arg.find('=');
        if (arg == "--index" && i + 1 < argc)
            index = argv[++i];
        else if (arg == "--repeat" && i + 1 < argc)
            repeat = atol(argv[++i]);
        else if (arg == "--limit" && i + 1 < argc)
            s.limit = static_cast<unsigned>(atoi(argv[++i]));
        else if (arg == "--today" && i + 1 < argc)
            s.today = argv[++i];
        else if (arg == "--facets")
            s.facets = true;
        else if (arg == "gratis=1")
            s.gratis = true;
        else if (arg == "voorliggend=1")
            s.voorliggend = true;
        else if (arg.compare(0, 5, "page=") == 0)
            s.offset = static_cast<unsigned>(atoi(arg.c_str() + 5) - 1) * s.limit;
        else if (eq != std::string::npos && arg.compare(0, 2, "--") != 0)
            s.filters.emplace_back(arg.substr(0, eq), arg.substr(eq + 1));
        else
            s.text = arg;
    }
    if (!index) {
        fprintf(stderr, "usage: ww-floor --index DIR [--facets] [--repeat N] [param=value ...] "
                        "[TEXT]\n");
        return 2;
    }
    try {
        Xapian::Database db(std::string(index) + "/current");
        Xapian::QueryParser parser;
        parser.set_database(db);
        parser.set_stemmer(Xapian::Stem("dutch"));
        parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        if (repeat > 0) {
            search(db, parser, s, nullptr); // untimed: the pages in the cache
            auto start = std::chrono::steady_clock::now();
            for (long r = 0; r < repeat; r++)
                search(db, parser, s, nullptr);
            std::chrono::duration<double, std::micro> spent =
                std::chrono::steady_clock::now() - start;
            printf("%.1f\n", spent.count() / repeat);
            return 0;
        }
        std::vector<std::string> ids;
        printf("%u", search(db, parser, s, &ids));
        for (const std::string &id : ids)
            printf(" %s", id.c_str());
        printf("\n");
        return 0;
    } catch (const Xapian::Error &e) {
        fprintf(stderr, "ww-floor: %s\n", e.get_description().c_str());
        return 2;
    }
}
