/* ww_build.c -- full builds, incremental updates and atomic publishing of the index. */
#include "ww_build.h"

#include "ww_catalog.h"
#include "ww_entry.h"
#include "ww_fs.h"
#include "ww_index_dir.h"
#include "ww_insight.h"
#include "ww_layout.h"
#include "ww_record.h"
#include "ww_text.h"
#include "ww_time.h"
#include "ww_util.h"
#include "ww_validate.h"
#include "ww_xapian.h"
#include "ww_yaml.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define STATE_MAGIC "wegwijzer-state 1"

/* ---- Catalog folders -------------------------------------------------------------------- */

typedef struct {
    char *name; /* "x.yaml" */
    char *id;   /* "x" */
    char *path;
    long long mtime_ns, size;
    unsigned long long inode;
} catalog_file;

typedef struct {
    catalog_file *files;
    size_t count;
} file_list;

static int by_name(const void *a, const void *b)
{
    return strcmp(((const catalog_file *)a)->name, ((const catalog_file *)b)->name);
}

static void free_files(file_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->files[i].name);
        free(list->files[i].id);
        free(list->files[i].path);
    }
    free(list->files);
    *list = (file_list){0};
}

static bool ignored_name(const char *name)
{
    size_t n = strlen(name);
    /* Hidden files, editor backups and lock files are not catalog files. */
    return name[0] == '.' || name[n - 1] == '~' || name[0] == '#';
}

/* Lists the .yaml files of one catalog folder, sorted. Files that can never be records
 * (links, bad names) are rejected here. Returns -1 with *errmsg when the folder is unreadable. */
static int list_folder(const char *catalog, ww_record_kind kind, file_list *out, ww_diag *diag,
                       size_t *rejected, char **errmsg)
{
    char *dir_path = ww_catalog_folder(catalog, kind);
    DIR *dir = opendir(dir_path);
    if (!dir) {
        *errmsg = ww_xasprintf("kan de map %s niet openen: %s", dir_path, ww_errno_text(errno));
        free(dir_path);
        return -1;
    }
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        const char *name = de->d_name;
        if (ignored_name(name))
            continue;
        char *path = ww_xasprintf("%s/%s", dir_path, name), *id = ww_catalog_id_of(name);
        if (!id) {
            ww_diag_add(diag, WW_DIAG_WARNING, path, 0, 0, "",
                        "genegeerd: alleen bestanden die op .yaml eindigen worden gelezen");
            free(path);
            continue;
        }
        struct stat st;
        if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            ww_diag_add(diag, WW_DIAG_ERROR, path, 0, 0, "",
                        "geen gewoon bestand (een map of een koppeling wordt niet gelezen)");
            (*rejected)++;
            free(id);
            free(path);
            continue;
        }
        if (!ww_valid_id(id)) {
            ww_diag_add(diag, WW_DIAG_ERROR, path, 0, 0, "",
                        "de bestandsnaam moet de id zijn: 3 tot 80 tekens a-z, 0-9 en '-', "
                        "beginnend met een letter, plus .yaml");
            (*rejected)++;
            free(id);
            free(path);
            continue;
        }
        if (out->count == cap) {
            cap = cap ? cap * 2 : 256;
            out->files = ww_xrealloc(out->files, cap * sizeof *out->files);
        }
        out->files[out->count++] = (catalog_file){
            .name = ww_xstrdup(name),
            .id = id,
            .path = path,
            .mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec,
            .size = (long long)st.st_size,
            .inode = (unsigned long long)st.st_ino,
        };
    }
    closedir(dir);
    free(dir_path);
    if (out->count > 0) /* qsort may not be given a null array */
        qsort(out->files, out->count, sizeof *out->files, by_name);
    return 0;
}

/* ---- Organisations ---------------------------------------------------------------------- */

typedef struct {
    char *id;
    json_t *record;
    char hash[65]; /* of the record's JSON: a change means its entries change too */
} organisation;

typedef struct {
    organisation *items;
    size_t count;
} org_table;

static int org_by_id(const void *a, const void *b)
{
    return strcmp(((const organisation *)a)->id, ((const organisation *)b)->id);
}

static const organisation *find_org(const org_table *orgs, const char *id)
{
    if (orgs->count == 0) /* bsearch may not be given a null array */
        return NULL;
    organisation key = {.id = (char *)id};
    return bsearch(&key, orgs->items, orgs->count, sizeof key, org_by_id);
}

static bool org_exists(const char *folder, const char *id, void *ctx)
{
    return strcmp(folder, ww_catalog_folder_name(WW_RECORD_ORGANISATION)) == 0 &&
           find_org(ctx, id) != NULL;
}

typedef struct {
    org_table *orgs;
    const ww_schema *schema;
    const char *catalog_dir;
    ww_diag *diag;
} lazy_orgs;

