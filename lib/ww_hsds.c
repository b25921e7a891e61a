/* ww_hsds.c -- a completed entry as an HSDS 3.0 service, and our vocabularies as taxonomies.
 * The mapping is described in ww_hsds.h; the objects are built here field by field so that a
 * reader can hold this file beside HSDS's schema. */
#include "ww_hsds.h"

#include "ww_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <uuid/uuid.h>

const ww_hsds_taxonomy WW_HSDS_TAXONOMIES[] = {
    {"soorten", "soort"},           {"ambities", "ambities"},
    {"doelgroepen", "doelgroepen"}, {"leefgebieden", "leefgebieden"},
    {"wijken", "wijken"},           {"toegang", "toegang"},
    {"kosten", "kosten"},           {"woonvormen", "woonvorm"},
    {"begeleiding", "begeleiding"},
};
const size_t WW_HSDS_TAXONOMY_COUNT = sizeof WW_HSDS_TAXONOMIES / sizeof *WW_HSDS_TAXONOMIES;

/* The terms of our own taxonomy: fields HSDS has no place for, carried as attribute values. */
static const struct {
    const char *code, *name;
} OWN_TERMS[] = {
    {"id", "Wegwijzer-id van het aanbod"},
    {"samenvatting", "Samenvatting in gewone taal"},
    {"trefwoorden", "Trefwoord"},
    {"plaatsen", "Aantal plaatsen"},
    {"wachttijd_weken", "Wachttijd in weken"},
    {"geldig_tot", "Geldig tot"},
};

static const char *const DAYS[][2] = {{"ma", "MO"}, {"di", "TU"}, {"wo", "WE"}, {"do", "TH"},
                                      {"vr", "FR"}, {"za", "SA"}, {"zo", "SU"}};

void ww_hsds_uuid(const char *name, char out[37])
{
    uuid_t ns, id;
    if (uuid_parse(WW_HSDS_NAMESPACE, ns) != 0)
        abort(); /* a constant: cannot fail */
    uuid_generate_sha1(id, ns, name, strlen(name));
    uuid_unparse_lower(id, out);
}

void ww_hsds_uuidf(char out[37], const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *name = ww_xvasprintf(fmt, ap);
    va_end(ap);
    ww_hsds_uuid(name, out);
    free(name);
}

