#!/usr/bin/python3
"""tests/bench/insight.py -- how long the gemeente's insight views take, in `make bench`, and the
pages of the catalog as open data (/api/hsds/).

    /usr/bin/python3 tests/bench/insight.py --build DIR [--bench DIR/bench] [--sizes 10000,100000]
                                            [--repeat 5]

On the synthetic catalogs and indexes of tests/bench (DIR/bench/catalog-Nk, index-Nk), through
a server started here (--cache-mb 0), each view of /api/v1/inzicht and a few pages of /api/hsds
are asked `repeat` times after one warm-up: the median and the slowest in ms, beside the HTTP
floor (/healthz) and an uncached one-word search of the same run (the ratio is what to compare across machines). The overview of
overlapping offers is worked out once per index version and then remembered, so it is timed
once, the first time (the server's --request-timeout raised for it), and again from memory.
Prints a Markdown table and writes it to DIR/bench/insight.md.
"""
import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from peers import ROOT, Server, label, say  # noqa: E402  (beside this file)

VIEWS = [
    ("dekking, per ambitie", "/api/v1/inzicht/dekking?dimensie=ambitie"),
    ("dekking, per doelgroep", "/api/v1/inzicht/dekking?dimensie=doelgroep"),
    ("dekking, per leefgebied, gratis", "/api/v1/inzicht/dekking?dimensie=leefgebied&gratis=1"),
    ("ambities (met trend)", "/api/v1/inzicht/ambities"),
    ("beschermd thuis", "/api/v1/inzicht/beschermd-thuis"),
    ("actualiteit (redactie)", "/api/v1/inzicht/actualiteit"),
    ("vragen zonder antwoord (redactie)", "/api/v1/inzicht/vragen"),
    ("HSDS: a page of 50 services", "/api/hsds/services?per_page=50&page=20"),
    ("HSDS: a page of 50 services, search", "/api/hsds/services?per_page=50&search=koffie"),
    ("HSDS: a page of 50 service_at_locations", "/api/hsds/service_at_locations?per_page=50&page=20"),
    ("HSDS: the organizations", "/api/hsds/organizations?per_page=100"),
    ("reference: a search, uncached", "/api/v1/search?q=koffie"),
    ("reference: HTTP floor (/healthz)", "/healthz"),
]


class AuthServer(Server):
    """The bench server with the editor's token on every request."""

    def __init__(self, token, *args):
        self.token = token
        super().__init__(*args)
        # The overlap overview of a large catalog takes minutes the first time.
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=900)

    def get(self, path):
        import time
        start = time.perf_counter()
        self.conn.request("GET", path, headers={"Authorization": f"Bearer {self.token}"})
        response = self.conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - start


def one_size(build, bench, n, repeat):
    l = label(n)
    index, catalog = os.path.join(bench, f"index-{l}"), os.path.join(bench, f"catalog-{l}")
    with tempfile.TemporaryDirectory() as tmp:
        partners = os.path.join(tmp, "partners")
        token = subprocess.run([os.path.join(build, "wegwijzer-server"), "token", "gemeente",
                                "--partners", partners], capture_output=True, text=True,
                               check=True).stdout.strip()
        server = AuthServer(token, build, index, catalog, "--cache-mb", "0", "--partners", partners,
                            "--request-timeout", "600")
        rows = []
        try:
            for name, path in VIEWS:
                status, _ = server.get(path)  # warm up
                if status != 200:
                    raise RuntimeError(f"{path} answered {status}")
                times = [server.get(path)[1] * 1000 for _ in range(repeat)]
                rows.append((name, statistics.median(times), max(times)))
            # Minutes at 100k: a server whose deadline (600 s at most) cuts it is reported, not
            # a failed benchmark.
            status, first = server.get("/api/v1/inzicht/overlap")
            if status == 200:
                again = [server.get("/api/v1/inzicht/overlap")[1] * 1000 for _ in range(repeat)]
                rows.append(("dubbelingen (redactie): the whole overview, worked out",
                             first * 1000, first * 1000))
                rows.append(("dubbelingen (redactie): the same, remembered",
                             statistics.median(again), max(again)))
            else:
                say(f"{l}: the overlap overview answered {status} after {first:.0f} s")
                rows.append((f"dubbelingen (redactie): not finished ({status})", first * 1000,
                             first * 1000))
        finally:
            server.stop()
    search = [r for r in rows if r[0].startswith("reference: a search")][0][1]
    lines = [f"### {l} entries", "", "| view | median ms | slowest ms | ratio to a search |",
             "| --- | --- | --- | --- |"]
    lines += [f"| {name} | {median:.1f} | {slowest:.1f} | {median / search:.1f}x |"
              for name, median, slowest in rows]
    return lines + [""]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--bench")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bench = args.bench or os.path.join(args.build, "bench")
    report = ["## Insight views (uncached, over HTTP)", ""]
    for n in (int(s) for s in args.sizes.split(",")):
        say(f"insight: {label(n)}")
        report += one_size(args.build, bench, n, args.repeat)
    text = "\n".join(report)
    print(text)
    with open(os.path.join(bench, "insight.md"), "w", encoding="utf-8") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
