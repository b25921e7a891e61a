#!/usr/bin/env python3
"""sql_peers.py -- SQLite FTS5 and PostgreSQL full-text search as benchmark peers of Wegwijzer.

    /usr/bin/python3 tests/bench/sql_peers.py DUMP [--workdir DIR] [--queries FILE]

tests/bench/peers.py imports SqlitePeer and PostgresPeer and times them against Wegwijzer,
query by query. Each peer builds its database from the scriptindex dump that gen_catalog.py
writes (tests/bench/wegwijzer.script describes it) and answers a parsed line of
tests/bench/queries.txt the way a Wegwijzer search does: the words of q with OR semantics,
ranked (without q: every entry, by title); the filters (OR within a field, AND across
fields); one page of 20 ids; the total; and facet counts over all matches, from a side table
facets(entry_id, field, value) and one GROUP BY.

    with PostgresPeer(dump, workdir) as peer:  # close() at the end, also after an error
        seconds = peer.build()
        ids, facets = peer.search([("q", "koffie"), ("wijk", "zuid")])
        ids, facets, total = peer.search_full([("q", "koffie")])

SqlitePeer keeps one database file in workdir (Python's sqlite3 has FTS5). PostgresPeer runs
a throwaway cluster of its own in workdir (initdb, pg_ctl; as the postgres user when run as
root) and talks to it over a unix socket with psycopg2: Debian's python3-psycopg2, so run
with /usr/bin/python3 (`make bench-deps` installs both it and postgresql).

Run as a script, it is a self-check: it builds both peers from DUMP, runs every line of the
query file on both (one untimed pass, then one timed), prints the build seconds and the p50
and p95 search time per peer, and checks the answers (see check_peer); exit status 1 when a
check fails.

What a peer does differently from Wegwijzer on purpose, because it is what the engine offers:
no spelling correction, compound splitting, synonyms or question rules; SQLite does not stem
(unicode61 folds case and accents only) and has no stopwords; PostgreSQL stems and stops with
its 'dutch' configuration (Snowball). Facet counts are plain counts over the matches (a value
marked `overal`, heel-zwolle or iedereen, counts for every value of its field, as in
Wegwijzer); unlike Wegwijzer, a field's counts do not leave out that field's own filter.
"""

import argparse
import atexit
import glob
import os
import pwd
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.parse
from dataclasses import dataclass
from typing import Iterable, Iterator, NamedTuple

PER_PAGE = 20

# The facet fields: search parameter -> dump field (WW_FILTERS of lib/ww_layout.c).
FACET_FIELDS = {"ambitie": "ambities", "wijk": "wijken", "doelgroep": "doelgroepen",
                "leefgebied": "leefgebieden", "soort": "soort", "toegang": "toegang"}
# The values marked `overal: ja` in schema/vocabulaires.yaml: such an entry is found by, and
# counted for, every value of its field.
OVERAL = {"wijk": "heel-zwolle", "doelgroep": "iedereen"}
# The ranked text, in the column order of the bm25 weights and the tsvector weights.
TEXT_FIELDS = ("titel", "samenvatting", "trefwoorden", "beschrijving")
DUMP_FIELDS = frozenset(("id", "kosten", "voorliggend", *TEXT_FIELDS, *FACET_FIELDS.values()))

SQLITE_FILE = "sqlite-fts5.db"
# bm25 with the weights of WW_TEXT_FIELDS: titel 4, samenvatting 2, trefwoorden 2, beschrijving 1.
SQLITE_RANK = "bm25(entry_text, 4, 2, 2, 1)"

# The weighted document of PostgreSQL: the WW_TEXT_FIELDS weights mapped onto A, B and D.
PG_DOCUMENT = ("setweight(to_tsvector('dutch', titel), 'A') || "
               "setweight(to_tsvector('dutch', samenvatting), 'B') || "
               "setweight(to_tsvector('dutch', trefwoorden), 'B') || "
               "setweight(to_tsvector('dutch', beschrijving), 'D')")
