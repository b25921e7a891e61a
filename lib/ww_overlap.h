/* ww_overlap.h -- offers that do much the same thing (dubbelingen, issue 16): pairs of current
 * entries whose texts are alike by Xapian's own relevance feedback (ww_reader_similar: an
 * entry's most distinctive stems, without those of its organisation's name and its places,
 * searched for among the entries that share a wijk, a doelgroep and an ambition with it). A pair
 * counts when each finds the other among its most alike; its score is the lesser of the two
 * looks. The editor's verdicts on pairs (ww_verdicts) keep judged pairs away.
 *
 * Wijken and doelgroepen overlap as search has it: heel-zwolle overlaps every wijk, iedereen
 * every doelgroep. A pair with a verdict stays away until one of its entries changes (its
 * version, the ETag of its file, differs from the one judged). */
#ifndef WW_OVERLAP_H
#define WW_OVERLAP_H

#include "ww_diag.h"
#include "ww_schema.h"
#include "ww_xapian.h"

#include <jansson.h>

/* Below this score a pair is not reported: on tests/fixtures/overlap the planted overlaps score
 * 0.11 to 0.82, the rest at most 0.06: at 0.12 one loose rewrite of nineteen is missed, and on
 * the sample catalog fewer pairs of loosely related offers show (see the README). */
#define WW_OVERLAP_THRESHOLD 0.12

typedef struct {
    double threshold;       /* 0..1; WW_OVERLAP_THRESHOLD by default */
    const char *today;      /* YYYY-MM-DD: only current entries */
    const json_t *verdicts; /* ww_verdicts_read's list, or NULL */
} ww_overlap_request;

/* The overlapping pairs, best first:
 *   {"drempel", "paren": [{"score", "a": {id, titel, organisatie: {id, naam}, wijken},
 *                          "b": {...}, "zelfde_organisatie", "woorden": [shared stems],
 *                          "wijken", "doelgroepen", "ambities" (shared, overlap as search has
 *                          it)}]}
 * A new object (the caller's), or NULL with the reader's last error. */
json_t *ww_overlap_pairs(ww_reader *reader, const ww_schema *schema, const ww_overlap_request *req);

/* Removes from an answer of ww_overlap_pairs the pairs whose verdict still holds (both entries
 * as they were judged). */
void ww_overlap_drop_judged(ww_reader *reader, json_t *answer, const json_t *verdicts);

#endif
