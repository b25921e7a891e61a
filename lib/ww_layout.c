/* ww_layout.c -- the tables of ww_layout.h. */
#include "ww_layout.h"

#include <stdio.h>
#include <string.h>

const ww_filter_field WW_FILTERS[] = {
    {"ambities", "ambitie", "ambities", "XA", true},
    {"wijken", "wijk", "wijken", "XW", true},
    {"doelgroepen", "doelgroep", "doelgroepen", "XD", true},
    {"leefgebieden", "leefgebied", "leefgebieden", "XL", true},
    {"soort", "soort", "soorten", "XS", true},
    {"toegang", "toegang", "toegang", "XT", true},
    {"wonen.woonvorm", "woonvorm", "woonvormen", "XH", false},
    {"wonen.begeleiding", "begeleiding", "begeleiding", "XB", false},
    {"@dagen", "dag", "dagen", "XY", false},
    {"@dagdelen", "dagdeel", "dagdelen", "XZ", false},
};
const size_t WW_FILTER_COUNT = sizeof WW_FILTERS / sizeof *WW_FILTERS;

const json_t *ww_filter_value_of(const ww_filter_field *filter, const json_t *entry)
{
    if (ww_filter_is_derived(filter))
        return NULL;
    const char *dot = strchr(filter->field, '.');
    if (!dot)
        return json_object_get(entry, filter->field);
    char block[64];
    snprintf(block, sizeof block, "%.*s", (int)(dot - filter->field), filter->field);
    return json_object_get(json_object_get(entry, block), dot + 1);
}

const ww_filter_field *ww_filter_by_param(const char *param)
{
    for (size_t i = 0; i < WW_FILTER_COUNT; i++)
        if (strcmp(WW_FILTERS[i].param, param) == 0)
            return &WW_FILTERS[i];
    return NULL;
}

/* Title and summary weigh more than the description: they say what an offer is. */
const ww_text_field WW_TEXT_FIELDS[] = {
    {"titel", 4},
    {"samenvatting", 2},
    {"trefwoorden", 2},
    {"beschrijving", 1},
};
const size_t WW_TEXT_FIELD_COUNT = sizeof WW_TEXT_FIELDS / sizeof *WW_TEXT_FIELDS;