PG_SETTINGS = {
    # Memory of the size the benchmark's databases need; nothing is durable in a throwaway
    # cluster, so no flushing and no WAL beyond the minimum.
    "shared_buffers": "256MB", "work_mem": "64MB", "maintenance_work_mem": "512MB",
    "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
    "wal_level": "minimal", "max_wal_senders": "0",
    # Short queries: compiling them with JIT costs more than it saves. One core per search,
    # as Wegwijzer has, and the figures do not depend on free cores.
    "jit": "off", "max_parallel_workers_per_gather": "0",
    # The data is in memory: an index lookup costs little more than a sequential read.
    "random_page_cost": "1.1",
    "logging_collector": "off",
}


# ---- The dump ------------------------------------------------------------------------------

@dataclass(slots=True)
class Entry:
    key: str  # the entry's id
    text: dict[str, str]  # TEXT_FIELDS -> text
    facets: dict[str, list[str]]  # FACET_FIELDS key -> the entry's values
    gratis: bool
    voorliggend: bool


def read_dump(path: str) -> Iterator[dict[str, list[str]]]:
    """The records of a scriptindex dump as {field: [value, ...]}, DUMP_FIELDS only. Records
    are separated by an empty line; a line `=value` gives the previous field another value
    (scriptindex joins them with newlines)."""
    record: dict[str, list[str]] = {}
    values: list[str] | None = None  # the list a continuation line appends to
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if record:
                    yield record
                record, values = {}, None
            elif line[0] == "=":
                if values is not None:
                    values.append(line[1:])
            else:
                field, _, value = line.partition("=")
                values = record.setdefault(field, []) if field in DUMP_FIELDS else None
                if values is not None:
                    values.append(value)
    if record:
        yield record


def to_entry(record: dict[str, list[str]]) -> Entry:
    # Text fields with several values (trefwoorden; beschrijving's paragraphs, with an empty
    # value between them) are one text.
    text = {f: " ".join(v for v in record.get(f, []) if v) for f in TEXT_FIELDS}
    facets = {param: [v for v in record.get(field, []) if v]
              for param, field in FACET_FIELDS.items()}
    return Entry(record["id"][0], text, facets, record.get("kosten") == ["gratis"],
                 record.get("voorliggend") == ["ja"])


def read_entries(path: str) -> list[Entry]:
    return [to_entry(r) for r in read_dump(path)]


def facet_values(entries: list[Entry]) -> dict[str, list[str]]:
    """Every value each facet field has in the dump, sorted: what an `overal` value stands for."""
    seen: dict[str, set[str]] = {param: set() for param in FACET_FIELDS}
    for entry in entries:
        for param, values in entry.facets.items():
            seen[param].update(values)
    return {param: sorted(values) for param, values in seen.items()}


def facet_rows(entries: list[Entry]) -> Iterator[tuple[int, str, str]]:
    """(entry row id, field, value) for the facets table, entry i having row id i + 1. An
    `overal` value gets a row for every value of its field, itself included: the entry is
    then found by any value and counted for each, with no special case in the queries."""
    every = facet_values(entries)
    for row_id, entry in enumerate(entries, 1):
        for param, values in entry.facets.items():
            if OVERAL.get(param) in values:
                values = every[param]
            for value in sorted(set(values)):
                yield row_id, param, value


def sort_key(title: str) -> str:
    """The title as browsing sorts it, like ww_fold(): case folded, accents stripped. Both
    databases compare it bytewise (code point order)."""
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# ---- The request ---------------------------------------------------------------------------

@dataclass
class Request:
    words: list[str]  # of q, sanitised; empty: browse by title
    filters: dict[str, list[str]]  # FACET_FIELDS key -> chosen values
    gratis: bool
    voorliggend: bool
    page: int


class SearchResult(NamedTuple):
    ids: list[str]  # the page, best first
    facets: dict[str, dict[str, int]]  # FACET_FIELDS key -> {value: count} over all matches
    total: int


def query_words(q: str) -> list[str]:
    """The words of q: runs of letters and digits, case folded, each once. Nothing else
    survives, so a word can never be query syntax (FTS5's OR, NEAR, ^, *; tsquery's |, &, !)."""
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", q).casefold())
    return list(dict.fromkeys(words))


