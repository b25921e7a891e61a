/* ww_entry_text.h -- an entry's facts in the words a resident reads, shared by the entry page,
 * the shortlist and the result cards: what it costs, for whom, how to join (with the entry's own
 * phone, e-mail or website), a home's details (beschermd thuis), and whether the data are old.
 * Every function returns new values that the caller owns; none fails. */
#ifndef WW_ENTRY_TEXT_H
#define WW_ENTRY_TEXT_H

#include "ww_schema.h"

#include <jansson.h>
#include <stdbool.h>
#include <time.h>

/* {label: "Eigen bijdrage", bedrag: "€ 4,50"?, toelichting?} of `kosten`; NULL without it. */
json_t *ww_entry_costs(const ww_schema *schema, const json_t *kosten);

/* `doelgroepen` as a person says it: [ouderen, iedereen] -> "Iedereen, vooral ouderen";
 * [iedereen] -> "Iedereen"; [ouderen, mantelzorgers] -> "Ouderen en mantelzorgers". A value
 * marked `overal` in the vocabulary (iedereen) leads. "Iedereen" for an empty or absent list
 * (the schema's default). */
char *ww_entry_for_whom(const ww_schema *schema, const json_t *doelgroepen);

/* How to join, from toegang and the contact details (the entry's own, else its organisation's):
 *   {label: "Eerst aanmelden", uitleg: "..."?, intro: "Meld u aan: ",
 *    kanalen: [{voor: ""|", "|" of ", werkwoord: "bel", tekst: "038 123 45 67",
 *               url: "tel:0381234567"}, ...]}
 * A template writes "{{intro}}{{#kanalen}}{{voor}}{{werkwoord}} <a href={{url}}>{{tekst}}</a>
 * {{/kanalen}}." after the label and the uitleg. Without contact details `kanalen` is empty and
 * `uitleg` says what to do. NULL for an entry without a known toegang. */
json_t *ww_entry_how_to_join(const ww_schema *schema, const json_t *entry);

/* A home's details for beschermd thuis: {woonvorm, begeleiding (labels), plaatsen_tekst:
 * "8 plaatsen"?, wachttijd_tekst: "ongeveer 12 weken wachttijd"?}; NULL for other entries. */
json_t *ww_entry_housing(const ww_schema *schema, const json_t *entry);

/* Whether laatst_gecontroleerd is more than a year before `now` (local date). */
bool ww_entry_unchecked_long(const json_t *entry, time_t now);

#endif
