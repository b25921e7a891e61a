/* ww_places.c -- the gemeente's postcode areas, read from schema/postcodes.yaml. */
#include "ww_places.h"

#include "ww_util.h"
#include "ww_yaml.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct ww_places {
    char *gemeente;
    double lat_min, lat_max, lon_min, lon_max;
    ww_postcode_area *areas; /* in the file's order */
    size_t count;
};

static const ww_yaml_limits LIMITS = {.max_depth = 8, .max_nodes = 100000, .max_scalar = 1024};

typedef struct {
    const char *file;
    ww_diag *diag;
    bool ok;
} reader;

static void problem(reader *r, const ww_node *at, const char *fmt, const char *arg)
{
    ww_diag_add(r->diag, WW_DIAG_ERROR, r->file, at ? at->line : 0, at ? at->column : 0, "", fmt,
                arg ? arg : "");
    r->ok = false;
}

static bool number_of(const ww_node *n, double *out)
{
    if (!ww_node_is_scalar(n))
        return false;
    char *end;
    errno = 0;
    *out = strtod(n->value, &end);
    return errno == 0 && end != n->value && *end == '\0' && isfinite(*out);
}

/* `[low, high]` with low < high, within [-limit, limit]. */
static bool read_range(reader *r, const ww_node *n, const char *name, double limit, double *low,
                       double *high)
{
    if (!n || n->kind != WW_NODE_SEQUENCE || n->count != 2 || !number_of(n->items[0], low) ||
        !number_of(n->items[1], high) || !(*low < *high) || *low < -limit || *high > limit) {
        problem(r, n, "gebied.%s moet een rijtje van twee graden zijn, de kleinste eerst", name);
        return false;
    }
    return true;
}

static bool in_box(const ww_places *p, double lat, double lon)
{
    return lat >= p->lat_min && lat <= p->lat_max && lon >= p->lon_min && lon <= p->lon_max;
}

/* The area's wijken: a non-empty list of ids of `wijken`. */
static bool read_wijken(reader *r, const ww_node *v, const char *const *wijken, size_t wijk_count,
                        ww_postcode_area *a)
{
    if (v->kind != WW_NODE_SEQUENCE || v->count == 0) {
        problem(r, v, "'wijken' moet een rijtje van een of meer wijken zijn%s", NULL);
        return false;
    }
    bool ok = true;
    a->wijken = ww_xcalloc(v->count, sizeof *a->wijken);
    for (size_t w = 0; w < v->count; w++) {
        const ww_node *item = v->items[w];
        const char *known = NULL;
        for (size_t k = 0; ww_node_is_scalar(item) && k < wijk_count && !known; k++)
            if (strcmp(wijken[k], item->value) == 0)
                known = wijken[k];
        if (!known) {
            problem(r, item, "'%s' is geen wijk uit vocabulaires.yaml",
                    ww_node_is_scalar(item) ? item->value : "");
            ok = false;
            continue;
        }
        a->wijken[a->wijk_count++] = ww_xstrdup(known);
    }
    return ok;
}

static void read_area(reader *r, ww_places *p, const ww_node *key, const ww_node *value,
                      const char *const *wijken, size_t wijk_count)
{
    char area[WW_POSTCODE_AREA_SIZE], letters[3];
    if (!ww_postcode_read(key->value, area, letters) || letters[0] || strlen(key->value) != 4) {
        problem(r, key, "'%s' is geen postcodegebied; schrijf vier cijfers, zoals \"8011\"",
                key->value);
        return;
    }
    if (ww_places_find(p, area)) {
        problem(r, key, "het postcodegebied %s staat er twee keer in", area);
        return;
    }
    if (value->kind != WW_NODE_MAPPING) {
        problem(r, value, "postcode %s: schrijf {wijken: [...], lat: ..., lon: ...}", area);
        return;
    }
    ww_postcode_area a = {.lat = NAN, .lon = NAN};
    memcpy(a.code, area, sizeof a.code);
    bool ok = true;
    for (size_t i = 0; i < value->count; i++) {
        const ww_node *k = ww_node_key(value, i), *v = ww_node_value(value, i);
        if (strcmp(k->value, "lat") == 0 || strcmp(k->value, "lon") == 0) {
            if (!number_of(v, strcmp(k->value, "lat") == 0 ? &a.lat : &a.lon)) {
                problem(r, v, "'%s' moet een getal zijn (graden, WGS84)", k->value);
                ok = false;
            }
        } else if (strcmp(k->value, "wijken") == 0) {
            ok &= read_wijken(r, v, wijken, wijk_count, &a);
        } else {
            problem(r, k, "onbekend veld '%s'; bekend zijn wijken, lat en lon", k->value);
            ok = false;
        }
    }
    if (ok && (!a.wijk_count || isnan(a.lat) || isnan(a.lon))) {
        problem(r, value, "postcode %s mist wijken, lat of lon", area);
        ok = false;
    }
    if (ok && !in_box(p, a.lat, a.lon)) {
        problem(r, value, "het middelpunt van %s ligt buiten het gebied van de gemeente", area);
        ok = false;
    }
    if (!ok) {
        for (size_t w = 0; w < a.wijk_count; w++)
            free((char *)a.wijken[w]);
        free(a.wijken);
        return;
    }
    p->areas = ww_xrealloc(p->areas, (p->count + 1) * sizeof *p->areas);
    p->areas[p->count++] = a;
}

