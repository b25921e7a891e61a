/* ww_insight_pages.h -- insight for the gemeente (issue 15): the handlers of /inzicht and
 * /api/v1/inzicht. Coverage of the wijken (dekking), the ambitions with their monthly trend,
 * beschermd thuis, and how current each organisation's entries are (actualiteit, for the
 * editor, or a partner's own row). Each view is a page (SVG charts drawn by templates, each with
 * a table of the same figures), CSV (UTF-8 with BOM, `;`-separated, as Dutch spreadsheets open
 * it: `?formaat=csv`) and JSON (the API, or `?formaat=json`). The figures are ww_insight's. */
#ifndef WW_INSIGHT_PAGES_H
#define WW_INSIGHT_PAGES_H

#include "ww_routes.h"

ww_handler ww_page_insight;                /* GET /inzicht: the views */
ww_handler ww_page_insight_coverage;       /* GET /inzicht/dekking */
ww_handler ww_page_insight_ambitions;      /* GET /inzicht/ambities */
ww_handler ww_page_insight_housing;        /* GET /inzicht/beschermd-thuis */
ww_handler ww_page_insight_currency;       /* GET /partner/actualiteit: a signed-in session */
ww_handler ww_page_insight_currency_link;  /* GET /inzicht/actualiteit: 303 to the one above */
ww_handler ww_page_insight_overlap;        /* GET /partner/overlap: the editor's session */
ww_handler ww_page_insight_overlap_link;   /* GET /inzicht/overlap: 303 to the one above */
ww_handler ww_api_insight_overlap;         /* GET /api/v1/inzicht/overlap: the editor's token */
ww_handler ww_page_insight_questions;      /* GET /partner/vragen: the editor's session */
ww_handler ww_page_insight_questions_link; /* GET /inzicht/vragen: 303 to the one above */
ww_handler ww_api_insight_questions;       /* GET /api/v1/inzicht/vragen: the editor's token */
ww_handler ww_api_insight_coverage;        /* GET /api/v1/inzicht/dekking */
ww_handler ww_api_insight_ambitions;       /* GET /api/v1/inzicht/ambities */
ww_handler ww_api_insight_housing;         /* GET /api/v1/inzicht/beschermd-thuis */
ww_handler ww_api_insight_currency;        /* GET /api/v1/inzicht/actualiteit: a Bearer token */

#endif