def parse_request(params: Iterable[tuple[str, str]]) -> Request:
    request = Request([], {}, False, False, 1)
    for key, value in params:
        if key == "q":
            request.words = query_words(value)
        elif key in FACET_FIELDS:
            request.filters.setdefault(key, []).append(value)
        elif key == "gratis":
            request.gratis = value == "1"
        elif key == "voorliggend":
            request.voorliggend = value == "1"
        elif key == "page":
            request.page = max(1, int(value))
        # Anything else (per_page, sort) is not part of the comparison: ignored.
    return request


# ---- The peers -----------------------------------------------------------------------------

class _SqlPeer:
    """What both peers share: the SQL of a search. A subclass supplies the placeholder, the
    full-text part (_text_match) and _rows."""

    name = ""
    placeholder = "?"

    def __init__(self, dump_path: str, workdir: str):
        self.dump_path = dump_path
        self.workdir = workdir

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def search(self, params: list[tuple[str, str]]) -> tuple[list[str], dict]:
        """The ids of the requested page and the facet counts {field: {value: count}}."""
        ids, facets, _ = self.search_full(params)
        return ids, facets

    def search_full(self, params: list[tuple[str, str]]) -> SearchResult:
        """search() with the total number of matches. Two statements: the page, then the
        total and the facets together over the matches, found once (a materialised CTE)."""
        request = parse_request(params)
        from_sql, where_sql, order_sql, args = self._match(request)
        offset = (request.page - 1) * PER_PAGE
        ids = [key for (key,) in self._rows(
            f"SELECT e.key FROM {from_sql} WHERE {where_sql} ORDER BY {order_sql} "
            f"LIMIT {PER_PAGE} OFFSET {offset}", args)]
        facets: dict[str, dict[str, int]] = {param: {} for param in FACET_FIELDS}
        total = 0
        for field, value, count in self._rows(
                f"WITH matching AS MATERIALIZED (SELECT e.id FROM {from_sql} WHERE {where_sql}) "
                "SELECT NULL, NULL, count(*) FROM matching UNION ALL "
                "SELECT field, value, count(*) FROM facets "
                "WHERE entry_id IN (SELECT id FROM matching) GROUP BY field, value", args):
            if field is None:
                total = count
            else:
                facets[field][value] = count
        return SearchResult(ids, facets, total)

    def _match(self, request: Request) -> tuple[str, str, str, list]:
        """FROM, WHERE and ORDER BY of the entries `e` a request finds, and their arguments."""
        if request.words:
            from_sql, text_where, order_sql, args = self._text_match(request.words)
            where = [text_where]
        else:
            from_sql, where, order_sql, args = "entries e", [], "e.titel_sort", []
        mark = self.placeholder
        for field, values in request.filters.items():
            marks = ", ".join([mark] * len(values))
            where.append(f"e.id IN (SELECT entry_id FROM facets "
                         f"WHERE field = {mark} AND value IN ({marks}))")
            args += [field, *values]
        if request.gratis:
            where.append("e.gratis")
        if request.voorliggend:
            where.append("e.voorliggend")
        # The id breaks ties, so that pages do not overlap.
        return from_sql, " AND ".join(where) or "TRUE", order_sql + ", e.id", args

    def _text_match(self, words: list[str]) -> tuple[str, str, str, list]:
        """FROM, a WHERE condition and ORDER BY for the entries with any of the words, best
        first; the arguments they take, in that order."""
        raise NotImplementedError

    def _rows(self, sql: str, args: list) -> list[tuple]:
        raise NotImplementedError