static void read_root(reader *r, ww_places *p, const ww_node *root, const char *const *wijken,
                      size_t wijk_count)
{
    const ww_node *gemeente = ww_node_get(root, "gemeente"), *box = ww_node_get(root, "gebied"),
                  *areas = ww_node_get(root, "postcodes");
    for (size_t i = 0; i < root->count; i++) {
        const char *key = ww_node_key(root, i)->value;
        if (strcmp(key, "gemeente") && strcmp(key, "gebied") && strcmp(key, "postcodes"))
            problem(r, ww_node_key(root, i),
                    "onbekend veld '%s'; bekend zijn gemeente, gebied en postcodes", key);
    }
    if (!ww_node_is_scalar(gemeente) || !*gemeente->value)
        problem(r, gemeente ? gemeente : root, "'gemeente' (de naam) ontbreekt%s", NULL);
    else
        p->gemeente = ww_xstrdup(gemeente->value);
    if (!box || box->kind != WW_NODE_MAPPING) {
        problem(r, box ? box : root, "'gebied' (lat en lon van het kader) ontbreekt%s", NULL);
        return;
    }
    if (!read_range(r, ww_node_get(box, "lat"), "lat", 90, &p->lat_min, &p->lat_max) ||
        !read_range(r, ww_node_get(box, "lon"), "lon", 180, &p->lon_min, &p->lon_max))
        return;
    if (!areas || areas->kind != WW_NODE_MAPPING || areas->count == 0) {
        problem(r, areas ? areas : root, "'postcodes' moet een blok met postcodegebieden zijn%s",
                NULL);
        return;
    }
    for (size_t i = 0; i < areas->count; i++)
        read_area(r, p, ww_node_key(areas, i), ww_node_value(areas, i), wijken, wijk_count);
}

ww_places *ww_places_parse(const char *text, size_t len, const char *file,
                           const char *const *wijken, size_t wijk_count, ww_diag *diag)
{
    reader r = {.file = file, .diag = diag, .ok = true};
    ww_places *p = ww_xcalloc(1, sizeof *p);
    ww_yaml_doc *doc = NULL;
    ww_yaml_error err;
    if (ww_yaml_parse(text, len, &LIMITS, &doc, &err) != 0) {
        ww_diag_add(diag, WW_DIAG_ERROR, file, err.line, err.column, "", "%s", err.message);
        r.ok = false;
    } else if (ww_yaml_root(doc)->kind != WW_NODE_MAPPING) {
        problem(&r, ww_yaml_root(doc),
                "het bestand moet een blok met gemeente, gebied en "
                "postcodes zijn%s",
                NULL);
    } else {
        read_root(&r, p, ww_yaml_root(doc), wijken, wijk_count);
    }
    ww_yaml_free(doc);
    if (!r.ok) {
        ww_places_free(p);
        return NULL;
    }
    return p;
}

void ww_places_free(ww_places *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->count; i++) {
        for (size_t w = 0; w < p->areas[i].wijk_count; w++)
            free((char *)p->areas[i].wijken[w]);
        free(p->areas[i].wijken);
    }
    free(p->areas);
    free(p->gemeente);
    free(p);
}

const char *ww_places_gemeente(const ww_places *places)
{
    return places->gemeente;
}

bool ww_postcode_read(const char *text, char area[WW_POSTCODE_AREA_SIZE], char letters[3])
{
    char digits[4], caps[2];
    size_t nd = 0, nl = 0;
    for (const char *s = text ? text : ""; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' || c == '\t')
            continue;
        if (isdigit(c) && nl == 0 && nd < 4)
            digits[nd++] = (char)c;
        else if (isalpha(c) && nd == 4 && nl < 2)
            caps[nl++] = (char)toupper(c);
        else
            return false;
    }
    if (nd != 4 || nl == 1 || digits[0] == '0')
        return false;
    memcpy(area, digits, 4);
    area[4] = '\0';
    if (letters) {
        memcpy(letters, caps, nl);
        letters[nl] = '\0';
    }
    return true;
}

size_t ww_places_count(const ww_places *places)
{
    return places ? places->count : 0;
}

const ww_postcode_area *ww_places_area(const ww_places *places, size_t i)
{
    return places && i < places->count ? &places->areas[i] : NULL;
}

const ww_postcode_area *ww_places_find(const ww_places *places, const char *area)
{
    for (size_t i = 0; places && area && i < places->count; i++)
        if (strcmp(places->areas[i].code, area) == 0)
            return &places->areas[i];
    return NULL;
}

bool ww_places_inside(const ww_places *places, double lat, double lon)
{
    return places && isfinite(lat) && isfinite(lon) && in_box(places, lat, lon);
}

ww_places *ww_places_merge(const ww_places *const *parts, size_t count, const char *name)
{
    ww_places *m = ww_xcalloc(1, sizeof *m);
    m->gemeente = ww_xstrdup(name);
    m->lat_min = m->lon_min = INFINITY;
    m->lat_max = m->lon_max = -INFINITY;
    size_t total = 0;
    for (size_t p = 0; p < count; p++)
        total += parts[p]->count;
    m->areas = ww_xcalloc(total ? total : 1, sizeof *m->areas);
    for (size_t p = 0; p < count; p++) {
        const ww_places *part = parts[p];
        m->lat_min = fmin(m->lat_min, part->lat_min);
        m->lat_max = fmax(m->lat_max, part->lat_max);
        m->lon_min = fmin(m->lon_min, part->lon_min);
        m->lon_max = fmax(m->lon_max, part->lon_max);
        for (size_t i = 0; i < part->count; i++) {
            if (ww_places_find(m, part->areas[i].code))
                continue; /* the first gemeente that has the area keeps it */
            ww_postcode_area *a = &m->areas[m->count++];
            *a = part->areas[i];
            a->wijken = ww_xcalloc(a->wijk_count ? a->wijk_count : 1, sizeof *a->wijken);
            for (size_t w = 0; w < a->wijk_count; w++)
                a->wijken[w] = ww_xstrdup(part->areas[i].wijken[w]);
        }
    }
    return m;
}
