#!/usr/bin/python3
"""tests/relevance/run.py -- the judged relevance suite: how well search answers the questions
in tests/relevance/queries-*.yaml on the sample catalog, over the real HTTP API.

    tests/relevance/run.py --build BUILD              figures per category, overall and held out,
                                                      as TAP: one line per floor (floors.yaml)
    tests/relevance/run.py --build BUILD --compare F  also: per question of the tuning part, what
                                                      moved since the run saved in F (then saves
                                                      this run there): `make relevance`
    tests/relevance/run.py --suite DIR ...            another catalog's suite: DIR/catalog/ with
                                                      DIR/queries-*.yaml and DIR/floors.yaml

It indexes the catalog with BUILD's indexer, starts BUILD's server on a free loopback port, and asks
each question as `GET /api/v1/search?q=...&<filters>&per_page=10`. Metrics (README.md):
success@1, success@3, MRR and nDCG@10 for questions that have relevant entries; for the category
`geen-antwoord` (nothing in the catalog answers) the share of answers that do not look confident.
The held-out third (by a hash of the question, fixed) is reported apart and never shown per
question, so that nobody tunes on it. Needs Debian's python3-yaml (the Makefile installs it).
"""
import argparse
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FILTERS = {"ambitie", "wijk", "doelgroep", "leefgebied", "soort", "toegang", "woonvorm",
           "begeleiding", "gratis", "voorliggend"}
NO_ANSWER = "geen-antwoord"
METRICS = ("success@1", "success@3", "mrr", "ndcg@10")
JUDGED_ON = "2026-11-29T12:00"  # WW_NOW for the server: the day the catalog was judged


def held_out(question):
    """A fixed third of the questions, the same on every machine and in every run."""
    return hashlib.sha1(question.encode("utf-8")).digest()[0] % 3 == 0


class Suite:
    """Where a suite's catalog, questions and floors are: this folder and the sample catalog, or
    a folder DIR with DIR/catalog/, DIR/queries-*.yaml and DIR/floors.yaml."""

    def __init__(self, folder=None):
        self.questions = os.path.abspath(folder) if folder else HERE
        self.catalog = os.path.join(folder, "catalog") if folder else os.path.join(ROOT, "catalog")
        self.catalog = os.path.abspath(self.catalog)


def load_queries(suite):
    """Every question of queries-*.yaml, checked: ids exist, filters are API parameters."""
    known = {f[:-5] for f in os.listdir(os.path.join(suite.catalog, "aanbod")) if f.endswith(".yaml")}
    queries, problems = [], []
    for name in sorted(os.listdir(suite.questions)):
        if not (name.startswith("queries-") and name.endswith(".yaml")):
            continue
        with open(os.path.join(suite.questions, name), encoding="utf-8") as f:
            for i, item in enumerate(yaml.safe_load(f) or []):
                where = f"{name}[{i + 1}] {item.get('q')!r}"
                relevant = item.get("relevant") or {}
                for entry, grade in relevant.items():
                    if entry not in known:
                        problems.append(f"{where}: no entry {entry}")
                    if grade not in (1, 2):
                        problems.append(f"{where}: grade {grade} for {entry} (1 or 2)")
                for key in (item.get("filters") or {}):
                    if key not in FILTERS:
                        problems.append(f"{where}: unknown filter {key}")
                if not item.get("q") or not item.get("categorie"):
                    problems.append(f"{where}: needs q and categorie")
                if item.get("categorie") != NO_ANSWER and not relevant:
                    problems.append(f"{where}: no relevant entry outside {NO_ANSWER}")
                queries.append({"q": str(item["q"]), "categorie": item["categorie"],
                                "filters": item.get("filters") or {}, "relevant": relevant,
                                "file": name})
    return queries, problems