class SqlitePeer(_SqlPeer):
    """SQLite FTS5: a table entries, an FTS5 table entry_text (rowid = entries.id) ranked by
    bm25 with Wegwijzer's field weights, and the facets table."""

    name = "sqlite-fts5"

    def __init__(self, dump_path: str, workdir: str):
        super().__init__(dump_path, workdir)
        self.db_path = os.path.join(workdir, SQLITE_FILE)
        self._db: sqlite3.Connection | None = None

    def build(self) -> float:
        """Parses the dump and creates the database; returns the seconds this took."""
        started = time.perf_counter()
        os.makedirs(self.workdir, exist_ok=True)
        self.close()
        self._db = sqlite3.connect(self.db_path)
        # The same page cache as PostgreSQL's shared_buffers (negative: KiB).
        self._db.execute("PRAGMA cache_size = -262144")
        # A database built in one go is thrown away on failure: no journal, no syncs.
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        with self._db:  # one transaction
            self._create(read_entries(self.dump_path))
        self._db.execute("ANALYZE")
        return time.perf_counter() - started

    def _create(self, entries: list[Entry]) -> None:
        db = self._db
        db.execute("CREATE TABLE entries (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, "
                   "titel_sort TEXT NOT NULL, gratis INTEGER NOT NULL, "
                   "voorliggend INTEGER NOT NULL)")
        # unicode61 folds case and strips accents (remove_diacritics 2: also in letters that
        # have several), as ww_fold does; FTS5 has no Dutch stemmer.
        db.execute(f"CREATE VIRTUAL TABLE entry_text USING fts5({', '.join(TEXT_FIELDS)}, "
                   "tokenize = 'unicode61 remove_diacritics 2')")
        db.execute("CREATE TABLE facets (entry_id INTEGER NOT NULL, field TEXT NOT NULL, "
                   "value TEXT NOT NULL, PRIMARY KEY (entry_id, field, value)) WITHOUT ROWID")
        db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?)",
                       ((i, e.key, sort_key(e.text["titel"]), e.gratis, e.voorliggend)
                        for i, e in enumerate(entries, 1)))
        db.executemany(f"INSERT INTO entry_text (rowid, {', '.join(TEXT_FIELDS)}) "
                       "VALUES (?, ?, ?, ?, ?)",
                       ((i, *(e.text[f] for f in TEXT_FIELDS))
                        for i, e in enumerate(entries, 1)))
        db.executemany("INSERT INTO facets VALUES (?, ?, ?)", facet_rows(entries))
        # Indexes after the rows: built sorted rather than grown insert by insert.
        db.execute("CREATE INDEX facets_by_value ON facets (field, value, entry_id)")
        db.execute("CREATE INDEX entries_by_title ON entries (titel_sort, id)")
        # One segment instead of the many the load leaves, as in a finished index.
        db.execute("INSERT INTO entry_text (entry_text) VALUES ('optimize')")

    def _text_match(self, words):
        # Each word quoted: an FTS5 string, never an operator.
        query = " OR ".join(f'"{w}"' for w in words)
        return ("entry_text JOIN entries e ON e.id = entry_text.rowid", "entry_text MATCH ?",
                SQLITE_RANK, [query])  # bm25: lower is better

    def _rows(self, sql, args):
        return self._db.execute(sql, args).fetchall()

    def close(self):
        """Closes the database and removes its file."""
        if self._db is not None:
            self._db.close()
            self._db = None
        if os.path.exists(self.db_path):
            os.unlink(self.db_path)