/* A new JSON string holding the id of the object printf(fmt, ...) names. */
static json_t *uuid_of(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static json_t *uuid_of(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *name = ww_xvasprintf(fmt, ap);
    va_end(ap);
    char id[37];
    ww_hsds_uuid(name, id);
    free(name);
    return json_string(id);
}

static const char *text_of(const json_t *object, const char *key)
{
    return json_string_value(json_object_get(object, key));
}

/* Sets key to a copy of s when s is a non-empty string. */
static void set_text(json_t *object, const char *key, const char *s)
{
    if (s && *s)
        json_object_set_new(object, key, json_string(s));
}

static const char *label_of(const ww_schema *schema, const char *vocab, const char *id)
{
    const ww_vocab_item *item = ww_vocab_find(ww_schema_vocab(schema, vocab), id);
    return item ? item->label : id;
}

/* The ids an entry holds for a vocabulary field (see WW_HSDS_TAXONOMIES), as a new array. */
static json_t *field_values(const json_t *entry, const char *field)
{
    const json_t *v;
    if (strcmp(field, "kosten") == 0)
        v = json_object_get(json_object_get(entry, "kosten"), "soort");
    else if (strcmp(field, "woonvorm") == 0 || strcmp(field, "begeleiding") == 0)
        v = json_object_get(json_object_get(entry, "wonen"), field);
    else
        v = json_object_get(entry, field);
    if (json_is_array(v))
        return json_copy((json_t *)v);
    json_t *list = json_array();
    if (json_is_string(v))
        json_array_append(list, (json_t *)v);
    return list;
}

/* ---- Taxonomies ------------------------------------------------------------------------- */

static json_t *taxonomy(const char *name, const char *description)
{
    return json_pack("{s:o,s:s,s:s,s:s}", "id", uuid_of("taxonomie/%s", name), "name", name,
                     "description", description, "version", WW_HSDS_VERSION);
}

/* A term of the taxonomy `tax` (a vocabulary's name, or WW_HSDS_OWN_TAXONOMY). */
static json_t *term(const char *tax, const char *code, const char *name, const char *description)
{
    char *tax_name = strcmp(tax, WW_HSDS_OWN_TAXONOMY) == 0 ? ww_xstrdup(tax)
                                                            : ww_xasprintf("wegwijzer:%s", tax);
    json_t *t =
        json_pack("{s:o,s:s,s:s,s:s,s:s,s:o}", "id", uuid_of("taxonomie/%s/%s", tax_name, code),
                  "code", code, "name", name, "description", description, "taxonomy", tax_name,
                  "taxonomy_id", uuid_of("taxonomie/%s", tax_name));
    json_object_set_new(t, "language", json_string("nl"));
    free(tax_name);
    return t;
}

static json_t *vocab_term(const ww_schema *schema, const char *vocab, const char *code)
{
    const ww_vocab_item *item = ww_vocab_find(ww_schema_vocab(schema, vocab), code);
    const char *label = item ? item->label : code;
    return term(vocab, code, label, item && item->explanation ? item->explanation : label);
}

static const char *own_term_name(const char *code)
{
    for (size_t i = 0; i < sizeof OWN_TERMS / sizeof *OWN_TERMS; i++)
        if (strcmp(OWN_TERMS[i].code, code) == 0)
            return OWN_TERMS[i].name;
    return code;
}

json_t *ww_hsds_taxonomies(const ww_schema *schema)
{
    json_t *list = json_array();
    for (size_t i = 0; i < WW_HSDS_TAXONOMY_COUNT; i++) {
        const char *vocab = WW_HSDS_TAXONOMIES[i].vocab;
        char *name = ww_xasprintf("wegwijzer:%s", vocab);
        char *description = ww_xasprintf("De lijst '%s' van de Wegwijzer-catalogus", vocab);
        json_array_append_new(list, taxonomy(name, description));
        free(name);
        free(description);
    }
    (void)schema;
    json_array_append_new(list, taxonomy(WW_HSDS_OWN_TAXONOMY,
                                         "Velden van de Wegwijzer-catalogus waar HSDS geen plaats "
                                         "voor heeft; de waarde staat in het attribuut"));
    return list;
}

json_t *ww_hsds_taxonomy_terms(const ww_schema *schema)
{
    json_t *list = json_array();
    for (size_t i = 0; i < WW_HSDS_TAXONOMY_COUNT; i++) {
        const ww_vocab *vocab = ww_schema_vocab(schema, WW_HSDS_TAXONOMIES[i].vocab);
        for (size_t k = 0; vocab && k < vocab->count; k++)
            json_array_append_new(
                list, vocab_term(schema, WW_HSDS_TAXONOMIES[i].vocab, vocab->items[k].id));
    }
    for (size_t i = 0; i < sizeof OWN_TERMS / sizeof *OWN_TERMS; i++)
        json_array_append_new(list, term(WW_HSDS_OWN_TAXONOMY, OWN_TERMS[i].code, OWN_TERMS[i].name,
                                         OWN_TERMS[i].name));
    return list;
}

/* ---- Attributes ------------------------------------------------------------------------- */

/* Appends to `list` an attribute of service `sid` (entry `id`) with `t` (taken) as its term; `n`
 * tells apart several attributes with one term (trefwoorden). */
static void add_attribute(json_t *list, const char *id, const json_t *sid, json_t *t,
                          const char *value, size_t n)
{
    json_t *a = json_pack("{s:o,s:O,s:O,s:s,s:s}", "id",
                          uuid_of("aanbod/%s/attribuut/%s/%zu", id, text_of(t, "id"), n), "link_id",
                          sid, "taxonomy_term_id", json_object_get(t, "id"), "link_type",
                          "taxonomy_term", "link_entity", "service");
    set_text(a, "value", value);
    json_object_set_new(a, "taxonomy_term", t);
    json_array_append_new(list, a);
}

static void add_own(json_t *list, const char *id, const json_t *sid, const char *code,
                    const char *value, size_t n)
{
    if (value && *value)
        add_attribute(list, id, sid,
                      term(WW_HSDS_OWN_TAXONOMY, code, own_term_name(code), own_term_name(code)),
                      value, n);
}

static json_t *attributes(const ww_hsds_context *ctx, const json_t *entry, const json_t *sid)
{
    const char *id = text_of(entry, "id");
    json_t *list = json_array();
    bool inferred = json_is_true(json_object_get(entry, "ambities_afgeleid"));
    for (size_t i = 0; i < WW_HSDS_TAXONOMY_COUNT; i++) {
        const char *vocab = WW_HSDS_TAXONOMIES[i].vocab;
        json_t *values = field_values(entry, WW_HSDS_TAXONOMIES[i].field);
        size_t k;
        json_t *v;
        json_array_foreach(values, k, v)
        {
            bool mark = inferred && strcmp(vocab, "ambities") == 0;
            add_attribute(list, id, sid, vocab_term(ctx->schema, vocab, json_string_value(v)),
                          mark ? "afgeleid" : NULL, 0);
        }
        json_decref(values);
    }
    add_own(list, id, sid, "id", id, 0);
    add_own(list, id, sid, "samenvatting", text_of(entry, "samenvatting"), 0);
    add_own(list, id, sid, "geldig_tot", text_of(entry, "geldig_tot"), 0);
    const json_t *wonen = json_object_get(entry, "wonen");
    const char *numbers[] = {"plaatsen", "wachttijd_weken"};
    for (size_t i = 0; i < 2; i++) {
        const json_t *n = json_object_get(wonen, numbers[i]);
        if (json_is_integer(n)) {
            char text[32];
            snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT, json_integer_value(n));
            add_own(list, id, sid, numbers[i], text, 0);
        }
    }
    size_t k;
    json_t *word;
    json_array_foreach(json_object_get(entry, "trefwoorden"), k, word)
        add_own(list, id, sid, "trefwoorden", json_string_value(word), k);
    return list;
}

