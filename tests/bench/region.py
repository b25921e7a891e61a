#!/usr/bin/python3
"""tests/bench/region.py -- a region's search over remote shards against one local index of the
same data, in `make bench` (issue 18).

    /usr/bin/python3 tests/bench/region.py --build DIR [--bench DIR/bench] [--sizes 10000,100000]
                                           [--rounds 3]

Per size, the synthetic catalog of tests/bench (DIR/bench/catalog-Nk, whose index-Nk is the local
reference) is dealt over three gemeenten (every third entry; all organisations in each), each
indexed on its own (the time is reported) and served by its own xapian-tcpsrv on loopback, as
three hosts would. `wegwijzer-server --regio` over the three and `wegwijzer-server` on the one
index then answer the questions of tests/bench/queries.txt, uncached (--cache-mb 0), interleaved
per question, `rounds` times: the median and p95 in ms of each and their ratio (the number to
compare across machines). The first results of every question are compared too: a region must
rank as one index does. Prints a Markdown table and writes it to DIR/bench/region.md.
"""
import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from peers import ROOT, label, percentile, read_queries, say  # noqa: E402  (beside this file)

GEMEENTEN = ["een", "twee", "drie"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A wegwijzer-server with `args` on a free loopback port, and a kept-alive connection."""

    def __init__(self, build, args):
        self.proc = subprocess.Popen(
            [os.path.join(build, "wegwijzer-server"), *args, "--port", "0", "--quiet",
             "--cache-mb", "0", "--threads", str(os.cpu_count() or 2)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        found = re.search(r"127\.0\.0\.1:(\d+)", self.proc.stdout.readline())
        if not found:
            self.proc.kill()
            raise RuntimeError("the server did not start")
        self.conn = http.client.HTTPConnection("127.0.0.1", int(found.group(1)), timeout=60)

    def get(self, path):
        start = time.perf_counter()
        self.conn.request("GET", path)
        response = self.conn.getresponse()
        body = response.read()
        return response.status, time.perf_counter() - start, body

    def stop(self):
        self.conn.close()
        self.proc.terminate()
        self.proc.wait(timeout=30)


def place(source, target):
    """A file in another catalog: a hard link where it can be (the indexer reads no symbolic
    links), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def split(catalog, into):
    """Deals the catalog's entries over the gemeenten; every one has all organisations."""
    entries = sorted(os.listdir(os.path.join(catalog, "aanbod")))
    organisations = sorted(os.listdir(os.path.join(catalog, "organisaties")))
    for i, g in enumerate(GEMEENTEN):
        for folder, names in (("aanbod", entries[i::len(GEMEENTEN)]),
                              ("organisaties", organisations)):
            os.makedirs(os.path.join(into, g, folder))
            for name in names:
                place(os.path.join(catalog, folder, name), os.path.join(into, g, folder, name))


def first_ids(body):
    return [r["id"] for r in json.loads(body)["results"]]


def one_size(args, n, queries):
    l = label(n)
    catalog, index = os.path.join(args.bench, f"catalog-{l}"), os.path.join(args.bench, f"index-{l}")
    tmp = tempfile.mkdtemp(prefix="ww-region-bench-")
    servers, tcpsrvs = [], []
    try:
        split(catalog, tmp)
        start = time.perf_counter()
        for g in GEMEENTEN:
            done = subprocess.run([os.path.join(args.build, "wegwijzer-indexer"), "--catalog",
                                   os.path.join(tmp, g), "--index", os.path.join(tmp, g + "-index"),
                                   "--quiet"], cwd=ROOT, stderr=subprocess.DEVNULL)
            if done.returncode not in (0, 1):  # 1: some files rejected, as in the whole catalog
                raise RuntimeError(f"indexing {g} failed ({done.returncode})")
        indexing = time.perf_counter() - start
        lines = ["naam: bench", "wachttijd_ms: 5000", "gemeenten:"]
        for g in GEMEENTEN:
            port = free_port()
            tcpsrvs.append(subprocess.Popen(
                ["xapian-tcpsrv", "--interface", "127.0.0.1", "--port", str(port),
                 os.path.join(tmp, g + "-index", "current")],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
            lines += [f"  - id: {g}", f"    naam: {g}", f"    index: tcp://127.0.0.1:{port}"]
        with open(os.path.join(tmp, "regio.yaml"), "w") as f:
            f.write("\n".join(lines) + "\n")
        time.sleep(0.5)
        region = Server(args.build, ["--regio", os.path.join(tmp, "regio.yaml")])
        servers.append(region)
        local = Server(args.build, ["--index", index, "--catalog", catalog])
        servers.append(local)
        times = {"region": [], "local": []}
        differ = 0
        for line, _ in queries:  # warm up, and the results compared
            a, b = region.get("/api/v1/search?" + line), local.get("/api/v1/search?" + line)
            if a[0] != 200 or b[0] != 200:
                raise RuntimeError(f"{line}: {a[0]} and {b[0]}")
            differ += first_ids(a[2])[:10] != first_ids(b[2])[:10]
        for _ in range(args.rounds):
            for line, _ in queries:
                times["region"].append(region.get("/api/v1/search?" + line)[1] * 1000)
                times["local"].append(local.get("/api/v1/search?" + line)[1] * 1000)
    finally:
        for s in servers:
            s.stop()
        for t in tcpsrvs:
            t.terminate()
        shutil.rmtree(tmp, ignore_errors=True)
    rows = [(name, statistics.median(t), percentile(t, 95)) for name, t in times.items()]
    local_median = rows[1][1]
    out = [f"### {l} entries: three remote shards against one local index", "",
           f"Indexing the three gemeenten: {indexing:.1f} s. Questions whose first ten results "
           f"differ from the local index's: {differ} of {len(queries)}.", "",
           "| | median ms | p95 ms | ratio (median) |", "| --- | --- | --- | --- |"]
    out += [f"| {'region, 3 x xapian-tcpsrv' if name == 'region' else 'one local index'} | "
            f"{median:.2f} | {p95:.2f} | {median / local_median:.2f}x |"
            for name, median, p95 in rows]
    return out + [""]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--bench")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    args.build = os.path.abspath(args.build)
    args.bench = os.path.abspath(args.bench or os.path.join(args.build, "bench"))
    queries = read_queries()
    report = ["## A region over remote shards (uncached, over HTTP)", ""]
    for n in (int(s) for s in args.sizes.split(",")):
        say(f"region: {label(n)}")
        report += one_size(args, n, queries)
    text = "\n".join(report)
    print(text)
    with open(os.path.join(args.bench, "region.md"), "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