/* For a targeted update: an organisation is read when an entry first names it. */
static void hash_json(const json_t *record, char out[65]);
static bool org_exists_lazy(const char *folder, const char *id, void *ctx)
{
    lazy_orgs *lazy = ctx;
    if (strcmp(folder, ww_catalog_folder_name(WW_RECORD_ORGANISATION)) != 0)
        return false;
    if (find_org(lazy->orgs, id))
        return true;
    char *path = ww_catalog_file(lazy->catalog_dir, WW_RECORD_ORGANISATION, id);
    struct stat st;
    json_t *record = lstat(path, &st) == 0 && S_ISREG(st.st_mode)
                         ? ww_record_read(lazy->schema, WW_RECORD_ORGANISATION, path, NULL, NULL,
                                          lazy->diag, NULL)
                         : NULL;
    free(path);
    if (!record)
        return false;
    org_table *t = lazy->orgs;
    t->items = ww_xrealloc(t->items, (t->count + 1) * sizeof *t->items);
    organisation *o = &t->items[t->count++];
    o->id = ww_xstrdup(id);
    o->record = record;
    hash_json(record, o->hash);
    qsort(t->items, t->count, sizeof *t->items, org_by_id);
    return true;
}

static void hash_json(const json_t *record, char out[65])
{
    char *text = json_dumps(record, JSON_COMPACT | JSON_SORT_KEYS);
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, (const unsigned char *)text, text ? strlen(text) : 0,
                       NULL, 0);
    sodium_bin2hex(out, 65, digest, sizeof digest);
    free(text);
}

static void load_orgs(const ww_schema *schema, const file_list *files, org_table *orgs,
                      ww_diag *diag, size_t *rejected)
{
    orgs->items = ww_xcalloc(files->count + 1, sizeof *orgs->items);
    for (size_t i = 0; i < files->count; i++) {
        json_t *record = ww_record_read(schema, WW_RECORD_ORGANISATION, files->files[i].path, NULL,
                                        NULL, diag, NULL);
        if (!record) {
            (*rejected)++;
            continue;
        }
        organisation *o = &orgs->items[orgs->count++];
        o->id = ww_xstrdup(files->files[i].id);
        o->record = record;
        hash_json(record, o->hash);
    }
    if (orgs->count > 0)
        qsort(orgs->items, orgs->count, sizeof *orgs->items, org_by_id);
}

static void free_orgs(org_table *orgs)
{
    for (size_t i = 0; i < orgs->count; i++) {
        free(orgs->items[i].id);
        json_decref(orgs->items[i].record);
    }
    free(orgs->items);
}

/* ---- The state file --------------------------------------------------------------------- */

typedef struct {
    char kind; /* 'a' entry, 'o' organisation */
    char *name;
    long long mtime_ns, size;
    unsigned long long inode;
    char *extra; /* entry: its organisation id; organisation: its hash */
} state_line;

typedef struct {
    char *fingerprint;
    state_line *lines;
    size_t count;
} build_state;

static void free_state(build_state *s)
{
    for (size_t i = 0; i < s->count; i++) {
        free(s->lines[i].name);
        free(s->lines[i].extra);
    }
    free(s->lines);
    free(s->fingerprint);
    *s = (build_state){0};
}

/* Reads the state file; a missing or unreadable one leaves *s empty (a full build follows). */
static void read_state(const char *index_dir, build_state *s)
{
    char *path = ww_index_state_path(index_dir);
    FILE *f = fopen(path, "re");
    free(path);
    if (!f)
        return;
    char *line = NULL;
    size_t cap = 0, lines_cap = 0;
    ssize_t n;
    bool header = true;
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n')
            line[--n] = '\0';
        if (header) {
            size_t m = strlen(STATE_MAGIC);
            if (strncmp(line, STATE_MAGIC, m) != 0 || line[m] != ' ')
                break;
            s->fingerprint = ww_xstrdup(line + m + 1);
            header = false;
            continue;
        }
        char kind, name[300], extra[300];
        long long mtime, size;
        unsigned long long inode;
        if (sscanf(line, "%c\t%299[^\t]\t%lld\t%lld\t%llu\t%299s", &kind, name, &mtime, &size,
                   &inode, extra) != 6)
            continue;
        if (s->count == lines_cap) {
            lines_cap = lines_cap ? lines_cap * 2 : 1024;
            s->lines = ww_xrealloc(s->lines, lines_cap * sizeof *s->lines);
        }
        s->lines[s->count++] =
            (state_line){kind, ww_xstrdup(name), mtime, size, inode, ww_xstrdup(extra)};
    }
    free(line);
    fclose(f);
}