/* ---- The parts of a service ------------------------------------------------------------- */

static json_t *schedules(const json_t *entry, const json_t *sid)
{
    const char *id = text_of(entry, "id");
    json_t *list = json_array();
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(entry, "tijden"), i, t)
    {
        ww_buf byday = {0}, human = {0};
        size_t k;
        json_t *day;
        json_array_foreach(json_object_get(t, "dagen"), k,
                           day) for (size_t d = 0; d < 7;
                                     d++) if (strcmp(json_string_value(day), DAYS[d][0]) == 0)
        {
            ww_buf_printf(&byday, "%s%s", byday.len ? "," : "", DAYS[d][1]);
            ww_buf_printf(&human, "%s%s", human.len ? ", " : "", DAYS[d][0]);
        }
        /* van and tot are each optional ("za vanaf 10:00"). */
        const char *from = text_of(t, "van"), *to = text_of(t, "tot");
        if (from || to)
            ww_buf_printf(&human, "%s%s-%s", human.len ? " " : "", from ? from : "", to ? to : "");
        json_t *s =
            json_pack("{s:o,s:O,s:s,s:i,s:s,s:s}", "id", uuid_of("aanbod/%s/tijden/%zu", id, i),
                      "service_id", sid, "freq", "WEEKLY", "interval", 1, "wkst", "MO", "byday",
                      byday.data ? byday.data : "");
        set_text(s, "opens_at", from);
        set_text(s, "closes_at", to);
        set_text(s, "description", human.data);
        set_text(s, "valid_to", text_of(entry, "geldig_tot"));
        json_array_append_new(list, s);
        ww_buf_free(&byday);
        ww_buf_free(&human);
    }
    const char *note = text_of(entry, "tijden_toelichting");
    if (note && *note)
        json_array_append_new(list, json_pack("{s:o,s:O,s:s}", "id",
                                              uuid_of("aanbod/%s/tijden/toelichting", id),
                                              "service_id", sid, "description", note));
    return list;
}

static json_t *location(const ww_hsds_context *ctx, const json_t *entry, size_t i,
                        const json_t *place)
{
    const char *id = text_of(entry, "id");
    json_t *lid = uuid_of("aanbod/%s/locatie/%zu", id, i);
    json_t *l = json_pack("{s:O,s:s}", "id", lid, "location_type", "physical");
    set_text(l, "name", text_of(place, "naam"));
    const json_t *lat = json_object_get(place, "lat"), *lon = json_object_get(place, "lon");
    if (json_is_number(lat) && json_is_number(lon)) {
        json_object_set_new(l, "latitude", json_real(json_number_value(lat)));
        json_object_set_new(l, "longitude", json_real(json_number_value(lon)));
    }
    json_t *addresses = json_array();
    const char *street = text_of(place, "adres"), *city = text_of(place, "plaats"),
               *postcode = text_of(place, "postcode");
    /* HSDS requires address_1; a location with only a postcode or a town keeps them all the same */
    if (street || city || postcode) {
        json_array_append_new(
            addresses,
            json_pack("{s:o,s:O,s:s,s:s,s:s,s:s,s:s,s:s}", "id",
                      uuid_of("aanbod/%s/locatie/%zu/adres", id, i), "location_id", lid,
                      "address_1", street ? street : "", "city", city ? city : "", "state_province",
                      ctx->province ? ctx->province : "", "postal_code", postcode ? postcode : "",
                      "country", "NL", "address_type", "physical"));
    }
    json_object_set_new(l, "addresses", addresses);
    const json_t *wheelchair = json_object_get(place, "rolstoeltoegankelijk");
    json_t *access = json_array();
    if (json_is_boolean(wheelchair))
        json_array_append_new(access,
                              json_pack("{s:o,s:O,s:s}", "id",
                                        uuid_of("aanbod/%s/locatie/%zu/toegankelijkheid", id, i),
                                        "location_id", lid, "description",
                                        json_is_true(wheelchair) ? "rolstoeltoegankelijk"
                                                                 : "niet rolstoeltoegankelijk"));
    json_object_set_new(l, "accessibility", access);
    json_decref(lid);
    return l;
}

