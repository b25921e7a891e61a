/* ww_region_schema.c -- the gemeenten's own wijken and postcode areas in the region's schema. */
#include "ww_region_schema.h"

#include "ww_layout.h"
#include "ww_util.h"

#include <stdlib.h>
#include <string.h>

/* The schema's vocabulary `name`, to change. */
static ww_vocab *vocab_named(ww_schema *schema, const char *name)
{
    for (size_t i = 0; i < schema->vocab_count; i++)
        if (strcmp(schema->vocabs[i].name, name) == 0)
            return &schema->vocabs[i];
    return NULL;
}

/* Why the gemeente's schema cannot be read as the region's (caller frees), or NULL when every
 * vocabulary but wijken is the region's, value for value. */
static char *differs(const ww_schema *region, const ww_schema *own)
{
    for (size_t v = 0; v < region->vocab_count; v++) {
        const ww_vocab *mine = &region->vocabs[v];
        if (strcmp(mine->name, "wijken") == 0)
            continue;
        const ww_vocab *theirs = ww_schema_vocab(own, mine->name);
        bool same = theirs && theirs->count == mine->count;
        for (size_t i = 0; same && i < mine->count; i++)
            same = strcmp(theirs->items[i].id, mine->items[i].id) == 0 &&
                   theirs->items[i].everywhere == mine->items[i].everywhere &&
                   theirs->items[i].voorliggend == mine->items[i].voorliggend;
        if (!same)
            return ww_xasprintf("de lijst %s verschilt van die van de regio (alleen de wijken en "
                                "postcodes.yaml mogen per gemeente verschillen)",
                                mine->name);
    }
    return NULL;
}

typedef struct {
    ww_vocab_item items[WW_MAX_FILTER_VALUES];
    const char *owner[WW_MAX_FILTER_VALUES]; /* whose wijk, for messages */
    size_t count;
} wijk_list;

static void wijk_list_free(wijk_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].id);
        free(list->items[i].label);
        free(list->items[i].explanation);
    }
}

/* Adds the wijken of `from` to `list` in group `group`, labelled with `name` when not NULL, and
 * where each went to `to`. False with *errmsg on a code the list has or a list that is full. */
static bool add_wijken(wijk_list *list, const ww_vocab *from, unsigned group, const char *name,
                       const char *owner, uint8_t to[64], char **errmsg)
{
    for (size_t b = 0; b < from->count; b++) {
        const ww_vocab_item *w = &from->items[b];
        for (size_t i = 0; i < list->count; i++)
            if (strcmp(list->items[i].id, w->id) == 0) {
                *errmsg = ww_xasprintf("de wijk %s van %s heeft dezelfde code als een wijk van "
                                       "%s; geef de wijken van een gemeente met een eigen schema "
                                       "eigen codes (bijvoorbeeld %s-%s)",
                                       w->id, owner, list->owner[i], owner, w->id);
                return false;
            }
        if (list->count == WW_MAX_FILTER_VALUES) {
            *errmsg = ww_xasprintf("de regio heeft meer dan %d wijken", WW_MAX_FILTER_VALUES);
            return false;
        }
        list->items[list->count] = (ww_vocab_item){
            .id = ww_xstrdup(w->id),
            .label = name ? ww_xasprintf("%s (%s)", w->label, name) : ww_xstrdup(w->label),
            .explanation = w->explanation ? ww_xstrdup(w->explanation) : NULL,
            .voorliggend = w->voorliggend,
            .everywhere = w->everywhere,
            .group = group,
        };
        list->owner[list->count] = owner;
        to[b] = (uint8_t)list->count++;
    }
    return true;
}

bool ww_region_schema_merge(ww_schema *schema, const ww_region *region,
                            const ww_schema *const *members, ww_region_wijken *wijken,
                            char **errmsg)
{
    ww_vocab *regional = vocab_named(schema, "wijken");
    wijk_list list = {0};
    const ww_places *places[WW_REGION_MAX + 1];
    size_t place_count = 0;
    uint8_t identity[64];
    for (int b = 0; b < 64; b++)
        identity[b] = (uint8_t)b;
    bool shared = false;
    for (size_t i = 0; i < region->count; i++)
        shared |= members[i] == schema;
    bool ok = regional != NULL;
    if (!ok)
        *errmsg = ww_xstrdup("het schema van de regio heeft geen wijken");
    if (ok && shared) {
        ok = add_wijken(&list, regional, 0, NULL, "de regio", identity, errmsg);
        if (schema->places)
            places[place_count++] = schema->places;
    }
    for (size_t i = 0; ok && i < region->count; i++) {
        const ww_region_member *m = &region->members[i];
        size_t first = 0; /* two gemeenten may share one own schema */
        while (members[first] != members[i])
            first++;
        wijken[i].own = members[i] != schema;
        if (!wijken[i].own || first < i) {
            memcpy(wijken[i].to, wijken[i].own ? wijken[first].to : identity, 64);
            continue;
        }
        char *why = differs(schema, members[i]);
        if (why) {
            *errmsg = ww_xasprintf("het schema van %s (%s): %s", m->id, m->schema_dir, why);
            free(why);
            ok = false;
            break;
        }
        memset(wijken[i].to, 0, 64);
        ok = add_wijken(&list, ww_schema_vocab(members[i], "wijken"), (unsigned)i + 1, m->name,
                        m->id, wijken[i].to, errmsg);
        if (members[i]->places)
            places[place_count++] = members[i]->places;
    }
    if (!ok) {
        wijk_list_free(&list);
        return false;
    }
    for (size_t i = 0; i < regional->count; i++) {
        free(regional->items[i].id);
        free(regional->items[i].label);
        free(regional->items[i].explanation);
    }
    free(regional->items);
    regional->items = ww_xcalloc(list.count ? list.count : 1, sizeof *regional->items);
    memcpy(regional->items, list.items, list.count * sizeof *list.items);
    regional->count = list.count;
    ww_places *merged = ww_places_merge(places, place_count, region->name);
    ww_places_free(schema->places);
    schema->places = merged;
    return true;
}