static const state_line *find_state(const build_state *s, char kind, const char *name)
{
    /* Lines are written sorted by kind, then name. */
    size_t lo = 0, hi = s->count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const state_line *l = &s->lines[mid];
        int c = l->kind != kind ? (l->kind < kind ? -1 : 1) : strcmp(l->name, name);
        if (c == 0)
            return l;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static bool same_file(const state_line *l, const catalog_file *f)
{
    return l && l->mtime_ns == f->mtime_ns && l->size == f->size && l->inode == f->inode;
}

/* Writes the state file; it replaces the old one whole or not at all. 0, or -1 with errno. */
static int write_state(const char *index_dir, const char *fingerprint, const file_list *orgs,
                       const org_table *valid_orgs, const file_list *entries,
                       const char *const *entry_orgs)
{
    ww_buf text = {0};
    ww_buf_printf(&text, "%s %s\n", STATE_MAGIC, fingerprint);
    /* Kinds in byte order ('a' < 'o') and names sorted, as find_state expects. */
    for (size_t i = 0; i < entries->count; i++) {
        const catalog_file *e = &entries->files[i];
        if (entry_orgs[i])
            ww_buf_printf(&text, "a\t%s\t%lld\t%lld\t%llu\t%s\n", e->name, e->mtime_ns, e->size,
                          e->inode, entry_orgs[i]);
    }
    for (size_t i = 0; i < orgs->count; i++) {
        const catalog_file *o = &orgs->files[i];
        const organisation *org = find_org(valid_orgs, o->id);
        if (org)
            ww_buf_printf(&text, "o\t%s\t%lld\t%lld\t%llu\t%s\n", o->name, o->mtime_ns, o->size,
                          o->inode, org->hash);
    }
    char *path = ww_index_state_path(index_dir);
    int rc = ww_write_file_atomic(path, text.data, text.len, 0644);
    free(path);
    ww_buf_free(&text);
    return rc;
}

/* ---- Writing ---------------------------------------------------------------------------- */

char *ww_index_fingerprint(const ww_schema *schema)
{
    return ww_xasprintf("layout-%s-%s", WW_LAYOUT_VERSION, schema->fingerprint);
}

static ww_status add_synonyms(ww_writer *w, const ww_schema *schema)
{
    /* Keys are "Z" + stem, the form the query parser looks up for a stemmed word, so every
     * inflection of one word finds every inflection of the others; a phrase's key has the stem
     * of each of its words, and a phrase is no synonym of anything (it is no term). */
    ww_status st = ww_writer_clear_synonyms(w);
    for (size_t g = 0; g < schema->synonym_count && st == WW_OK; g++) {
        const ww_word_group *group = &schema->synonyms[g];
        char **stems = ww_xcalloc(group->count, sizeof *stems);
        for (size_t i = 0; i < group->count && st == WW_OK; i++)
            st = ww_writer_stem(w, group->words[i], &stems[i]);
        for (size_t i = 0; i < group->count && st == WW_OK; i++)
            for (size_t j = 0; j < group->count && st == WW_OK; j++) {
                if (i == j || strcmp(stems[i], stems[j]) == 0 || strchr(group->words[j], ' '))
                    continue;
                char *key = ww_xasprintf("Z%s", stems[i]);
                char *syn = ww_xasprintf("Z%s", stems[j]);
                st = ww_writer_add_synonym(w, key, syn);
                free(key);
                free(syn);
            }
        for (size_t i = 0; i < group->count; i++)
            free(stems[i]);
        free(stems);
    }
    return st;
}

typedef struct {
    ww_writer *writer;
    ww_status st;
} spelling_words;

static void add_spelling_word(const char *word, void *ctx)
{
    spelling_words *sw = ctx;
    if (sw->st == WW_OK && strlen(word) >= 3)
        sw->st = ww_writer_add_spelling(sw->writer, word);
}

/* Residents use words the catalog lacks: "bedoelde u" also offers the synonym list's words and
 * the words of the vocabularies' labels, besides the catalog's own. */
static ww_status add_spelling(ww_writer *w, const ww_schema *schema)
{
    spelling_words sw = {w, WW_OK};
    for (size_t g = 0; g < schema->synonym_count && sw.st == WW_OK; g++)
        for (size_t i = 0; i < schema->synonyms[g].count && sw.st == WW_OK; i++)
            if (!strchr(schema->synonyms[g].words[i], ' ')) /* a phrase's words are common */
                sw.st = ww_writer_add_spelling(w, schema->synonyms[g].words[i]);
    for (size_t v = 0; v < schema->vocab_count && sw.st == WW_OK; v++)
        for (size_t i = 0; i < schema->vocabs[v].count && sw.st == WW_OK; i++) {
            char *folded = ww_fold(schema->vocabs[v].items[i].label);
            if (folded)
                ww_each_word_string(folded, add_spelling_word, &sw);
            free(folded);
        }
    return sw.st;
}

/* ---- A region's words -------------------------------------------------------------------- */

static void add_region_word(const char *word, unsigned freq, void *ctx)
{
    spelling_words *sw = ctx;
    if (sw->st == WW_OK && strlen(word) >= 3)
        sw->st = ww_writer_add_spelling_freq(sw->writer, word, freq);
}

int ww_build_words(const ww_schema *schema, ww_reader *from, const char *path, char **errmsg)
{
    ww_writer *w = NULL;
    char *open_error = NULL;
    ww_status st = ww_writer_open(path, true, &w, &open_error);
    if (st != WW_OK) {
        *errmsg = ww_xasprintf("kan de woorden van de regio niet schrijven in %s: %s", path,
                               open_error ? open_error : ww_status_to_string(st));
        free(open_error);
        return -1;
    }
    ww_language language = ww_schema_language(schema);
    st = ww_writer_set_language(w, &language);
    if (st == WW_OK)
        st = add_synonyms(w, schema);
    if (st == WW_OK)
        st = add_spelling(w, schema);
    spelling_words sw = {w, st};
    if (st == WW_OK && from) {
        st = ww_reader_each_word(from, add_region_word, &sw);
        if (st == WW_OK)
            st = sw.st;
    }
    if (st == WW_OK)
        st = ww_writer_commit(w);
    if (st != WW_OK)
        *errmsg = ww_xasprintf("de woorden van de regio: %s: %s", ww_status_to_string(st),
                               from && ww_reader_last_error(from)[0] ? ww_reader_last_error(from)
                                                                     : ww_writer_last_error(w));
    ww_writer_close(w);
    return st == WW_OK ? 0 : -1;
}

typedef struct {
    const ww_build_options *opt;
    ww_diag *diag;
    ww_build_stats *stats;
    org_table orgs;
    file_list org_files, entry_files;
    const char **entry_orgs;   /* per entry file: its organisation when indexed, else NULL */
    ww_writer *writer;         /* NULL with check_only */
    ww_entry_indexer *indexer; /* made for the writer */
    ww_ref_exists org_check;   /* how an entry's organisation is looked up */
    void *org_check_ctx;
    lazy_orgs lazy;   /* org_check_ctx of a targeted update */
    json_t *rejected; /* files rejected by a run that reads the whole catalog: WW_META_REJECTED */
    char *errmsg;     /* why the run failed, for the caller */
} build;

static void note_writer_error(build *b, ww_status st)
{
    if (!b->errmsg)
        b->errmsg = ww_xasprintf("de index schrijven mislukte: %s: %s", ww_status_to_string(st),
                                 ww_writer_last_error(b->writer));
}

/* An entry file as read: the completed record (NULL when rejected) and the version of the bytes
 * it came from. Both are owned by whoever holds the struct. */
typedef struct {
    json_t *entry;
    char *version;
} read_result;

/* Reads, checks and completes entry file i. Problems go to `diag`. Touches nothing of `b` but
 * what is read-only during a build, so that it may run on the reading thread of process_all. */
static read_result read_entry(const build *b, size_t i, ww_diag *diag)
{
    const catalog_file *f = &b->entry_files.files[i];
    read_result r;
    r.entry = ww_record_read(b->opt->schema, WW_RECORD_ENTRY, f->path, b->org_check,
                             b->org_check_ctx, diag, &r.version);
    if (r.entry) {
        const char *org_id = json_string_value(json_object_get(r.entry, "organisatie"));
        const organisation *org = find_org(&b->orgs, org_id);
        ww_entry_complete(b->opt->schema, r.entry, org ? org->record : NULL, f->path, diag);
    }
    return r;
}

static void free_read(read_result *r)
{
    json_decref(r->entry);
    free(r->version);
    *r = (read_result){0};
}

/* The organisation a file names at its top level, even when the file is not valid as an entry;
 * NULL when it cannot be read that far. Caller frees. */
static char *declared_organisation(const char *path)
{
    char *text = NULL, *org = NULL;
    size_t len = 0;
    ww_yaml_doc *doc = NULL;
    ww_yaml_error err;
    if (ww_read_file(path, 1024 * 1024, &text, &len) == 0 &&
        ww_yaml_parse(text, len, &WW_YAML_CATALOG_LIMITS, &doc, &err) == 0 &&
        ww_yaml_root(doc)->kind == WW_NODE_MAPPING) {
        const ww_node *n = ww_node_get(ww_yaml_root(doc), "organisatie");
        if (ww_node_is_scalar(n) && ww_valid_id(n->value))
            org = ww_xstrdup(n->value);
    }
    ww_yaml_free(doc);
    free(text);
    return org;
}

/* Notes a rejected file for the gemeente's overview of what is current (ww_insight). */
static void note_rejected(build *b, const catalog_file *f)
{
    if (!b->rejected)
        return;
    char *org = declared_organisation(f->path);
    json_array_append_new(b->rejected,
                          json_pack("{s:s,s:s?}", "bestand", f->name, "organisatie", org));
    free(org);
}

/* Indexes (unless checking) entry file i as read_entry gave it, and frees that. */
static void index_entry(build *b, size_t i, read_result *read)
{
    const catalog_file *f = &b->entry_files.files[i];
    const json_t *entry = read->entry;
    b->stats->entries_read++;
    if (!entry) {
        b->stats->rejected++;
        note_rejected(b, f);
        if (b->writer) {
            /* A file that went bad leaves the index, as a full build would leave it out. */
            char *id_term = ww_xasprintf("%s%s", WW_PREFIX_ID, f->id);
            ww_status st = ww_writer_delete(b->writer, id_term);
            free(id_term);
            if (st != WW_OK)
                note_writer_error(b, st);
        }
        free_read(read);
        return;
    }
    if (b->writer) {
        char modified[WW_UTC_SIZE];
        ww_utc_format((time_t)(f->mtime_ns / 1000000000LL), modified, false);
        ww_status st = ww_entry_index(b->indexer, entry, read->version, modified);
        if (st != WW_OK)
            note_writer_error(b, st);
    }
    /* ww_entry_complete put the organisation's record in place of its id; validation made
     * sure it exists. */
    const json_t *org = json_object_get(entry, "organisatie");
    const organisation *known = find_org(&b->orgs, json_string_value(json_object_get(org, "id")));
    assert(known); /* organisatie is required and refers to organisaties (ww_schema_load) */
    b->entry_orgs[i] = known->id;
    free_read(read);
}

static void process_entry(build *b, size_t i)
{
    read_result r = read_entry(b, i, b->diag);
    index_entry(b, i, &r);
}

static void report_progress(build *b, size_t done, size_t total)
{
    if (b->opt->progress)
        b->opt->progress(done, total, b->opt->progress_ctx);
}

/* Every entry, for a check or a full build, in two threads: one reads, decodes, parses and
 * checks the files (read_entry), the other (this one) indexes them in file order. Xapian's work
 * is most of a build and must stay on one thread; the reading overlaps it on a second core.
 * A bounded ring of slots keeps memory flat. */
enum { READ_AHEAD = 256 };

typedef struct {
    build *b;
    read_result entries[READ_AHEAD];
    ww_diag diags[READ_AHEAD];
    size_t read, indexed; /* entries done by each side; read - indexed <= READ_AHEAD */
    bool stop;            /* the indexing side gave up (a write error) */
    pthread_mutex_t lock;
    pthread_cond_t changed;
} read_ahead;

static void *read_ahead_main(void *arg)
{
    read_ahead *ra = arg;
    size_t total = ra->b->entry_files.count;
    for (size_t i = 0; i < total; i++) {
        pthread_mutex_lock(&ra->lock);
        while (i - ra->indexed == READ_AHEAD && !ra->stop)
            pthread_cond_wait(&ra->changed, &ra->lock);
        bool stop = ra->stop;
        pthread_mutex_unlock(&ra->lock);
        if (stop)
            break;
        /* Slot i % READ_AHEAD is free: the indexing side is done with its last use. */
        ra->entries[i % READ_AHEAD] = read_entry(ra->b, i, &ra->diags[i % READ_AHEAD]);
        pthread_mutex_lock(&ra->lock);
        ra->read = i + 1;
        pthread_cond_signal(&ra->changed);
        pthread_mutex_unlock(&ra->lock);
    }
    return NULL;
}

static void process_all(build *b)
{
    size_t total = b->entry_files.count;
    read_ahead ra = {.b = b};
    pthread_mutex_init(&ra.lock, NULL);
    pthread_cond_init(&ra.changed, NULL);
    pthread_t reader;
    bool threaded = pthread_create(&reader, NULL, read_ahead_main, &ra) == 0;
    for (size_t i = 0; i < total && !b->errmsg; i++) {
        if (!threaded) {
            process_entry(b, i);
        } else {
            pthread_mutex_lock(&ra.lock);
            while (ra.read == i)
                pthread_cond_wait(&ra.changed, &ra.lock);
            pthread_mutex_unlock(&ra.lock);
            ww_diag_move(b->diag, &ra.diags[i % READ_AHEAD]);
            index_entry(b, i, &ra.entries[i % READ_AHEAD]);
            pthread_mutex_lock(&ra.lock);
            ra.indexed = i + 1;
            ra.stop = b->errmsg != NULL;
            pthread_cond_signal(&ra.changed);
            pthread_mutex_unlock(&ra.lock);
        }
        if ((i & 63) == 0)
            report_progress(b, i, total);
    }
    if (threaded) {
        pthread_mutex_lock(&ra.lock);
        ra.stop = true; /* a reader still waiting for a free slot ends now */
        pthread_cond_signal(&ra.changed);
        pthread_mutex_unlock(&ra.lock);
        pthread_join(reader, NULL);
        /* After a write error: what was read ahead and not indexed. */
        for (size_t i = ra.indexed; i < ra.read; i++) {
            free_read(&ra.entries[i % READ_AHEAD]);
            ww_diag_free(&ra.diags[i % READ_AHEAD]);
        }
    }
    pthread_cond_destroy(&ra.changed);
    pthread_mutex_destroy(&ra.lock);
    report_progress(b, total, total);
}

typedef struct {
    const file_list *files;
    ww_buf gone; /* id terms, each ended by a NUL */
} gone_entries;

/* Notes an id term of the index whose entry file is not in the catalog. */
static void note_if_gone(const char *id_term, void *ctx)
{
    gone_entries *g = ctx;
    char *name = ww_xasprintf("%s.yaml", id_term + strlen(WW_PREFIX_ID));
    catalog_file key = {.name = name};
    if (g->files->count == 0 ||
        !bsearch(&key, g->files->files, g->files->count, sizeof key, by_name))
        ww_buf_append(&g->gone, id_term, strlen(id_term) + 1);
    free(name);
}

/* Removes the documents whose entry file is gone. The index's own ids say what it holds, not
 * the state file: a server adds an entry with a targeted update, which leaves the state file as
 * it was, and when it is then killed between archiving that entry and updating the index, the
 * entry is in neither the catalog nor the state file, and would stay searchable. */
static void remove_gone(build *b)
{
    gone_entries g = {.files = &b->entry_files};
    ww_status st = ww_writer_each_term(b->writer, WW_PREFIX_ID, note_if_gone, &g);
    for (size_t at = 0; st == WW_OK && at < g.gone.len; at += strlen(g.gone.data + at) + 1) {
        st = ww_writer_delete(b->writer, g.gone.data + at);
        b->stats->entries_removed += st == WW_OK;
    }
    if (st != WW_OK)
        note_writer_error(b, st);
    ww_buf_free(&g.gone);
}

/* Only what changed since the state was written. */
static void process_changes(build *b, const build_state *state)
{
    /* Organisations whose record changed, appeared or went: their entries are re-read. */
    size_t changed_cap = b->org_files.count + state->count + 1, changed_count = 0;
    const char **changed = ww_xcalloc(changed_cap, sizeof *changed);
    for (size_t i = 0; i < state->count; i++) {
        const state_line *l = &state->lines[i];
        if (l->kind != 'o')
            continue;
        char *id = ww_xstrndup(l->name, strlen(l->name) - 5);
        const organisation *org = find_org(&b->orgs, id);
        if (!org || strcmp(org->hash, l->extra) != 0)
            changed[changed_count++] = l->name; /* name is "<id>.yaml" */
        free(id);
    }
    size_t total = b->entry_files.count;
    for (size_t i = 0; i < total && !b->errmsg; i++) {
        const catalog_file *f = &b->entry_files.files[i];
        const state_line *l = find_state(state, 'a', f->name);
        bool org_changed = false;
        for (size_t k = 0; l && k < changed_count && !org_changed; k++) {
            size_t n = strlen(l->extra);
            org_changed =
                strncmp(changed[k], l->extra, n) == 0 && strcmp(changed[k] + n, ".yaml") == 0;
        }
        if (same_file(l, f) && !org_changed) {
            const organisation *org = find_org(&b->orgs, l->extra);
            b->entry_orgs[i] = org ? org->id : NULL;
            if (org)
                continue;
        }
        process_entry(b, i);
        if ((i & 1023) == 0)
            report_progress(b, i, total);
    }
    if (!b->errmsg)
        remove_gone(b);
    report_progress(b, total, total);
    free(changed);
}

/* The entry files named in opt->only, as catalog files; false with b->errmsg when a name is
 * not an entry file of this catalog. */
static bool named_entries(build *b)
{
    const ww_build_options *opt = b->opt;
    b->entry_files.files = ww_xcalloc(opt->only_count + 1, sizeof *b->entry_files.files);
    for (size_t i = 0; i < opt->only_count; i++) {
        const char *name = strrchr(opt->only[i], '/');
        char *id = ww_catalog_id_of(name ? name + 1 : opt->only[i]);
        if (!id || !ww_valid_id(id)) {
            b->errmsg = ww_xasprintf("'%s' is geen aanbod-bestand (verwacht aanbod/<id>.yaml)",
                                     opt->only[i]);
            free(id);
            return false;
        }
        b->entry_files.files[b->entry_files.count++] = (catalog_file){
            .name = ww_xasprintf("%s.yaml", id),
            .id = id,
            .path = ww_catalog_file(opt->catalog_dir, WW_RECORD_ENTRY, id),
        };
    }
    return true;
}

/* Reads only the named entries: a gone file leaves the index, a bad one too. */
static void process_named(build *b)
{
    for (size_t i = 0; i < b->entry_files.count && !b->errmsg; i++) {
        const catalog_file *f = &b->entry_files.files[i];
        struct stat st;
        if (lstat(f->path, &st) != 0 && errno == ENOENT) {
            char *id_term = ww_xasprintf("%s%s", WW_PREFIX_ID, f->id);
            ww_status s = ww_writer_delete(b->writer, id_term);
            free(id_term);
            if (s != WW_OK)
                note_writer_error(b, s);
            b->stats->entries_removed++;
            continue;
        }
        if (!S_ISREG(st.st_mode)) {
            ww_diag_add(b->diag, WW_DIAG_ERROR, f->path, 0, 0, "",
                        "geen gewoon bestand (een map of een koppeling wordt niet gelezen)");
            b->stats->rejected++;
            continue;
        }
        process_entry(b, i);
    }
}

static ww_status finish_writer(build *b, const char *fingerprint)
{
    char built[WW_UTC_SIZE];
    ww_utc_now(built);
    ww_status st = ww_writer_set_metadata(b->writer, WW_META_FINGERPRINT, fingerprint);
    if (st == WW_OK)
        st = ww_writer_set_metadata(b->writer, WW_META_BUILT, built);
    char *rejected = b->rejected ? json_dumps(b->rejected, JSON_COMPACT) : NULL;
    if (st == WW_OK && rejected) /* "[]" when none: an empty value would remove the key */
        st = ww_writer_set_metadata(b->writer, WW_META_REJECTED, rejected);
    free(rejected);
    if (st == WW_OK)
        st = ww_writer_commit(b->writer);
    return st;
}

/* Whether the run changed the index, so that it must commit and record its state. An update
 * that changed nothing writes nothing: no new revision for readers to reopen. */
static bool changed_anything(const build *b)
{
    return b->stats->full || b->stats->entries_read > 0 || b->stats->entries_removed > 0;
}

/* Opens the writer on `path` (create: a new, empty database) with the schema's language and an
 * entry indexer; false with b->errmsg set. */
static bool open_writer(build *b, const char *path, bool create)
{
    char *open_error = NULL;
    ww_status st = ww_writer_open(path, create, &b->writer, &open_error);
    if (st != WW_OK) {
        b->errmsg = ww_xasprintf("kan de index niet openen: %s", open_error ? open_error : "?");
        free(open_error);
        return false;
    }
    ww_language language = ww_schema_language(b->opt->schema);
    st = ww_writer_set_language(b->writer, &language);
    if (st == WW_OK)
        st = ww_entry_indexer_new(b->opt->schema, b->writer, &b->indexer);
    if (st != WW_OK)
        note_writer_error(b, st);
    return st == WW_OK;
}

/* Drops what was not committed and closes the writer. */
static void close_writer(build *b)
{
    ww_entry_indexer_free(b->indexer);
    b->indexer = NULL;
    ww_writer_close(b->writer);
    b->writer = NULL;
}

/* The targeted update: in place, one commit, the state file untouched. Needs a published index
 * built with this schema; anything else is an error that asks for a full run. */
static bool update_named(build *b, const char *fingerprint, unsigned current)
{
    const ww_build_options *opt = b->opt;
    if (!current) {
        b->errmsg = ww_xasprintf("er is nog geen index in %s; bouw eerst zonder bestandsnamen",
                                 opt->index_dir);
        return false;
    }
    char *path = ww_index_current_path(opt->index_dir), *built_with = NULL;
    bool opened = open_writer(b, path, false);
    free(path);
    ww_status st = opened ? ww_writer_metadata(b->writer, WW_META_FINGERPRINT, &built_with) : WW_OK;
    if (st != WW_OK)
        note_writer_error(b, st);
    else if (opened && strcmp(built_with, fingerprint) != 0)
        b->errmsg = ww_xasprintf("het schema is veranderd sinds de laatste bouw; werk de hele "
                                 "catalogus bij (zonder bestandsnamen)");
    free(built_with);
    if (!b->errmsg)
        process_named(b);
    if (!b->errmsg && (st = finish_writer(b, fingerprint)) != WW_OK)
        note_writer_error(b, st);
    unsigned count = 0;
    if (!b->errmsg && ww_writer_doc_count(b->writer, &count) == WW_OK)
        b->stats->entries = count;
    close_writer(b);
    return !b->errmsg;
}

/* Writes the index: a new generation for a full build, or the changes into the published one.
 * A full build's generation is removed again when it fails. */
static bool write_index(build *b, const char *fingerprint, const build_state *state,
                        unsigned generation)
{
    bool full = b->stats->full;
    char *db_path = full ? ww_index_generation_path(b->opt->index_dir, generation)
                         : ww_index_current_path(b->opt->index_dir);
    bool opened = open_writer(b, db_path, full);
    free(db_path);
    ww_status st = WW_OK;
    /* A full build writes a new, empty database and reads each file (its name is its id) once. */
    if (opened && full) {
        ww_entry_indexer_assume_new_ids(b->indexer);
        if ((st = add_synonyms(b->writer, b->opt->schema)) != WW_OK ||
            (st = add_spelling(b->writer, b->opt->schema)) != WW_OK)
            note_writer_error(b, st);
    }
    if (!b->errmsg) {
        if (full)
            process_all(b);
        else
            process_changes(b, state);
    }
    if (!b->errmsg && changed_anything(b) && (st = finish_writer(b, fingerprint)) != WW_OK)
        note_writer_error(b, st);
    close_writer(b);
    if (b->errmsg && full)
        ww_index_remove_generation(b->opt->index_dir, generation);
    return !b->errmsg;
}

/* A full build or an incremental update, published; the state file records what it read. */
static bool build_and_publish(build *b, const char *fingerprint, unsigned current)
{
    const ww_build_options *opt = b->opt;
    build_state state = {0};
    read_state(opt->index_dir, &state);
    b->stats->full =
        opt->full || !current || !state.fingerprint || strcmp(state.fingerprint, fingerprint) != 0;
    unsigned generation =
        b->stats->full ? ww_index_highest_generation(opt->index_dir) + 1 : current;
    bool ok = write_index(b, fingerprint, &state, generation);
    free_state(&state);
    if (ok && b->stats->full) {
        ok = ww_index_publish(opt->index_dir, generation, &b->errmsg) == 0;
        if (ok)
            ww_index_prune(opt->index_dir, generation, current);
    }
    if (ok && changed_anything(b) &&
        write_state(opt->index_dir, fingerprint, &b->org_files, &b->orgs, &b->entry_files,
                    b->entry_orgs) != 0) {
        /* The index is published; a stale state only makes the next run re-read more. */
        ww_diag_add(b->diag, WW_DIAG_WARNING, opt->index_dir, 0, 0, "",
                    "kon het bestand 'state' niet schrijven: %s", ww_errno_text(errno));
    }
    return ok;
}

/* The files a run reads: the named entries of a targeted update (their organisations are read
 * when an entry names them), or both folders whole. False with b->errmsg set. */
static bool read_catalog(build *b, bool targeted)
{
    const ww_build_options *opt = b->opt;
    if (targeted) {
        b->lazy = (lazy_orgs){&b->orgs, opt->schema, opt->catalog_dir, b->diag};
        b->org_check = org_exists_lazy;
        b->org_check_ctx = &b->lazy;
        return named_entries(b);
    }
    if (list_folder(opt->catalog_dir, WW_RECORD_ORGANISATION, &b->org_files, b->diag,
                    &b->stats->rejected, &b->errmsg) != 0 ||
        list_folder(opt->catalog_dir, WW_RECORD_ENTRY, &b->entry_files, b->diag,
                    &b->stats->rejected, &b->errmsg) != 0)
        return false;
    load_orgs(opt->schema, &b->org_files, &b->orgs, b->diag, &b->stats->rejected);
    b->org_check = org_exists;
    b->org_check_ctx = &b->orgs;
    return true;
}

/* This month's counts per ambition, for the gemeente's trend (ww_insight); a failure is a
 * warning, never a failed build. */
static void record_history(build *b)
{
    char *path = ww_index_current_path(b->opt->index_dir), *why = NULL, today[WW_DATE_SIZE];
    ww_reader *reader = NULL;
    ww_today(today);
    if (ww_reader_open(path, &reader, &why) == WW_OK)
        ww_insight_record_month(b->opt->index_dir, reader, b->opt->schema, today, &why);
    if (why)
        ww_diag_add(b->diag, WW_DIAG_WARNING, b->opt->index_dir, 0, 0, "",
                    "de historie voor het inzicht is niet bijgewerkt: %s", why);
    free(why);
    ww_reader_close(reader);
    free(path);
}

int ww_build(const ww_build_options *opt, ww_diag *diag, ww_build_stats *stats, char **errmsg)
{
    memset(stats, 0, sizeof *stats);
    build b = {.opt = opt, .diag = diag, .stats = stats};
    bool targeted = opt->only_count > 0 && !opt->check_only && !opt->full;
    char *fingerprint = ww_index_fingerprint(opt->schema);
    int lock_fd = -1;
    bool ok = true;
    if (!opt->check_only) {
        /* The lock comes before the catalog is listed: a server that indexes one entry between
         * the listing and the lock would otherwise see its change undone by this run, which
         * does not know the entry (a full build leaves it out, an update removes it as gone). */
        bool prepared = ww_index_prepare(opt->index_dir, &b.errmsg) == 0;
        ok = prepared && ww_index_lock(opt->index_dir, opt->lock_wait_ms, &lock_fd, &b.errmsg) == 0;
        stats->busy = prepared && !ok && errno == EWOULDBLOCK;
    }
    ok = ok && read_catalog(&b, targeted);
    if (!targeted)
        b.rejected = json_array(); /* the whole catalog is read: the list is complete */
    b.entry_orgs = ww_xcalloc(b.entry_files.count + 1, sizeof *b.entry_orgs);
    if (ok && opt->check_only) {
        stats->full = true;
        process_all(&b);
    } else if (ok) {
        unsigned current = ww_index_current_generation(opt->index_dir);
        ok = targeted ? update_named(&b, fingerprint, current)
                      : build_and_publish(&b, fingerprint, current);
    }
    stats->organisations = b.orgs.count;
    for (size_t i = 0; ok && !targeted && i < b.entry_files.count; i++)
        stats->entries += b.entry_orgs[i] != NULL;
    if (ok && !opt->check_only)
        record_history(&b);
    ww_index_unlock(lock_fd);
    json_decref(b.rejected);
    *errmsg = ok ? NULL : b.errmsg;
    if (ok)
        free(b.errmsg);
    free(b.entry_orgs);
    free_orgs(&b.orgs);
    free_files(&b.org_files);
    free_files(&b.entry_files);
    free(fingerprint);
    return ok ? 0 : -1;
}