static json_t *service_at_locations(const ww_hsds_context *ctx, const json_t *entry,
                                    const json_t *sid)
{
    const char *id = text_of(entry, "id");
    json_t *list = json_array();
    size_t i;
    json_t *place;
    json_array_foreach(json_object_get(entry, "locaties"), i, place)
    {
        json_t *l = location(ctx, entry, i, place);
        json_array_append_new(list, json_pack("{s:o,s:O,s:O,s:o}", "id",
                                              uuid_of("aanbod/%s/locatie/%zu/dienst", id, i),
                                              "service_id", sid, "location_id",
                                              json_object_get(l, "id"), "location", l));
    }
    return list;
}

static json_t *service_areas(const ww_hsds_context *ctx, const json_t *entry, const json_t *sid)
{
    json_t *list = json_array();
    size_t i;
    json_t *wijk;
    json_array_foreach(json_object_get(entry, "wijken"), i, wijk)
    {
        const char *w = json_string_value(wijk);
        json_array_append_new(
            list, json_pack("{s:o,s:O,s:s,s:s}", "id",
                            uuid_of("aanbod/%s/gebied/%s", text_of(entry, "id"), w), "service_id",
                            sid, "name", label_of(ctx->schema, "wijken", w), "description", w));
    }
    return list;
}

static json_t *languages(const ww_hsds_context *ctx, const json_t *entry, const json_t *sid)
{
    json_t *list = json_array();
    size_t i;
    json_t *code;
    json_array_foreach(json_object_get(entry, "talen"), i, code)
    {
        const char *c = json_string_value(code);
        json_array_append_new(list, json_pack("{s:o,s:O,s:s,s:s}", "id",
                                              uuid_of("aanbod/%s/taal/%s", text_of(entry, "id"), c),
                                              "service_id", sid, "code", c, "name",
                                              label_of(ctx->schema, "talen", c)));
    }
    return list;
}

static json_t *cost_options(const ww_hsds_context *ctx, const json_t *entry, const json_t *sid)
{
    json_t *list = json_array();
    const json_t *costs = json_object_get(entry, "kosten");
    if (!json_object_size(costs))
        return list;
    const char *kind = text_of(costs, "soort");
    json_t *c = json_pack("{s:o,s:O,s:s}", "id", uuid_of("aanbod/%s/kosten", text_of(entry, "id")),
                          "service_id", sid, "currency", "EUR");
    if (kind)
        set_text(c, "option", label_of(ctx->schema, "kosten", kind));
    const json_t *amount = json_object_get(costs, "bedrag");
    if (json_is_number(amount))
        json_object_set_new(c, "amount", json_real(json_number_value(amount)));
    else if (kind && strcmp(kind, "gratis") == 0)
        json_object_set_new(c, "amount", json_real(0));
    set_text(c, "amount_description", text_of(costs, "toelichting"));
    json_array_append_new(list, c);
    return list;
}

/* The phones of a service or an organisation: one, of type voice, when it has a number. */
static json_t *phones(const char *number, const char *owner_key, const json_t *owner,
                      const char *name)
{
    json_t *list = json_array();
    if (number && *number)
        json_array_append_new(list,
                              json_pack("{s:o,s:O,s:s,s:s}", "id", uuid_of("%s/telefoon", name),
                                        owner_key, owner, "number", number, "type", "voice"));
    return list;
}

json_t *ww_hsds_organization(const json_t *organisation)
{
    const char *id = text_of(organisation, "id"), *name = text_of(organisation, "naam");
    const char *about = text_of(organisation, "omschrijving");
    char *key = ww_xasprintf("organisatie/%s", id ? id : "");
    json_t *oid = uuid_of("%s", key);
    json_t *o = json_pack("{s:O,s:s,s:s}", "id", oid, "name", name ? name : "", "description",
                          about && *about ? about
                          : name          ? name
                                          : "");
    set_text(o, "website", text_of(organisation, "website"));
    set_text(o, "email", text_of(organisation, "email"));
    /* our id, so that an import gives the organisation its own id back */
    json_object_set_new(o, "organization_identifiers",
                        json_pack("[{s:o,s:O,s:s,s:s,s:s}]", "id", uuid_of("%s/id", key),
                                  "organization_id", oid, "identifier_scheme", "wegwijzer",
                                  "identifier_type", "wegwijzer-id", "identifier", id ? id : ""));
    json_object_set_new(o, "phones",
                        phones(text_of(organisation, "telefoon"), "organization_id", oid, key));
    json_decref(oid);
    free(key);
    return o;
}

