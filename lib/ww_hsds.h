/* ww_hsds.h -- the catalog as Open Referral's Human Services Data Specification (HSDS 3.0): the
 * mapping from a completed entry (what the index stores) and an organisation to HSDS objects,
 * the stable UUIDs, and the taxonomies made of our vocabularies. Owns the mapping in the
 * export direction; ww_hsds_import.h reads HSDS back with the same names and ids.
 *
 * The mapping (also in the README):
 *   aanbod            service: name = titel; description = samenvatting, a blank line and the
 *                     beschrijving; url/email = contact.website/email; phones = contact.telefoon;
 *                     status "active", "inactive" after geldig_tot; assured_date =
 *                     laatst_gecontroleerd; last_modified = when the catalog file was written;
 *                     application_process = toegang's label; eligibility_description = the
 *                     doelgroepen' labels; fees_description = kosten.toelichting; wait_time =
 *                     wonen.wachttijd_weken in weeks
 *   organisatie       organization (description = omschrijving, else naam; our id as an
 *                     organization_identifier of scheme "wegwijzer")
 *   locaties[i]       location (physical; name, latitude, longitude; an address when it has
 *                     adres; accessibility when rolstoeltoegankelijk is known) and a
 *                     service_at_location joining it to the service
 *   tijden[i]         schedule: freq WEEKLY, byday MO,TU..., opens_at/closes_at; valid_to =
 *                     geldig_tot; tijden_toelichting a schedule with only a description
 *   kosten            cost_option: option = soort's label, amount = bedrag (EUR),
 *                     amount_description = toelichting
 *   talen             language: code (ISO 639-1) and its Dutch name
 *   vocabularies      attributes of the service, each with its taxonomy_term: soort, ambities
 *                     (value "afgeleid" when inferred), doelgroepen, leefgebieden, wijken,
 *                     toegang, kosten (soort), woonvorm, begeleiding; wijken also service_areas
 *   the rest          attributes of the taxonomy "wegwijzer" whose term's code names the field
 *                     and whose value holds it: id, trefwoorden (one per word), plaatsen,
 *                     wachttijd_weken, samenvatting, geldig_tot
 *
 * Ids: UUIDv5 (SHA-1, RFC 9562) under WW_HSDS_NAMESPACE of a name that says what the object is:
 * "aanbod/<id>", "organisatie/<id>", "aanbod/<id>/locatie/<i>", "aanbod/<id>/tijden/<i>",
 * "taxonomie/wegwijzer:<vocabulary>", "taxonomie/wegwijzer:<vocabulary>/<term>", ... (the
 * taxonomies are named "wegwijzer:<vocabulary>"; ours is "wegwijzer") so an id never changes
 * between exports while the entry's id and the order of its lists stay. */
#ifndef WW_HSDS_H
#define WW_HSDS_H

#include "ww_schema.h"

#include <jansson.h>
#include <stdbool.h>

/* Our namespace for UUIDv5 names. Never change it: every exported id derives from it. */
#define WW_HSDS_NAMESPACE "5b3d6c2e-8f41-4a8e-9c0d-7e2f1a6b4d90"
/* The taxonomy of our own fields that HSDS has no place for (see above). */
#define WW_HSDS_OWN_TAXONOMY "wegwijzer"
#define WW_HSDS_VERSION "3.0"

/* The vocabularies that become taxonomies, in this order; `field` is the entry's field that
 * holds the vocabulary's ids ("kosten" means kosten.soort, "woonvorm" wonen.woonvorm). */
typedef struct {
    const char *vocab; /* the vocabulary's name in schema/vocabulaires.yaml */
    const char *field; /* the entry's field */
} ww_hsds_taxonomy;
extern const ww_hsds_taxonomy WW_HSDS_TAXONOMIES[];
extern const size_t WW_HSDS_TAXONOMY_COUNT;

/* Writes the UUIDv5 of `name` under WW_HSDS_NAMESPACE into out (37 bytes with the NUL). */
void ww_hsds_uuid(const char *name, char out[37]);
/* The same for the name printf(fmt, ...) makes. */
void ww_hsds_uuidf(char out[37], const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* What the mapping needs besides the entry: the schema (labels), today (YYYY-MM-DD, for status),
 * when the entry's file was last written (RFC 3339 UTC, or NULL when unknown) and the province
 * of the addresses (HSDS requires one; ww_open_data's). */
typedef struct {
    const ww_schema *schema;
    const char *today;
    const char *modified;
    const char *province;
} ww_hsds_context;

/* The fully nested HSDS service of a completed entry (as the index stores it: organisatie is
 * the organisation's record). New JSON, caller owns. */
json_t *ww_hsds_service(const ww_hsds_context *ctx, const json_t *entry);
/* An organisation record as HSDS organization, without services. Caller owns. */
json_t *ww_hsds_organization(const json_t *organisation);
/* Every taxonomy (WW_HSDS_TAXONOMIES and our own), and every term of each, as HSDS objects.
 * Caller owns both arrays. */
json_t *ww_hsds_taxonomies(const ww_schema *schema);
json_t *ww_hsds_taxonomy_terms(const ww_schema *schema);
/* The service_at_location objects of a service made by ww_hsds_service, each with its location
 * and the service's one-to-one fields, new objects in a new array. With `brief`, the location's
 * one-to-one fields only too (the list form, service_at_location_list). */
json_t *ww_hsds_locations_of(const json_t *service, bool brief);

/* An object without its lists and nested objects: the one-to-one fields that HSDS's list forms
 * (service_list, organization_list) hold. Caller owns. */
json_t *ww_hsds_brief(const json_t *object);

#endif