class Server:
    """BUILD's server over an index of the suite's catalog, on a free port."""

    def __init__(self, build, catalog):
        self.work = tempfile.mkdtemp(prefix="wegwijzer-relevance-")
        index = os.path.join(self.work, "index")
        subprocess.run([os.path.join(build, "wegwijzer-indexer"), "--catalog", catalog,
                        "--index", index, "--quiet"], cwd=ROOT, check=True)
        self.log = open(os.path.join(self.work, "server.log"), "w+")
        # The day the questions were judged: entries that expire later stay in, whenever it runs.
        env = dict(os.environ, WW_NOW=JUDGED_ON)
        self.proc = subprocess.Popen([os.path.join(build, "wegwijzer-server"), "--index", index,
                                      "--catalog", catalog, "--web", "web", "--port", "0"],
                                     cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.base = None
        for _ in range(200):
            self.log.seek(0)
            m = re.search(r"luistert op (http://127\.0\.0\.1:\d+)", self.log.read())
            if m:
                self.base = m.group(1)
                break
            time.sleep(0.05)
        if not self.base:
            self.stop()
            raise RuntimeError("the server did not start")

    def search(self, q, filters):
        params = [("q", q), ("per_page", "10")]
        for key, value in filters.items():
            for v in value if isinstance(value, list) else [value]:
                params.append((key, str(v)))
        url = f"{self.base}/api/v1/search?{urllib.parse.urlencode(params)}"
        with urllib.request.urlopen(url, timeout=30) as r:
            return json.load(r)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()
        self.log.close()
        shutil.rmtree(self.work, ignore_errors=True)


def judge(query, answer):
    """The figures of one answer."""
    ids = [r["id"] for r in answer["results"]][:10]
    relevant = query["relevant"]
    out = {"ids": ids, "total": answer["total"], "zwak": 1.0 if answer.get("match") == "zwak" else 0.0}
    if not relevant:
        # Nothing fits: an answer is not confident when it finds nothing or says it is weak.
        out["niet_stellig"] = 1.0 if answer["total"] == 0 or answer.get("match") == "zwak" else 0.0
        return out
    best = max(relevant.values())
    targets = {e for e, g in relevant.items() if g == best}
    rank = next((i + 1 for i, e in enumerate(ids) if e in targets), None)
    out["success@1"] = 1.0 if rank == 1 else 0.0
    out["success@3"] = 1.0 if rank and rank <= 3 else 0.0
    out["mrr"] = 1.0 / rank if rank else 0.0
    dcg = sum((2 ** relevant.get(e, 0) - 1) / math.log2(i + 2) for i, e in enumerate(ids))
    ideal = sorted(relevant.values(), reverse=True)[:10]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    out["ndcg@10"] = dcg / idcg
    out["rank"] = rank
    if rank == 1:  # a right first answer that calls itself weak is a false alarm
        out["vals_alarm"] = out["zwak"]
    return out


def mean(rows, metric):
    values = [r[metric] for r in rows if metric in r]
    return sum(values) / len(values) if values else None


def summarise(results):
    """{group: {metric: value, "n": count}} for each category, overall and held out."""
    groups = {}
    for r in results:
        keys = [r["categorie"]]
        if r["categorie"] != NO_ANSWER:
            keys.append("overall")
            if r["held_out"]:
                keys.append("held-out")
        for k in keys:
            groups.setdefault(k, []).append(r)
    summary = {}
    for name, rows in groups.items():
        figures = {"n": len(rows)}
        for metric in METRICS + ("niet_stellig", "zwak", "vals_alarm"):
            value = mean(rows, metric)
            if value is not None:
                figures[metric] = value
        summary[name] = figures
    return summary


def print_table(summary):
    order = sorted(k for k in summary if k not in ("overall", "held-out")) + ["overall", "held-out"]
    print("# %-16s %4s %10s %10s %6s %8s %6s" % ("categorie", "n", "success@1", "success@3", "MRR",
                                                 "nDCG@10", "zwak"))
    for name in order:
        f = summary.get(name)
        if not f:
            continue
        if "mrr" in f:
            print("# %-16s %4d %10.2f %10.2f %6.2f %8.2f %6.2f" % (name, f["n"], f["success@1"], f["success@3"],
                                                                   f["mrr"], f["ndcg@10"], f["zwak"]))
        else:
            print("# %-16s %4d   not confident: %.2f" % (name, f["n"], f["niet_stellig"]))


def check_floors(suite, summary):
    """TAP: one line per floor of the suite's floors.yaml (none when it has none)."""
    try:
        with open(os.path.join(suite.questions, "floors.yaml"), encoding="utf-8") as f:
            floors = yaml.safe_load(f) or {}
    except FileNotFoundError:
        floors = {}
    n = 0
    for group, metrics in floors.items():
        for metric, floor in metrics.items():
            n += 1
            value = summary.get(group, {}).get(metric)
            name = f"{group} {metric} {value if value is None else round(value, 3)} >= {floor}"
            print(("ok" if value is not None and value >= floor else "not ok") + f" {n} - {name}")
    return n


def compare(results, path):
    """Per question of the tuning part: what moved since the run saved in `path`."""
    try:
        with open(path, encoding="utf-8") as f:
            before = json.load(f)
    except (OSError, ValueError):
        before = {}
    moved = 0
    for r in results:
        if r["held_out"]:
            continue  # never looked at while tuning
        key = f"{r['q']} {json.dumps(r['filters'], sort_keys=True)}"
        old = before.get(key)
        if not old or old["ids"] == r["ids"]:
            continue
        moved += 1
        metric = "mrr" if "mrr" in r else "niet_stellig"
        verdict = ("beter" if r[metric] > old[metric] else "slechter" if r[metric] < old[metric]
                   else "anders")
        print(f"{verdict:8} [{r['categorie']}] {r['q']!r}: {metric} {old[metric]:.2f} -> {r[metric]:.2f}")
        print(f"         was {old['ids'][:5]}\n         nu  {r['ids'][:5]}")
    print(f"{moved} questions of the tuning part moved since the last run")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({f"{r['q']} {json.dumps(r['filters'], sort_keys=True)}": r for r in results}, f,
                  ensure_ascii=False, indent=0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--compare", help="a file with the last run: show what moved, then save")
    parser.add_argument("--suite", help="a folder with catalog/, queries-*.yaml and floors.yaml")
    args = parser.parse_args()
    suite = Suite(args.suite)
    queries, problems = load_queries(suite)
    if problems:
        print("not ok 1 - the judged questions are well formed")
        for p in problems:
            print(f"#   {p}")
        return 1
    server = Server(os.path.abspath(args.build), suite.catalog)
    results, errors = [], []
    try:
        for query in queries:
            try:
                answer = server.search(query["q"], query["filters"])
            except urllib.error.HTTPError as e:
                errors.append(f"{query['q']!r} {query['filters']}: HTTP {e.code} {e.read()[:200]!r}")
                continue
            r = judge(query, answer)
            r.update(q=query["q"], categorie=query["categorie"], filters=query["filters"],
                     held_out=held_out(query["q"]))
            results.append(r)
    finally:
        server.stop()
    if errors:
        print("not ok 1 - every question is answered")
        for e in errors:
            print(f"#   {e}")
        return 1
    summary = summarise(results)
    print(f"# {len(queries)} questions, {sum(r['held_out'] for r in results)} of them held out")
    print_table(summary)
    alarm = summary.get("overall", {}).get("vals_alarm")
    if alarm is not None:
        print(f"# of the questions whose first result is right, {alarm:.2f} are called weak (false alarms)")
    if args.compare:
        compare(results, args.compare)
    n = check_floors(suite, summary)
    print(f"1..{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
