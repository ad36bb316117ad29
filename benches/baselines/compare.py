#!/usr/bin/env python3
"""Search quality and speed: Hikitsugi against the tools people would otherwise use.

Given a vault (a folder of .md files) and one or more judged query files
(TSV: ``query<TAB>expected``, expected = ``|``-separated vault-relative paths),
this builds, on the same files and queries:

  fts5-trigram       SQLite FTS5, tokenize='trigram'; query terms as typed, quoted, AND-ed
  fts5-unicode61     SQLite FTS5, tokenize='unicode61'; query terms as typed, quoted, AND-ed
  fts5-sudachi-or    FTS5 over SudachiPy mode C normalized_form() content words; terms OR-ed, bm25
  fts5-sudachi-and   same index; all query content words required
  ripgrep            `rg -F -i` per query (every term must appear; files ranked by match count)
  hikitsugi          `hikitsugi --vault DIR search --json --batch --limit 10` (if --hikitsugi given)

and prints a Markdown table: index build time, index size, query latency p50/p95,
recall@10, MRR@10. See README.md beside this file for what each baseline does and why.

Only the standard library plus sudachipy/sudachidict_core (requirements.txt).
Progress goes to stderr; the report to stdout; raw numbers to --json OUT.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

TOP_K = 10
TITLE_WEIGHT = 5.0  # bm25 weight of the title column against the body (1.0), for every FTS5 baseline
COPY_PREFIX = re.compile(r"^copy-\d+/")  # make-large.sh puts copies under copy-N/

# Sudachi: parts of speech (first level) that are not content words.
SUDACHI_DROP_POS = {"助詞", "助動詞", "補助記号", "空白"}
# SudachiPy refuses inputs over 49,149 bytes; chunks of this many characters stay well below
# (at most 3 UTF-8 bytes per character for everything Sudachi cares about).
SUDACHI_CHUNK_CHARS = 12000


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Vault and queries
# --------------------------------------------------------------------------------------------

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
TITLE_LINE = re.compile(r"^title:[ \t]*(.*?)[ \t]*$", re.M)
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)


def yaml_scalar(raw: str) -> str:
    """The value of a one-line YAML scalar, enough for `title:` lines."""
    if len(raw) >= 2 and raw[0] == '"' and raw[-1] == '"':
        try:
            return json.loads(raw)  # YAML double-quoted escapes are a superset of JSON's common ones
        except ValueError:
            return raw[1:-1]
    if len(raw) >= 2 and raw[0] == "'" and raw[-1] == "'":
        return raw[1:-1].replace("''", "'")
    return raw


def parse_doc(text: str, rel: str) -> tuple[str, str]:
    """(title, body): title from front matter, else the first heading, else the file name."""
    title = ""
    body = text
    m = FRONT_MATTER.match(text)
    if m:
        body = text[m.end():]
        t = TITLE_LINE.search(m.group(1))
        if t:
            title = yaml_scalar(t.group(1)).strip()
    if not title:
        h = HEADING.search(body)
        title = h.group(1).strip() if h else Path(rel).stem
    return title, body


def load_vault(root: Path) -> list[dict]:
    docs = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))  # .git, .hikitsugi
        for fn in sorted(filenames):
            if not fn.endswith(".md"):
                continue
            full = Path(dirpath) / fn
            rel = full.relative_to(root).as_posix()
            raw = full.read_bytes()
            text = raw.decode("utf-8", errors="replace")
            title, body = parse_doc(text, rel)
            docs.append({"path": rel, "title": title, "body": body, "bytes": len(raw)})
    docs.sort(key=lambda d: d["path"])
    return docs


def doc_key(path: str) -> str:
    """Judged paths are relative to the corpus root; in a make-large.sh vault, copy-N/x counts as x."""
    return COPY_PREFIX.sub("", path)


def load_queries(files: list[Path], keys: set[str]) -> list[dict]:
    queries = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
        if not lines or lines[0].split("\t")[:2] != ["query", "expected"]:
            sys.exit(f"compare.py: {f}: the first line must be the header 'query<TAB>expected'")
        for n, line in enumerate(lines[1:], start=2):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 2:
                log(f"warning: {f}:{n}: no expected column, line skipped")
                continue
            q = parts[0].strip()
            expected = [p.strip() for p in parts[1].split("|") if p.strip()]
            present = []
            for p in expected:
                if p in keys:
                    present.append(p)
                else:
                    log(f"warning: {f}:{n}: expected file not in the vault, ignored: {p}")
            if not present:
                log(f"warning: {f}:{n}: no expected file exists; {q!r} counts for latency only")
            queries.append({"query": q, "expected": present, "file": str(f)})
    if not queries:
        sys.exit("compare.py: no queries")
    return queries


# --------------------------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------------------------


def judge(hits: list[str], expected: list[str]) -> tuple[float, float, int | None]:
    """recall@10, reciprocal rank@10 and the rank of the first relevant hit (or None)."""
    keys = [doc_key(h) for h in hits[:TOP_K]]
    exp = set(expected)
    recall = len(exp.intersection(keys)) / len(exp)
    first = next((i + 1 for i, k in enumerate(keys) if k in exp), None)
    return recall, (1.0 / first if first else 0.0), first


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    k = (len(v) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def dir_bytes(path: Path) -> int:
    total = 0
    for dirpath, _, filenames in os.walk(path):
        for fn in filenames:
            try:
                total += os.lstat(os.path.join(dirpath, fn)).st_size
            except OSError:
                pass
    return total


# --------------------------------------------------------------------------------------------
# SQLite FTS5
# --------------------------------------------------------------------------------------------


def check_fts5() -> None:
    con = sqlite3.connect(":memory:")
    try:
        con.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    except sqlite3.OperationalError as e:
        sys.exit(f"compare.py: this Python's SQLite ({sqlite3.sqlite_version}) has no FTS5: {e}")
    try:
        con.execute("CREATE VIRTUAL TABLE t3 USING fts5(x, tokenize='trigram')")
    except sqlite3.OperationalError as e:
        sys.exit(
            f"compare.py: this Python's SQLite ({sqlite3.sqlite_version}) has FTS5 but no trigram "
            f"tokenizer (needs SQLite >= 3.34): {e}"
        )
    con.close()


def quote_fts(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def typed_terms(q: str) -> list[str]:
    return q.split()  # str.split() also splits on the ideographic space U+3000


def build_fts(db: Path, tokenize: str, rows) -> tuple[float, int]:
    """Creates the FTS5 table and loads rows (path, title, body). Returns (seconds, bytes)."""
    if db.exists():
        db.unlink()
    t0 = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute(f"CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, title, body, tokenize={tokenize!r})")
    con.execute("INSERT INTO docs(docs, rank) VALUES('rank', ?)", (f"bm25(0.0, {TITLE_WEIGHT}, 1.0)",))
    with con:
        con.executemany("INSERT INTO docs(path, title, body) VALUES (?, ?, ?)", rows)
    con.execute("INSERT INTO docs(docs) VALUES('optimize')")
    con.commit()
    con.close()
    return time.perf_counter() - t0, os.path.getsize(db)


SEARCH_SQL = (
    "SELECT path, title, snippet(docs, 2, '<mark>', '</mark>', '…', 12) "
    "FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?"
)


class Fts5Searcher:
    def __init__(self, db: Path, to_match):
        self.con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        self.to_match = to_match  # query string -> MATCH expression ("" = nothing to search)

    def search(self, q: str) -> tuple[list[str], float, str | None]:
        t0 = time.perf_counter()
        expr = self.to_match(q)
        if not expr:
            return [], (time.perf_counter() - t0) * 1000, "empty query after analysis"
        try:
            rows = self.con.execute(SEARCH_SQL, (expr, TOP_K)).fetchall()
            err = None
        except sqlite3.OperationalError as e:
            rows, err = [], f"{e} (MATCH {expr})"
        return [r[0] for r in rows], (time.perf_counter() - t0) * 1000, err


def typed_and(q: str) -> str:
    return " AND ".join(quote_fts(t) for t in typed_terms(q))


# --------------------------------------------------------------------------------------------
# Sudachi
# --------------------------------------------------------------------------------------------

_TOK = None


def _sudachi_init() -> None:
    global _TOK
    from sudachipy import Dictionary, SplitMode

    _TOK = Dictionary(dict="core").tokenizer(mode=SplitMode.C)


def _chunks(text: str):
    buf, size = [], 0
    for line in text.splitlines(keepends=True):
        while len(line) > SUDACHI_CHUNK_CHARS:  # one enormous line: cut it
            if buf:
                yield "".join(buf)
                buf, size = [], 0
            yield line[:SUDACHI_CHUNK_CHARS]
            line = line[SUDACHI_CHUNK_CHARS:]
        if size + len(line) > SUDACHI_CHUNK_CHARS and buf:
            yield "".join(buf)
            buf, size = [], 0
        buf.append(line)
        size += len(line)
    if buf:
        yield "".join(buf)


def sudachi_terms(text: str) -> list[str]:
    """Content words of text: mode C, normalized_form(), lowercased; particles, auxiliaries,
    symbols and whitespace dropped."""
    if _TOK is None:
        _sudachi_init()
    out = []
    for chunk in _chunks(text):
        for m in _TOK.tokenize(chunk):
            if m.part_of_speech()[0] in SUDACHI_DROP_POS:
                continue
            w = m.normalized_form().strip().lower()
            if w:
                out.append(w)
    return out


def _sudachi_job(text: str) -> tuple[str, float]:
    t0 = time.process_time()
    toks = " ".join(sudachi_terms(text))
    return toks, time.process_time() - t0


def sudachi_version() -> str:
    try:
        from importlib.metadata import version

        return f"sudachipy {version('sudachipy')}, sudachidict_core {version('sudachidict_core')}"
    except Exception:  # noqa: BLE001
        return "sudachipy (version unknown)"


class TokenCache:
    """text hash -> (tokens, CPU seconds it took). Shared by runs and by make-large.sh copies."""

    def __init__(self, path: Path | None, salt: str):
        self.salt = salt
        self.con = None
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.con = sqlite3.connect(path)
            self.con.execute("CREATE TABLE IF NOT EXISTS tok(key TEXT PRIMARY KEY, tokens TEXT, secs REAL)")

    def key(self, text: str) -> str:
        return hashlib.sha1((self.salt + "\0" + text).encode("utf-8")).hexdigest()

    def get_many(self, keys: list[str]) -> dict[str, tuple[str, float]]:
        if not self.con:
            return {}
        found = {}
        for i in range(0, len(keys), 500):
            part = keys[i:i + 500]
            q = "SELECT key, tokens, secs FROM tok WHERE key IN (%s)" % ",".join("?" * len(part))
            for k, t, s in self.con.execute(q, part):
                found[k] = (t, s)
        return found

    def put_many(self, items: list[tuple[str, str, float]]) -> None:
        if self.con:
            with self.con:
                self.con.executemany("INSERT OR REPLACE INTO tok VALUES (?, ?, ?)", items)


def sudachi_tokenize_all(texts: list[str], cache: TokenCache, jobs: int) -> tuple[list[str], dict]:
    keys = [cache.key(t) for t in texts]
    uniq = {}
    for k, t in zip(keys, texts):
        uniq.setdefault(k, t)
    have = cache.get_many(list(uniq))
    missing = [k for k in uniq if k not in have]
    log(f"  sudachi: {len(uniq)} distinct texts, {len(uniq) - len(missing)} from the token cache, "
        f"{len(missing)} to tokenize on {jobs} process(es)")
    t0 = time.perf_counter()
    if missing:
        new = []
        with ProcessPoolExecutor(max_workers=jobs, initializer=_sudachi_init) as ex:
            done = 0
            for k, (toks, secs) in zip(missing, ex.map(_sudachi_job, [uniq[k] for k in missing], chunksize=16)):
                have[k] = (toks, secs)
                new.append((k, toks, secs))
                done += 1
                if done % 1000 == 0:
                    log(f"    {done}/{len(missing)} tokenized")
        cache.put_many(new)
    wall = time.perf_counter() - t0
    # A real pipeline tokenizes every document, duplicates (make-large.sh copies) included.
    cpu = sum(have[k][1] for k in keys)
    stats = {"texts": len(keys), "distinct_texts": len(uniq), "cached": len(uniq) - len(missing),
             "tokenize_cpu_s": cpu, "tokenize_wall_s_this_run": wall, "jobs": jobs}
    return [have[k][0] for k in keys], stats


def sudachi_match(op: str):
    def to_match(q: str) -> str:
        terms = list(dict.fromkeys(sudachi_terms(q)))  # dedupe, keep order
        return f" {op} ".join(quote_fts(t) for t in terms)
    return to_match


# --------------------------------------------------------------------------------------------
# ripgrep
# --------------------------------------------------------------------------------------------


class RipgrepSearcher:
    """One `rg` process per query: fixed strings, case-insensitive, every term must occur in the
    file; files ranked by their total number of matches (ties by path)."""

    def __init__(self, rg: str, vault: Path):
        self.rg = rg
        self.vault = vault

    def search(self, q: str) -> tuple[list[str], float, str | None]:
        terms = typed_terms(q)
        cmd = [self.rg, "--no-config", "--fixed-strings", "--ignore-case", "--only-matching",
               "--null", "--no-line-number", "--with-filename", "--color=never", "--glob", "*.md"]
        for t in terms:
            cmd += ["-e", t]
        cmd += ["--", "."]
        t0 = time.perf_counter()
        p = subprocess.run(cmd, cwd=self.vault, stdin=subprocess.DEVNULL, capture_output=True, timeout=600)
        folded = {t.casefold(): i for i, t in enumerate(terms)}
        counts: dict[str, list[int]] = {}
        for line in p.stdout.decode("utf-8", errors="replace").splitlines():
            path, _, match = line.partition("\0")
            i = folded.get(match.casefold())
            if i is None:  # case folding that changes length etc.: attribute to the first term
                i = 0
            c = counts.setdefault(path, [0] * len(terms))
            c[i] += 1
        ranked = sorted(((sum(c), p_) for p_, c in counts.items() if all(c)), key=lambda x: (-x[0], x[1]))
        hits = [p_[2:] if p_.startswith("./") else p_ for _, p_ in ranked[:TOP_K]]
        ms = (time.perf_counter() - t0) * 1000
        err = None if p.returncode in (0, 1) else p.stderr.decode(errors="replace").strip()[:200]
        return hits, ms, err


# --------------------------------------------------------------------------------------------
# Hikitsugi (ours)
# --------------------------------------------------------------------------------------------


def copy_vault(src: Path, dst: Path) -> None:
    """Copies the .md files (with mtimes) so our index never lands in a shared corpus."""
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel = Path(dirpath).relative_to(src)
        for fn in filenames:
            if fn.endswith(".md"):
                (dst / rel).mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(dirpath) / fn, dst / rel / fn)


def run_hikitsugi(binary: str, vault: Path, queries: list[dict], repeat: int) -> dict:
    res: dict = {"notes": []}
    t0 = time.perf_counter()
    p = subprocess.run([binary, "--vault", str(vault), "index"], stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=3600)
    build = time.perf_counter() - t0
    if p.returncode != 0:
        res["notes"].append(f"`hikitsugi index` failed ({p.returncode}): {p.stderr.decode(errors='replace').strip()[:300]}")
        res["build_s"] = None
    else:
        res["build_s"] = build
        res["index_summary"] = (p.stdout + p.stderr).decode(errors="replace").strip().splitlines()[-1:]
    # The tantivy index lives in DIR/.hikitsugi/index; the rest of .hikitsugi/ (drafts, locks) is not index.
    index_dir = vault / ".hikitsugi" / "index"
    if index_dir.is_dir():
        res["index_bytes"] = dir_bytes(index_dir)
    elif (vault / ".hikitsugi").is_dir():
        res["index_bytes"] = dir_bytes(vault / ".hikitsugi")
        res["notes"].append("no .hikitsugi/index folder: index size is the whole .hikitsugi/ folder")
    else:
        res["index_bytes"] = None
    stdin = ("\n".join(q["query"] for q in queries) + "\n").encode("utf-8")
    cmd = [binary, "--vault", str(vault), "search", "--json", "--batch", "--limit", str(TOP_K)]
    walls, out = [], None
    for i in range(repeat + 1):  # first run: warm-up (and catches up the index if `index` failed)
        t0 = time.perf_counter()
        p = subprocess.run(cmd, input=stdin, capture_output=True, timeout=3600)
        wall = time.perf_counter() - t0
        if p.returncode != 0:
            res["notes"].append(f"`hikitsugi search --batch` failed ({p.returncode}): "
                                f"{p.stderr.decode(errors='replace').strip()[:300]}")
            res["failed"] = True
            return res
        if i > 0:
            walls.append(wall)
        out = p.stdout
    lines = [ln for ln in out.decode("utf-8", errors="replace").splitlines() if ln.strip()]
    results = []
    for i, q in enumerate(queries):
        hits, err = [], None
        if i < len(lines):
            try:
                obj = json.loads(lines[i])
                if obj.get("query") != q["query"]:
                    err = f"answer {i + 1} is for {obj.get('query')!r}"
                hits = [h["path"] for h in obj.get("hits", [])]
            except (ValueError, KeyError, TypeError) as e:
                err = f"bad JSON line: {e}"
        else:
            err = "no answer line"
        results.append((hits, err))
    if len(lines) != len(queries):
        res["notes"].append(f"{len(lines)} JSON lines for {len(queries)} queries")
    per_query_ms = statistics.median(walls) * 1000 / len(queries)
    res["batch_wall_s"] = walls
    res["results"] = [(h, per_query_ms, e) for h, e in results]
    return res


# --------------------------------------------------------------------------------------------
# Running and reporting
# --------------------------------------------------------------------------------------------


def timed_queries(searcher, queries: list[dict], repeat: int, label: str) -> list[tuple[list[str], list[float], str | None]]:
    """One warm-up pass, then `repeat` timed passes. Returns (hits, latencies ms, error) per query."""
    out = []
    n = len(queries)
    for q in queries:  # warm-up
        searcher.search(q["query"])
    lat = [[] for _ in range(n)]
    hits = [None] * n
    errs = [None] * n
    for r in range(repeat):
        for i, q in enumerate(queries):
            h, ms, err = searcher.search(q["query"])
            lat[i].append(ms)
            hits[i], errs[i] = h, err
        log(f"  {label}: pass {r + 1}/{repeat} done")
    for i in range(n):
        out.append((hits[i], lat[i], errs[i]))
    return out


def summarize(name: str, build_s, index_bytes, md_bytes: int, per_query, queries, notes,
              latency_kind: str = "in-process") -> dict:
    lat_all = [ms for _, lats, _ in per_query for ms in lats]
    judged = [(q, pq) for q, pq in zip(queries, per_query) if q["expected"]]
    recalls, rrs, found, zero = [], [], 0, 0
    details = []
    for q, (hits, lats, err) in zip(queries, per_query):
        rec = rr = first = None
        if q["expected"]:
            rec, rr, first = judge(hits, q["expected"])
            recalls.append(rec)
            rrs.append(rr)
            found += first is not None
        zero += not hits
        details.append({"query": q["query"], "file": q["file"], "expected": q["expected"], "hits": hits,
                        "first_relevant_rank": first, "recall": rec, "rr": rr,
                        "latency_ms": lats, "error": err})
    return {
        "system": name,
        "build_s": build_s,
        "index_bytes": index_bytes,
        "index_ratio": (index_bytes / md_bytes) if index_bytes is not None else None,
        "latency_kind": latency_kind,
        "p50_ms": percentile(lat_all, 50),
        "p95_ms": percentile(lat_all, 95),
        "recall_at_10": statistics.fmean(recalls) if recalls else None,
        "mrr_at_10": statistics.fmean(rrs) if rrs else None,
        "found_at_10": found / len(judged) if judged else None,
        "zero_result_queries": zero,
        "judged_queries": len(judged),
        "errors": sum(1 for d in details if d["error"]),
        "notes": notes,
        "queries": details,
    }


def fmt_bytes(n) -> str:
    if n is None:
        return "n/a"
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def fmt(v, spec: str, na: str = "n/a") -> str:
    return na if v is None or v != v else format(v, spec)


def fmt_ms(v) -> str:
    return fmt(v, ".2f" if v is not None and v < 10 else ".1f")


def report(meta: dict, systems: list[dict], skipped: list[str], per_query: bool) -> str:
    out = []
    out.append(f"## Search baselines: {meta['vault']}")
    out.append("")
    out.append(f"{meta['files']} Markdown files, {fmt_bytes(meta['md_bytes'])} ({meta['md_bytes']} bytes); "
               f"{meta['queries']} queries ({meta['judged']} judged) from {', '.join(meta['query_files'])}; "
               f"{meta['repeat']} timed pass(es) after one warm-up. {meta['machine']}.")
    out.append("")
    out.append("| system | build (s) | index size | index / Markdown | p50 (ms) | p95 (ms) | recall@10 | MRR@10 | found@10 | no results |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in systems:
        le = "≤ " if s["latency_kind"] == "batch-average" else ""
        size = "0 (no index)" if s["index_bytes"] == 0 else fmt_bytes(s["index_bytes"])
        ratio = "0" if s["index_bytes"] == 0 else fmt(s["index_ratio"], ".2f")
        out.append(
            f"| {s['system']} | {fmt(s['build_s'], '.1f', '–')} | {size} | {ratio} | "
            f"{le}{fmt_ms(s['p50_ms'])} | {le}{fmt_ms(s['p95_ms'])} | "
            f"{fmt(s['recall_at_10'], '.3f')} | {fmt(s['mrr_at_10'], '.3f')} | {fmt(s['found_at_10'], '.3f')} | "
            f"{s['zero_result_queries']}/{len(s['queries'])} |"
        )
    out.append("")
    out.append("- recall@10: share of a query's expected files in the top 10, averaged over judged queries; "
               "MRR@10: mean of 1/rank of the first expected file (0 if none in the top 10); "
               "found@10: share of queries with at least one expected file in the top 10.")
    out.append("- FTS5 latency is measured in process: building the MATCH expression (for Sudachi: "
               "tokenizing the query), running it and fetching the top 10 with a snippet. ripgrep latency is "
               "the wall time of one `rg` process per query.")
    if any(s["latency_kind"] == "batch-average" for s in systems):
        out.append("- hikitsugi latency (≤) is the wall time of one `search --batch` process divided by the "
                   "number of queries: an upper bound that includes process start and opening the index; "
                   "the Rust benchmark measures per-query latency in process.")
    sud = {s["system"]: s for s in systems if s["system"].startswith("fts5-sudachi-")}
    if len(sud) == 2 and all(s["mrr_at_10"] is not None for s in sud.values()):
        best = max(sud.values(), key=lambda s: (s["mrr_at_10"], s["recall_at_10"]))
        out.append(f"- Sudachi baseline: {best['system']} works better on these queries (higher MRR@10); "
                   f"the other variant is shown for reference.")
    judged_idx = [i for i, d in enumerate(systems[0]["queries"]) if d["expected"]] if systems else []
    if len(systems) > 1 and judged_idx:
        none = [systems[0]["queries"][i]["query"] for i in judged_idx
                if all(s["queries"][i]["first_relevant_rank"] is None for s in systems)]
        every = [systems[0]["queries"][i]["query"] for i in judged_idx
                 if all(s["queries"][i]["first_relevant_rank"] is not None for s in systems)]
        out.append(f"- judged set check: {len(every)} of {len(judged_idx)} queries are answered (an expected file "
                   f"in the top 10) by every system, {len(none)} by none"
                   + (f" ({', '.join(none)})" if none else "") + ".")
    for s in systems:
        for n in s["notes"]:
            out.append(f"- {s['system']}: {n}")
    for n in skipped:
        out.append(f"- {n}")
    if len(meta["query_files"]) > 1:
        out.append("")
        out.append("| system | query file | recall@10 | MRR@10 | found@10 |")
        out.append("|---|---|---:|---:|---:|")
        for s in systems:
            for f in meta["query_files"]:
                ds = [d for d in s["queries"] if d["file"] == f and d["expected"]]
                if ds:
                    out.append(f"| {s['system']} | {f} | {statistics.fmean(d['recall'] for d in ds):.3f} | "
                               f"{statistics.fmean(d['rr'] for d in ds):.3f} | "
                               f"{sum(d['first_relevant_rank'] is not None for d in ds) / len(ds):.3f} |")
    if per_query and systems:
        out.append("")
        out.append("Rank of the first expected file per query (– = not in the top 10, 0 = no results at all, "
                   "n/j = no expected file in this vault):")
        out.append("")
        out.append("| query | " + " | ".join(s["system"] for s in systems) + " |")
        out.append("|---|" + "---:|" * len(systems))
        for i, q in enumerate(systems[0]["queries"]):
            cells = []
            for s in systems:
                d = s["queries"][i]
                if not d["expected"]:
                    cells.append("n/j")
                elif not d["hits"]:
                    cells.append("0")
                elif d["first_relevant_rank"] is None:
                    cells.append("–")
                else:
                    cells.append(str(d["first_relevant_rank"]))
            out.append(f"| {q['query']} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def tool_version(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, timeout=30).stdout.decode().splitlines()[0].strip()
    except Exception:  # noqa: BLE001
        return "unknown"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vault", required=True, type=Path, help="folder of .md files")
    ap.add_argument("--queries", required=True, type=Path, nargs="+", help="judged TSV file(s)")
    ap.add_argument("--hikitsugi", help="path to the hikitsugi CLI binary (skipped with a note if missing)")
    ap.add_argument("--hikitsugi-in-place", action="store_true",
                    help="index the vault itself (writes VAULT/.hikitsugi) instead of a temporary copy")
    ap.add_argument("--json", type=Path, help="write the raw numbers here")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes over the queries (default 3)")
    ap.add_argument("--systems", default="trigram,unicode61,sudachi,ripgrep,hikitsugi",
                    help="comma-separated subset of: trigram, unicode61, sudachi, ripgrep, hikitsugi")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                    help="processes for Sudachi tokenization of the documents")
    ap.add_argument("--cache-dir", type=Path,
                    default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "hikitsugi-bench",
                    help="where Sudachi token caches live")
    ap.add_argument("--no-cache", action="store_true", help="tokenize everything again, keep no cache")
    ap.add_argument("--workdir", type=Path, help="keep the databases here instead of a temp dir")
    ap.add_argument("--per-query", action="store_true", help="also print the rank of the first hit per query")
    args = ap.parse_args()

    wanted = {s.strip() for s in args.systems.split(",") if s.strip()}
    vault = args.vault.resolve()
    if not vault.is_dir():
        sys.exit(f"compare.py: --vault {vault} is not a directory")
    check_fts5()

    log(f"loading {vault} ...")
    t0 = time.perf_counter()
    docs = load_vault(vault)
    if not docs:
        sys.exit(f"compare.py: no .md files under {vault}")
    md_bytes = sum(d["bytes"] for d in docs)
    log(f"  {len(docs)} files, {md_bytes} bytes in {time.perf_counter() - t0:.1f} s")
    keys = {doc_key(d["path"]) for d in docs}
    queries = load_queries(args.queries, keys)
    judged = sum(1 for q in queries if q["expected"])
    log(f"  {len(queries)} queries, {judged} judged")

    tmp = Path(tempfile.mkdtemp(prefix="hikitsugi-baselines-")) if not args.workdir else args.workdir
    tmp.mkdir(parents=True, exist_ok=True)
    systems, skipped = [], []
    rows = [(d["path"], d["title"], d["body"]) for d in docs]
    try:
        for name, tokenize in (("trigram", "trigram"), ("unicode61", "unicode61")):
            if name not in wanted:
                continue
            log(f"fts5-{name}: building ...")
            db = tmp / f"fts5-{name}.sqlite"
            secs, size = build_fts(db, tokenize, rows)
            log(f"  built in {secs:.1f} s, {size} bytes")
            res = timed_queries(Fts5Searcher(db, typed_and), queries, args.repeat, f"fts5-{name}")
            notes = []
            if name == "trigram":
                short = sum(1 for q in queries if any(len(t) < 3 for t in typed_terms(q["query"])))
                notes.append(f"{short} queries have a term shorter than 3 characters, which the trigram "
                             f"tokenizer cannot match, so they return nothing (terms are MATCHed as typed, quoted).")
            systems.append(summarize(f"fts5-{name}", secs, size, md_bytes, res, queries, notes))

        if "sudachi" in wanted:
            try:
                import sudachipy  # noqa: F401
                import sudachidict_core  # noqa: F401
            except ImportError as e:
                skipped.append(f"fts5-sudachi skipped: {e} (pip install -r requirements.txt)")
            else:
                log("fts5-sudachi: tokenizing the documents ...")
                ver = sudachi_version()
                cache = TokenCache(None if args.no_cache else args.cache_dir / "sudachi-tokens.sqlite",
                                   salt=f"{ver}|C|normalized|{sorted(SUDACHI_DROP_POS)}")
                texts = [d["title"] for d in docs] + [d["body"] for d in docs]
                toks, tstats = sudachi_tokenize_all(texts, cache, max(1, args.jobs))
                n = len(docs)
                srows = [(d["path"], toks[i], toks[n + i]) for i, d in enumerate(docs)]
                db = tmp / "fts5-sudachi.sqlite"
                secs, size = build_fts(db, "unicode61", srows)
                build = secs + tstats["tokenize_cpu_s"]
                log(f"  tokenize {tstats['tokenize_cpu_s']:.1f} s CPU + FTS5 load {secs:.1f} s, {size} bytes")
                note = (f"build = Sudachi tokenization of all {tstats['texts']} titles and bodies "
                        f"({tstats['tokenize_cpu_s']:.1f} s of CPU on one core, as recorded per text in the token "
                        f"cache; {tstats['cached']} of {tstats['distinct_texts']} distinct texts came from the cache "
                        f"this run) + FTS5 load ({secs:.1f} s); {ver}.")
                for op in ("OR", "AND"):
                    label = f"fts5-sudachi-{op.lower()}"
                    res = timed_queries(Fts5Searcher(db, sudachi_match(op)), queries, args.repeat, label)
                    notes = [note] if op == "OR" else ["same index as fts5-sudachi-or; all query content words required."]
                    systems.append(summarize(label, build, size, md_bytes, res, queries, notes))

        if "ripgrep" in wanted:
            rg = shutil.which("rg")
            if not rg:
                skipped.append("ripgrep skipped: `rg` not found (apt-get install ripgrep)")
            else:
                log("ripgrep: searching ...")
                res = timed_queries(RipgrepSearcher(rg, vault), queries, args.repeat, "ripgrep")
                systems.append(summarize("ripgrep", 0.0, 0, md_bytes, res, queries,
                                         [f"{tool_version([rg, '--version'])}; one process per query."],
                                         latency_kind="process"))

        if "hikitsugi" in wanted:
            binary = args.hikitsugi
            if not binary:
                skipped.append("hikitsugi skipped: no --hikitsugi PATH given.")
            elif not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
                skipped.append(f"hikitsugi skipped: {binary} does not exist or is not executable (build it with "
                               f"`cargo build --release`).")
            else:
                if args.hikitsugi_in_place:
                    hv = vault
                else:
                    hv = tmp / "hikitsugi-vault"
                    if hv.exists():
                        shutil.rmtree(hv)
                    log(f"hikitsugi: copying the vault to {hv} ...")
                    copy_vault(vault, hv)
                log("hikitsugi: index + batch search ...")
                r = run_hikitsugi(binary, hv, queries, args.repeat)
                if r.get("failed"):
                    skipped.extend(f"hikitsugi skipped: {n}" for n in r["notes"])
                else:
                    res = [(h, [ms], e) for h, ms, e in r["results"]]
                    notes = list(r["notes"])
                    if r.get("index_summary"):
                        notes.append(f"`hikitsugi index` said: {r['index_summary'][0]}")
                    s = summarize("hikitsugi", r["build_s"], r["index_bytes"], md_bytes, res, queries, notes,
                                  latency_kind="batch-average")
                    s["batch_wall_s"] = r["batch_wall_s"]
                    systems.append(s)
    finally:
        if not args.workdir:
            shutil.rmtree(tmp, ignore_errors=True)

    meta = {
        "vault": str(args.vault),
        "files": len(docs),
        "md_bytes": md_bytes,
        "queries": len(queries),
        "judged": judged,
        "query_files": [str(f) for f in args.queries],
        "repeat": args.repeat,
        "machine": f"{os.cpu_count()} CPU(s), Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}",
        "top_k": TOP_K,
        "title_weight": TITLE_WEIGHT,
    }
    text = report(meta, systems, skipped, args.per_query)
    sys.stdout.write(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"meta": meta, "systems": systems, "skipped": skipped}, fh, ensure_ascii=False, indent=1)
        log(f"raw numbers written to {args.json}")


if __name__ == "__main__":
    main()
