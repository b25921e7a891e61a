/* ww_api_write.c -- PUT and DELETE /api/v1/entries/<id>: a partner's token, the body, and the
 * write path's outcome as the API answers it. */
#include "ww_api.h"

#include "ww_server.h"
#include "ww_util.h"
#include "ww_validate.h"
#include "ww_write.h"
#include "ww_yaml.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char ENTRIES_PATH[] = "/api/v1/entries/";

bool ww_api_authenticate(ww_server *srv, const ww_request *req, ww_response *res, char org[96],
                         char token_id[17])
{
    if (!ww_server_writes(srv)) {
        ww_reply_error(res, 401, "writes_disabled",
                       "deze server neemt geen tokens aan (gestart zonder --partners): wijzigen en "
                       "de cijfers voor de gemeente kunnen hier niet");
        ww_reply_header(res, "WWW-Authenticate", "Bearer realm=\"wegwijzer\"");
        return false;
    }
    switch (ww_tokens_check(srv->tokens, req->authorization, org, token_id)) {
    case WW_AUTH_OK:
        return true;
    case WW_AUTH_MISSING:
        ww_reply_error(res, 401, "unauthorized",
                       "log in met uw token: Authorization: Bearer <token>");
        break;
    case WW_AUTH_INVALID:
        ww_reply_error(res, 401, "unauthorized",
                       "dit token is onbekend of ingetrokken; vraag de gemeente om een nieuw");
        break;
    case WW_AUTH_THROTTLED:
        ww_reply_error(
            res, 429, "too_many_attempts",
            "te veel mislukte pogingen met dit token; probeer het over een minuut opnieuw");
        ww_reply_header(res, "Retry-After", "60");
        return false;
    }
    ww_reply_header(res, "WWW-Authenticate", "Bearer realm=\"wegwijzer\"");
    return false;
}

/* The id in the path; false after replying 404. */
static bool path_id(const ww_request *req, ww_response *res, const char **id)
{
    *id = req->path + strlen(ENTRIES_PATH);
    if (req->bad_encoding || !ww_valid_id(*id)) {
        ww_reply_error(res, 404, "not_found", "geen aanbod met deze id");
        return false;
    }
    return true;
}

/* The body's kind from Content-Type: 'j' JSON, 'y' YAML, 0 other. */
static char body_kind(const char *content_type)
{
    if (!content_type)
        return 0;
    size_t len = strcspn(content_type, "; ");
    static const struct {
        const char *type;
        char kind;
    } TYPES[] = {{"application/json", 'j'},
                 {"application/yaml", 'y'},
                 {"application/x-yaml", 'y'},
                 {"text/yaml", 'y'},
                 {"text/x-yaml", 'y'}};
    for (size_t i = 0; i < sizeof TYPES / sizeof *TYPES; i++)
        if (strlen(TYPES[i].type) == len && strncasecmp(content_type, TYPES[i].type, len) == 0)
            return TYPES[i].kind;
    return 0;
}

/* The API's answer to a write of entry `id`. */
static void reply_written(ww_response *res, const char *id, const ww_write_result *r)
{
    unsigned status = ww_write_status(r->outcome);
    switch (r->outcome) {
    case WW_WRITE_CREATED:
    case WW_WRITE_CHANGED:
        ww_reply_json(res, status,
                      json_pack("{s:s,s:s,s:s,s:b,s:o}", "id", id, "etag", r->etag, "status",
                                r->outcome == WW_WRITE_CREATED ? "aangemaakt" : "gewijzigd",
                                "index_bijgewerkt", r->indexed, "warnings",
                                ww_diag_to_json(&r->diag, WW_DIAG_WARNING, false)));
        break;
    case WW_WRITE_UNCHANGED:
        ww_reply_json(
            res, status,
            json_pack("{s:s,s:s,s:s}", "id", id, "etag", r->etag, "status", "ongewijzigd"));
        break;
    case WW_WRITE_ARCHIVED:
        ww_reply_json(res, status,
                      json_pack("{s:s,s:s,s:s,s:b}", "id", id, "status", "gearchiveerd", "archief",
                                r->archived, "index_bijgewerkt", r->indexed));
        break;
    case WW_WRITE_INVALID:
        ww_reply_json(res, status,
                      json_pack("{s:{s:s,s:s,s:o}}", "error", "code", r->code, "message",
                                r->message, "fields",
                                ww_diag_to_json(&r->diag, WW_DIAG_ERROR, true)));
        break;
    default:
        ww_reply_error(res, status, r->code, "%s", r->message);
    }
    /* The version stored now, or (412) the one to start again from. */
    if (r->etag && (status < 300 || r->outcome == WW_WRITE_STALE))
        ww_reply_header(res, "ETag", r->etag);
    if (r->outcome == WW_WRITE_CREATED) { /* ids are [a-z0-9-]: nothing to escape */
        char *location = ww_xasprintf("/api/v1/entries/%s", id);
        ww_reply_header(res, "Location", location);
        free(location);
    }
}

/* The bytes to store: YAML as the partner wrote it (comments and all), JSON as YAML. NULL
 * after replying 415 or 400; otherwise the caller frees it when it differs from req->body. */
static char *body_as_yaml(const ww_request *req, ww_response *res, size_t *len)
{
    char kind = body_kind(req->content_type);
    *len = req->body_len;
    if (kind == 'y')
        return (char *)req->body;
    if (!kind) {
        ww_reply_error(res, 415, "unsupported_media_type",
                       "stuur het aanbod als application/yaml of application/json");
        return NULL;
    }
    json_error_t jerr;
    json_t *json = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(json)) {
        ww_reply_error(res, 400, "bad_body", "dit is geen JSON-object (regel %d, kolom %d: %s)",
                       jerr.line, jerr.column, json ? "verwacht { ... }" : jerr.text);
        json_decref(json);
        return NULL;
    }
    char *bytes = ww_yaml_emit(json);
    json_decref(json);
    if (!bytes)
        ww_reply_error(res, 400, "bad_body", "dit JSON-object is niet als YAML op te slaan");
    else
        *len = strlen(bytes);
    return bytes;
}

/* The entry a write names and the organisation that writes it; false after replying 404, 401
 * or 429. */
static bool writer_of(ww_server *srv, const ww_request *req, ww_response *res, const char **id,
                      char org[96], char token_id[17])
{
    return path_id(req, res, id) && ww_api_authenticate(srv, req, res, org, token_id);
}

bool ww_api_write_head(ww_server *srv, const ww_request *req, ww_response *res)
{
    const char *id;
    char org[96], token_id[17];
    return writer_of(srv, req, res, &id, org, token_id);
}

void ww_api_put_entry(ww_server *srv, const ww_request *req, ww_response *res)
{
    const char *id;
    char org[96], token_id[17];
    size_t len;
    char *bytes =
        writer_of(srv, req, res, &id, org, token_id) ? body_as_yaml(req, res, &len) : NULL;
    if (!bytes)
        return;
    ww_write_result r;
    ww_write_entry(srv, org, token_id, id, bytes, len, req->if_match, &r);
    reply_written(res, id, &r);
    ww_write_result_free(&r);
    if (bytes != req->body)
        free(bytes);
}

void ww_api_delete_entry(ww_server *srv, const ww_request *req, ww_response *res)
{
    const char *id;
    char org[96], token_id[17];
    ww_write_result r;
    if (writer_of(srv, req, res, &id, org, token_id)) {
        ww_write_archive(srv, org, token_id, id, req->if_match, &r);
        reply_written(res, id, &r);
        ww_write_result_free(&r);
    }
}