class PostgresPeer(_SqlPeer):
    """PostgreSQL with the 'dutch' text search configuration: entries with a stored, weighted
    tsvector `doc` under a GIN index, ranked by ts_rank; the same facets table. The cluster is
    its own (workdir/pgdata, socket and log in workdir/pgrun), started by build() and stopped
    and removed by close()."""

    name = "postgresql-dutch"
    placeholder = "%s"

    def __init__(self, dump_path: str, workdir: str):
        super().__init__(dump_path, workdir)
        self.pgdata = os.path.join(workdir, "pgdata")
        self.rundir = os.path.join(workdir, "pgrun")  # the unix socket and the server log
        self.port = 0
        self.setup_seconds = 0.0  # initdb and start, not part of build()'s figure
        self._bindir = postgres_bindir()
        # PostgreSQL refuses to run as root: then the cluster belongs to the postgres user.
        self._owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        self._started = False
        self._conn = None

    def build(self) -> float:
        """Starts the cluster, then parses the dump and loads and indexes it; returns the
        seconds of the loading and indexing (the cluster's start is in setup_seconds)."""
        try:
            started = time.perf_counter()
            self._start_cluster()
            self.setup_seconds = time.perf_counter() - started
            started = time.perf_counter()
            self._load(read_entries(self.dump_path))
            return time.perf_counter() - started
        except BaseException:
            self.close()  # no server left running behind a failed build
            raise

    def _start_cluster(self) -> None:
        import psycopg2  # here, so that SqlitePeer works where psycopg2 is missing

        self.close()
        for path in (self.pgdata, self.rundir):
            os.makedirs(path, mode=0o700)
            if self._owner:
                os.chown(path, self._owner.pw_uid, self._owner.pw_gid)
        if self._owner:
            # The postgres user must reach pgdata and pgrun inside the workdir.
            os.chmod(self.workdir, os.stat(self.workdir).st_mode | 0o111)
        # Collation C: titles compare bytewise, as SQLite's do; ctype C.UTF-8: the text search
        # parser knows which non-ASCII characters are letters and lowercases them.
        self._run("initdb", "-D", self.pgdata, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--lc-collate=C", "--lc-ctype=C.UTF-8", "--no-sync")
        self.port = free_port()
        # No TCP (listen_addresses empty); the port names the socket in rundir.
        settings = dict(PG_SETTINGS, listen_addresses="", port=str(self.port),
                        unix_socket_directories=self.rundir)
        with open(os.path.join(self.pgdata, "postgresql.conf"), "a", encoding="utf-8") as f:
            f.write("\n# tests/bench/sql_peers.py\n")
            f.writelines(f"{key} = '{value}'\n" for key, value in settings.items())
        self._run("pg_ctl", "-D", self.pgdata, "-l", self._log_path(), "-w", "-t", "60", "start")
        self._started = True
        # A caller that dies of an exception without close() leaves no server running.
        atexit.register(self.close)
        self._conn = psycopg2.connect(host=self.rundir, port=self.port, user="postgres",
                                      dbname="postgres")

    def _load(self, entries: list[Entry]) -> None:
        columns = ("id", "key", "titel_sort", "gratis", "voorliggend", *TEXT_FIELDS)
        with self._conn, self._conn.cursor() as cur:  # one transaction
            # A commit that is not flushed yet (synchronous_commit off) keeps VACUUM from
            # setting the rows' hint bits, and so from marking any page all-visible: facets
            # would then never be read by index-only scans.
            cur.execute("SET LOCAL synchronous_commit = on")
            cur.execute("CREATE TABLE entries (id integer PRIMARY KEY, key text NOT NULL UNIQUE, "
                        "titel_sort text NOT NULL, gratis boolean NOT NULL, "
                        "voorliggend boolean NOT NULL, "
                        + ", ".join(f"{f} text NOT NULL" for f in TEXT_FIELDS)
                        + f", doc tsvector GENERATED ALWAYS AS ({PG_DOCUMENT}) STORED)")
            cur.execute("CREATE TABLE facets (entry_id integer NOT NULL, field text NOT NULL, "
                        "value text NOT NULL, PRIMARY KEY (entry_id, field, value))")
            entry_lines = (copy_line((i, e.key, sort_key(e.text["titel"]), e.gratis,
                                      e.voorliggend, *(e.text[f] for f in TEXT_FIELDS)))
                           for i, e in enumerate(entries, 1))
            cur.copy_expert(f"COPY entries ({', '.join(columns)}) FROM STDIN",
                            CopySource(entry_lines))
            cur.copy_expert("COPY facets FROM STDIN",
                            CopySource(copy_line(row) for row in facet_rows(entries)))
            cur.execute("CREATE INDEX entries_doc ON entries USING gin (doc)")
            cur.execute("CREATE INDEX entries_by_title ON entries (titel_sort, id)")
            cur.execute("CREATE INDEX facets_by_value ON facets (field, value, entry_id)")
        # Statistics for the planner, and the visibility map for index-only scans of facets.
        self._conn.autocommit = True
        with self._conn.cursor() as cur:
            cur.execute("VACUUM ANALYZE")

    def _text_match(self, words):
        # The words are letters and digits only (query_words), so 'w1' | 'w2' is the whole
        # tsquery syntax there is; quoted anyway, and passed as an argument. Dutch stopwords
        # drop out of it.
        query = " | ".join(f"'{w}'" for w in words)
        return ("entries e, to_tsquery('dutch', %s) AS query", "e.doc @@ query",
                "ts_rank(e.doc, query) DESC", [query])

    def _rows(self, sql, args):
        with self._conn.cursor() as cur:
            cur.execute(sql, args)
            return cur.fetchall()

    def close(self):
        """Stops the cluster and removes its directories."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        try:
            if self._started:
                self._started = False
                atexit.unregister(self.close)
                self._run("pg_ctl", "-D", self.pgdata, "-m", "fast", "-w", "stop")
        finally:
            for path in (self.pgdata, self.rundir):
                shutil.rmtree(path, ignore_errors=True)

    def _log_path(self) -> str:
        return os.path.join(self.rundir, "server.log")

    def _run(self, program: str, *args: str) -> None:
        """Runs a PostgreSQL program as the cluster's owner; raises with its stderr (and the
        server log's end: pg_ctl's own message only says to look there) when it fails."""
        command = [os.path.join(self._bindir, program), *args]
        if self._owner:
            command = ["runuser", "-u", self._owner.pw_name, "--", *command]
        # cwd: the owner may not be allowed into the caller's current directory.
        done = subprocess.run(command, cwd=self.workdir, capture_output=True, text=True)
        if done.returncode != 0:
            message = (done.stderr.strip() or done.stdout.strip())
            log = self._log_path()
            if program == "pg_ctl" and os.path.exists(log):
                with open(log, encoding="utf-8", errors="replace") as f:
                    message += "\nserver log:\n" + "".join(f.readlines()[-20:]).rstrip()
            raise RuntimeError(f"{self.name}: {program} failed (exit {done.returncode}): "
                               f"{message}")


# ---- PostgreSQL helpers --------------------------------------------------------------------

def postgres_bindir() -> str:
    """The bin directory of the newest PostgreSQL under /usr/lib/postgresql (Debian's layout)."""
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not found:
        raise RuntimeError("no /usr/lib/postgresql/*/bin/initdb: install postgresql "
                           "(make bench-deps)")
    newest = max(found, key=lambda path: int(re.search(r"/(\d+)/bin/", path).group(1)))
    return os.path.dirname(newest)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_line(values: tuple) -> str:
    """One row in COPY's text format: tab-separated, backslash escapes, t/f for booleans."""
    fields = []
    for value in values:
        if isinstance(value, bool):
            fields.append("t" if value else "f")
        else:
            fields.append(str(value).replace("\\", "\\\\").replace("\t", "\\t")
                          .replace("\n", "\\n").replace("\r", "\\r"))
    return "\t".join(fields) + "\n"


class CopySource:
    """A file for psycopg2's copy_expert that reads lines from an iterator, so that a COPY
    streams rather than holding the whole table as one string. psycopg2 sends whatever
    read() returns, so a chunk may run past `size` to the end of a line."""

    def __init__(self, lines: Iterable[str]):
        self._lines = iter(lines)

    def read(self, size: int = -1) -> str:
        chunk, length = [], 0
        for line in self._lines:
            chunk.append(line)
            length += len(line)
            if 0 < size <= length:
                break
        return "".join(chunk)


# ---- The self-check ------------------------------------------------------------------------

def read_queries(path: str) -> list[list[tuple[str, str]]]:
    """The lines of queries.txt as parameter lists ('#' lines and empty lines skipped)."""
    with open(path, encoding="utf-8") as f:
        lines = [line.strip() for line in f]
    return [urllib.parse.parse_qsl(line, keep_blank_values=True)
            for line in lines if line and not line.startswith("#")]


def browse_expected(entries: list[Entry], params: list[tuple[str, str]]) -> SearchResult:
    """What a search without q must answer, computed straight from the entries."""
    request = parse_request(params)
    every = facet_values(entries)

    def values(entry, param):  # an overal value stands for every value of its field
        own = entry.facets[param]
        return set(every[param]) if OVERAL.get(param) in own else set(own)

    found = [e for e in entries
             if all(values(e, param) & set(chosen) for param, chosen in request.filters.items())
             and (e.gratis or not request.gratis) and (e.voorliggend or not request.voorliggend)]
    facets: dict[str, dict[str, int]] = {param: {} for param in FACET_FIELDS}
    for entry in found:
        for param in FACET_FIELDS:
            for value in values(entry, param):
                facets[param][value] = facets[param].get(value, 0) + 1
    order = {e.key: i for i, e in enumerate(entries)}  # row id order breaks ties
    found.sort(key=lambda e: (sort_key(e.text["titel"]), order[e.key]))
    first = (request.page - 1) * PER_PAGE
    return SearchResult([e.key for e in found[first:first + PER_PAGE]], facets, len(found))


def check_peer(peer_name: str, answers: dict[str, SearchResult],
               entries: list[Entry]) -> list[str]:
    """The failed checks of one peer's answers (query line -> SearchResult)."""
    failures = []
    by_key = {e.key: e for e in entries}
    koffie = answers["q=koffie"]
    if len(koffie.ids) != PER_PAGE or koffie.total <= 0:
        failures.append(f"q=koffie: {len(koffie.ids)} ids, total {koffie.total}")
    for key in answers["wijk=zuid"].ids:
        if not {"zuid", "heel-zwolle"} & set(by_key[key].facets["wijk"]):
            failures.append(f"wijk=zuid: {key} has wijken {by_key[key].facets['wijk']}")
    for line, answer in answers.items():
        # Every entry has exactly one soort and one toegang, and at least one ambitie, wijk and
        # doelgroep (leefgebieden may be empty).
        for param in FACET_FIELDS:
            counted = sum(answer.facets[param].values())
            if (param in ("soort", "toegang") and counted != answer.total
                    or param in ("ambitie", "wijk", "doelgroep") and counted < answer.total):
                failures.append(f"{line}: {param} counts sum to {counted}, total {answer.total}")
        params = urllib.parse.parse_qsl(line)
        if not any(key == "q" for key, _ in params):
            expected = browse_expected(entries, params)
            failures += [f"{line}: {difference}" for difference in differences(answer, expected)]
    return [f"{peer_name}: {failure}" for failure in failures]


def differences(answer: SearchResult, expected: SearchResult) -> list[str]:
    found = []
    if answer.total != expected.total:
        found.append(f"total {answer.total}, expected {expected.total}")
    if answer.ids != expected.ids:
        found.append(f"page {answer.ids[:3]}..., expected {expected.ids[:3]}...")
    found += [f"{param} counts {answer.facets[param]}, expected {expected.facets[param]}"
              for param in FACET_FIELDS if answer.facets[param] != expected.facets[param]]
    return found


def run_queries(peer, queries: list[list[tuple[str, str]]]):
    """One untimed pass (caches), then one timed: the answers and the milliseconds."""
    for params in queries:
        peer.search_full(params)
    answers, times = {}, []
    for params in queries:
        started = time.perf_counter()
        answer = peer.search_full(params)
        times.append((time.perf_counter() - started) * 1000)
        answers[urllib.parse.urlencode(params)] = answer
    return answers, times


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dump", help="a scriptindex dump of gen_catalog.py")
    parser.add_argument("--workdir", help="for the databases (default: a temporary directory)")
    parser.add_argument("--queries", default=os.path.join(here, "queries.txt"))
    args = parser.parse_args()

    queries = read_queries(args.queries)
    entries = read_entries(args.dump)
    workdir = args.workdir or tempfile.mkdtemp(prefix="sql_peers-")
    os.makedirs(workdir, exist_ok=True)
    failures = []
    try:
        for peer_class in (SqlitePeer, PostgresPeer):
            with peer_class(args.dump, workdir) as peer:
                seconds = peer.build()
                answers, times = run_queries(peer, queries)
                print(f"{peer.name}: {len(entries)} entries, build {seconds:.1f} s, "
                      f"{len(times)} queries: p50 {statistics.median(times):.2f} ms, "
                      f"p95 {percentile(times, 95):.2f} ms, max {max(times):.2f} ms")
                failures += check_peer(peer.name, answers, entries)
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)
    print("self-check: " + (f"{len(failures)} failed" if failures else "all checks passed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
