#!/usr/bin/python3
"""tests/bench/peers.py -- Wegwijzer beside its peers on the same catalogs, in one run.

    /usr/bin/python3 tests/bench/peers.py --build DIR [--bench DIR/bench] [--sizes 10000,100000]
                                          [--rounds 3] [--repeat 20] [--load-seconds 8]

Part of `make bench`, after tests/bench/run and tests/bench/server.sh, whose synthetic
catalogs, scriptindex dumps and indexes it reuses (DIR/bench/catalog-Nk, catalog-Nk.dump,
index-Nk). Per catalog, on the questions of tests/bench/queries.txt:

1. Sequential, uncached, one question at a time, the systems interleaved per question (the
   order turning each round, so no system always goes first): Wegwijzer over HTTP
   (--cache-mb 0, a kept-alive connection), the same question sorted nearest first from a
   postcode (issue 14), the HTTP floor (/healthz of the same server),
   SQLite FTS5 and PostgreSQL 15 `dutch` full-text search with the same filters and exact facet
   counts (tests/bench/sql_peers.py). p50/p95/p99 in ms and each as a ratio to Wegwijzer.
2. The engines in-process: Wegwijzer's search (tests/tools/ww-query) against the bare-Xapian
   floor (tests/tools/ww-floor) without and with exact facets, both leaving out the expired
   as the server does, per question the mean of a repeated search, interleaved per question.
3. Under load (wrk): 2 and 8 connections as fast as they go, uncached; 8 connections at half
   of that saturation rate (p99 is the target); and a Zipf mix (questions repeated as residents
   repeat them) with the answer cache on, beside the same mix without it.

Prints a Markdown report and writes it to DIR/bench/peers.md. Run with Debian's python3: it
has python3-psycopg2 (make bench-deps installs it). Ratios only mean something within one run:
the machines are noisy.
"""
import argparse
import http.client
import math
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import sql_peers  # noqa: E402  (beside this file)

QUERIES = os.path.join(HERE, "queries.txt")


def say(msg):
    print(f"peers-bench: {msg}", file=sys.stderr, flush=True)


def label(n):
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def read_queries():
    with open(QUERIES, encoding="utf-8") as f:
        lines = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    return [(line, urllib.parse.parse_qsl(line)) for line in lines]


def tool_args(params):
    """A question's parameters as ww-query and ww-floor take them: name=value, the text last."""
    return [f"{k}={v}" for k, v in params if k != "q"] + [v for k, v in params if k == "q"]