/* The description: the samenvatting, and the beschrijving after a blank line. */
static json_t *description(const json_t *entry)
{
    const char *summary = text_of(entry, "samenvatting"), *body = text_of(entry, "beschrijving");
    if (!body || !*body)
        return json_string(summary ? summary : "");
    char *both = ww_xasprintf("%s\n\n%s", summary ? summary : "", body);
    json_t *s = json_string(both);
    free(both);
    return s;
}

/* The doelgroepen' labels, joined: who the service is for, in words. */
static json_t *eligibility(const ww_hsds_context *ctx, const json_t *entry)
{
    ww_buf b = {0};
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(entry, "doelgroepen"), i, v) ww_buf_printf(
        &b, "%s%s", b.len ? ", " : "", label_of(ctx->schema, "doelgroepen", json_string_value(v)));
    json_t *s = b.len ? json_string(b.data) : NULL;
    ww_buf_free(&b);
    return s;
}

json_t *ww_hsds_service(const ww_hsds_context *ctx, const json_t *entry)
{
    const char *id = text_of(entry, "id");
    const json_t *org = json_object_get(entry, "organisatie");
    const json_t *contact = json_object_get(entry, "contact");
    json_t *sid = uuid_of("aanbod/%s", id);
    const char *until = text_of(entry, "geldig_tot");
    bool expired = until && ctx->today && strcmp(until, ctx->today) < 0;
    json_t *organization = ww_hsds_organization(org);
    json_t *s =
        json_pack("{s:O,s:O,s:s,s:o,s:s}", "id", sid, "organization_id",
                  json_object_get(organization, "id"), "name", text_of(entry, "titel"),
                  "description", description(entry), "status", expired ? "inactive" : "active");
    set_text(s, "url", text_of(contact, "website"));
    set_text(s, "email", text_of(contact, "email"));
    const char *access = text_of(entry, "toegang");
    if (access)
        set_text(s, "application_process", label_of(ctx->schema, "toegang", access));
    json_t *who = eligibility(ctx, entry);
    if (who)
        json_object_set_new(s, "eligibility_description", who);
    set_text(s, "fees_description", text_of(json_object_get(entry, "kosten"), "toelichting"));
    const json_t *wait = json_object_get(json_object_get(entry, "wonen"), "wachttijd_weken");
    if (json_is_integer(wait)) {
        char text[48];
        snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT " weken", json_integer_value(wait));
        set_text(s, "wait_time", text);
    }
    set_text(s, "assured_date", text_of(entry, "laatst_gecontroleerd"));
    set_text(s, "last_modified", ctx->modified);
    char *name = ww_xasprintf("aanbod/%s", id);
    json_object_set_new(s, "phones", phones(text_of(contact, "telefoon"), "service_id", sid, name));
    free(name);
    json_object_set_new(s, "schedules", schedules(entry, sid));
    json_object_set_new(s, "service_areas", service_areas(ctx, entry, sid));
    json_object_set_new(s, "service_at_locations", service_at_locations(ctx, entry, sid));
    json_object_set_new(s, "languages", languages(ctx, entry, sid));
    json_object_set_new(s, "organization", organization);
    json_object_set_new(s, "cost_options", cost_options(ctx, entry, sid));
    json_object_set_new(s, "attributes", attributes(ctx, entry, sid));
    json_decref(sid);
    return s;
}

json_t *ww_hsds_brief(const json_t *object)
{
    json_t *brief = json_object();
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)object, key,
                        value) if (!json_is_array(value) && !json_is_object(value))
        json_object_set(brief, key, value);
    return brief;
}

json_t *ww_hsds_locations_of(const json_t *service, bool brief)
{
    json_t *list = json_array();
    json_t *bare = ww_hsds_brief(service);
    size_t i;
    json_t *sal;
    json_array_foreach(json_object_get(service, "service_at_locations"), i, sal)
    {
        json_t *copy = json_copy(sal);
        if (brief)
            json_object_set_new(copy, "location", ww_hsds_brief(json_object_get(sal, "location")));
        json_object_set(copy, "service", bare);
        json_array_append_new(list, copy);
    }
    json_decref(bare);
    return list;
}