class Server:
    """wegwijzer-server on a free loopback port, and one kept-alive connection to it."""

    def __init__(self, build, index, catalog, *extra):
        self.proc = subprocess.Popen(
            [os.path.join(build, "wegwijzer-server"), "--index", index, "--catalog", catalog,
             "--port", "0", "--quiet", "--threads", str(os.cpu_count() or 2), *extra],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        found = re.search(r"127\.0\.0\.1:(\d+)", line)
        if not found:
            self.proc.kill()
            raise RuntimeError(f"the server did not start: {line!r}")
        self.port = int(found.group(1))
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        for _ in range(300):
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            time.sleep(0.1)
        raise RuntimeError("the server never answered /healthz")

    def get(self, path):
        """(status, seconds) of one GET, the body read."""
        start = time.perf_counter()
        self.conn.request("GET", path)
        response = self.conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - start

    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.conn.close()
        self.proc.terminate()
        self.proc.wait(timeout=30)


# The same question nearest first from a postcode: what distance sorting (Xapian's
# LatLongDistanceKeyMaker) and the distance of each result add, as a ratio to the question alone.
NEAREST = "Wegwijzer, same, nearest first (postcode=8017JZ&sort=afstand)"
ENGINE_NEAREST = "Wegwijzer engine, same, nearest first"
NEAR = "52.508,6.103"  # the centre of postcode area 8017 (schema/postcodes.yaml)


def sequential(server, peers, queries, rounds):
    """Milliseconds per system over every question and round, interleaved per question."""
    systems = [("Wegwijzer, uncached, over HTTP",
                lambda line, params: server.get("/api/v1/search?" + line)),
               (NEAREST, lambda line, params: server.get(
                   "/api/v1/search?" + line + "&postcode=8017JZ&sort=afstand")),
               ("HTTP floor (/healthz)", lambda line, params: server.get("/healthz"))]
    for peer in peers:
        systems.append((peer.name, lambda line, params, peer=peer: (200, timed(peer, params))))
    times = {name: [] for name, _ in systems}
    for r in range(rounds):
        for i, (line, params) in enumerate(queries):
            turn = (i + r) % len(systems)
            for name, run in systems[turn:] + systems[:turn]:
                status, seconds = run(line, params)
                if status != 200:
                    raise RuntimeError(f"{name}: {line} answered {status}")
                times[name].append(seconds * 1000)
    return times


def timed(peer, params):
    start = time.perf_counter()
    peer.search(params)
    return time.perf_counter() - start


def engines(build, index, queries, repeat):
    """Mean ms of a search per question, for Wegwijzer's engine and the bare-Xapian floor.
    Both leave out the entries whose geldig_tot has passed, as the server does: the floor
    always (today, UTC), ww-query when given the day."""
    today = time.strftime("%Y-%m-%d", time.gmtime())
    engine = [os.path.join(build, "tests", "ww-query"), "--index", index, "--schema",
              os.path.join(ROOT, "schema"), "--today", today]
    tools = [("Wegwijzer engine (in-process)", engine),
             (ENGINE_NEAREST, engine + ["--near", NEAR, "--nearest-first"]),
             ("bare Xapian", [os.path.join(build, "tests", "ww-floor"), "--index", index]),
             ("bare Xapian + exact facets",
              [os.path.join(build, "tests", "ww-floor"), "--index", index, "--facets"])]
    times = {name: [] for name, _ in tools}
    for i, (line, params) in enumerate(queries):
        turn = i % len(tools)
        for name, cmd in tools[turn:] + tools[:turn]:
            out = subprocess.run(cmd + ["--repeat", str(repeat)] + tool_args(params), cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout
            times[name].append(float(out.split()[-1]) / 1000)
    return times


def wrk(url, connections, seconds, script_args, rate=None):
    """(requests/s, p50 ms, p99 ms) of a wrk run with search.lua."""
    env = dict(os.environ, WW_CONNECTIONS=str(connections))
    if rate:
        env["WW_RATE"] = str(rate)
    out = subprocess.run(
        ["wrk", "-c", str(connections), "-t", str(min(connections, 2)), "-d", f"{seconds}s",
         "--latency", "--timeout", "30s", "-s", os.path.join(HERE, "search.lua"), url, "--",
         *script_args], capture_output=True, text=True, check=True, env=env).stdout
    if re.search(r"Non-2xx", out):
        raise RuntimeError(f"wrk saw errors:\n{out}")

    def ms(name):
        value, unit = re.search(rf"^\s*{name}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), ms("50%"), ms("99%")


def summary_rows(times, reference):
    rows = []
    base = statistics.median(times[reference])
    for name, values in times.items():
        p50 = statistics.median(values)
        rows.append(f"| {name} | {p50:.2f} | {percentile(values, 95):.2f} | "
                    f"{percentile(values, 99):.2f} | {p50 / base:.2f}x |")
    return rows


def one_catalog(args, n, queries):
    l = label(n)
    bench = args.bench
    index, catalog = os.path.join(bench, f"index-{l}"), os.path.join(bench, f"catalog-{l}")
    dump = os.path.join(bench, f"catalog-{l}.dump")
    for path in (index, catalog, dump):
        if not os.path.exists(path):
            raise RuntimeError(f"{path} is missing: run tests/bench/run and server.sh first")
    report = [f"### {l} entries", ""]
    peers = [sql_peers.SqlitePeer(dump, os.path.join(bench, f"tmp-peers-{l}-sqlite")),
             sql_peers.PostgresPeer(dump, os.path.join(bench, f"tmp-peers-{l}-pg"))]
    built = []
    try:
        for peer in peers:
            say(f"{l}: building {peer.name}")
            built.append(peer)
            report_build = peer.build()
            report.append(f"- {peer.name}: built in {report_build:.1f} s")
        server = Server(args.build, index, catalog, "--cache-mb", "0")
        try:
            say(f"{l}: sequential, {args.rounds} rounds of {len(queries)} questions")
            for line, params in queries:  # warm every system's caches once
                server.get("/api/v1/search?" + line)
                for peer in peers:
                    peer.search(params)
            times = sequential(server, peers, queries, args.rounds)
        finally:
            server.stop()
    finally:
        for peer in built:
            peer.close()
    reference = "Wegwijzer, uncached, over HTTP"
    report += ["", "| system | p50 ms | p95 ms | p99 ms | p50 ratio to Wegwijzer |",
               "| --- | --- | --- | --- | --- |", *summary_rows(times, reference), ""]

    say(f"{l}: engines in-process")
    engine = engines(args.build, index, queries, args.repeat)
    report += ["| engine, in-process (mean of a repeated search per question) | p50 ms | "
               "p95 ms | p99 ms | p50 ratio to Wegwijzer's engine |",
               "| --- | --- | --- | --- | --- |",
               *summary_rows(engine, "Wegwijzer engine (in-process)"), ""]

    say(f"{l}: under load")
    load = ["| load (wrk, uncached unless said) | requests/s | p50 ms | p99 ms |",
            "| --- | --- | --- | --- |"]
    server = Server(args.build, index, catalog, "--cache-mb", "0")
    try:
        saturation = {}
        for c in (2, 8):
            rps, p50, p99 = wrk(server.url(), c, args.load_seconds, [QUERIES])
            saturation[c] = rps
            load.append(f"| {c} connections, as fast as they go | {rps:.0f} | {p50:.2f} | "
                        f"{p99:.2f} |")
        half = saturation[8] / 2
        rps, p50, p99 = wrk(server.url(), 8, args.load_seconds, [QUERIES], rate=half)
        load.append(f"| 8 connections at half that rate ({half:.0f}/s) | {rps:.0f} | {p50:.2f} | "
                    f"{p99:.2f} |")
        rps, p50, p99 = wrk(server.url(), 8, args.load_seconds, [QUERIES, "zipf"])
        load.append(f"| 8 connections, Zipf mix, no cache | {rps:.0f} | {p50:.2f} | {p99:.2f} |")
    finally:
        server.stop()
    server = Server(args.build, index, catalog)
    try:
        rps, p50, p99 = wrk(server.url(), 8, args.load_seconds, [QUERIES, "zipf"])
        load.append(f"| 8 connections, Zipf mix, answer cache on | {rps:.0f} | {p50:.2f} | "
                    f"{p99:.2f} |")
    finally:
        server.stop()
    report += load + [""]
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--bench", help="catalogs, dumps and indexes (default: BUILD/bench)")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--load-seconds", type=int, default=8)
    args = parser.parse_args()
    # Absolute: PostgreSQL's initdb and pg_ctl run as its own user (sql_peers.py), from
    # another directory, and a relative data directory named "build/..." fails there.
    args.bench = os.path.abspath(args.bench or os.path.join(args.build, "bench"))
    queries = read_queries()
    report = [f"## Wegwijzer beside its peers ({time.strftime('%Y-%m-%d')}, "
              f"{os.cpu_count()} cores)", ""]
    for n in (int(s) for s in args.sizes.split(",")):
        report += one_catalog(args, n, queries)
    text = "\n".join(report) + "\n"
    with open(os.path.join(args.bench, "peers.md"), "w", encoding="utf-8") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
