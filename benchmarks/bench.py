"""Essaim benchmark: validation, build, rebuild in `serve`, memory, sizes, search.

Run with `make bench` (or `python -m benchmarks.bench --tailles 500,2000,5000`). For each
size N it generates N valid synthetic resources in a temporary copy of the project, then
measures, and prints one table. Figures, not pass/fail: the goals are printed beside them.

Goals at N = 5,000 (issue « Tenir ») : validation ≤ 1.0 s ; full build ≤ 30 s and
≤ 1.3 × plain Material ; t(5000)/t(500) ≤ 11 ; ≤ 40 KB of HTML per resource page ; a
one-file edit visible in `make serve` ≤ 3 s ; peak memory ≤ 1 GB ; search (issue
« Trouver ») ≤ 300 KB downloaded before the first results and ≤ 100 ms from typing to
results.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from benchmarks.synthetic import generate, make_project
from essaim.catalog import load
from essaim.catalog.check_cache import CheckCache
from essaim.catalog.load import load_catalog

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
CHROMIUM = "/usr/bin/chromium"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mesures de performance d'Essaim.")
    parser.add_argument(
        "--tailles", default="500,2000,5000", help="nombres de ressources, séparés par des virgules"
    )
    parser.add_argument(
        "--sans-reference", action="store_true", help="ne pas construire la référence Material"
    )
    parser.add_argument(
        "--sans-serve", action="store_true", help="ne pas mesurer la reconstruction de « serve »"
    )
    parser.add_argument(
        "--sans-navigateur", action="store_true", help="ne pas mesurer la recherche dans Chromium"
    )
    parser.add_argument(
        "--validation-seule",
        action="store_true",
        help="ne mesurer que la validation et `essaim check` (sans construire le site)",
    )
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.tailles.split(",")]
    rows = []
    for n in sizes:
        print(f"… {n} ressources", file=sys.stderr, flush=True)
        rows.append(measure(n, args))
    print_table(rows)
    return 0


def measure(n: int, args) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"essaim-bench-{n}-") as tmp:
        project = make_project(Path(tmp) / "projet", ROOT)
        generate(project, n)
        row: dict = {"n": n}
        row["validation_s"] = best_of(3, lambda: load_catalog(project), setup=forget_checks)
        row["validation_warm_s"] = warm_validation(project)
        row.update(check_figures(project))
        if args.validation_seule:
            return row
        site = Path(tmp) / "site"
        row["build_s"], row["build_mb"] = timed_process(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], project
        )
        row.update(site_sizes(site, n))
        row["scan_s"] = scan_time(project, site)
        if not args.sans_reference:
            row["reference_s"] = reference_build(project, Path(tmp))
        if not args.sans_serve:
            row["serve_edit_s"] = serve_edit_latency(project)
        if not args.sans_navigateur and Path(CHROMIUM).exists():
            row.update(search_figures(site))
        return row


def scan_time(project: Path, site: Path) -> float:
    """The build's last scan (essaim/publish/tripwire.py) over the whole built site, once,
    on one core: the time it adds at most (the build reads each page as it renders it, on
    both of its processes, and the other files at the end)."""
    from mkdocs.config import load_config

    from essaim.pages.catalogue import SEARCH_SRC
    from essaim.publish import tripwire
    from essaim.urls import url_of

    config = load_config(str(project / "mkdocs.yml"))
    allow = tripwire.allowlist_for(
        config.theme.dirs, config.extra_javascript, config.site_url or "", [url_of(SEARCH_SRC)]
    )
    started = time.perf_counter()
    findings = tripwire.scan_site(site, allow)
    seconds = time.perf_counter() - started
    assert findings == [], findings[:5]
    return seconds


def forget_checks() -> None:
    """Validation then runs as in a fresh `essaim check`: no file or reference data cached."""
    load.forget_cached_checks()


def warm_validation(project: Path) -> float:
    """load_catalog with the check cache of `essaim check` filled (nothing changed): best
    of 3, the cache opened (read and verified) inside the timing."""
    first = CheckCache.open(project)
    if first is None:
        return float("nan")
    load_catalog(project, cache=first)
    first.save()
    return best_of(3, lambda: load_catalog(project, cache=CheckCache.open(project)), forget_checks)


def best_of(times: int, action, setup=lambda: None) -> float:
    """Best wall time of action(); setup() and freeing the result are not timed."""
    best = float("inf")
    for _ in range(times):
        setup()
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
        del result
    return best


def check_figures(project: Path) -> dict:
    """`essaim check` cold (no cache: the first run, or after a change of code, schema or
    vocabulary; it writes the cache), warm (nothing changed since the last run) and after
    one resource was edited (the usual run of a contributor)."""
    cache = project / ".cache" / "essaim"
    row: dict = {}
    row["check_s"], row["check_cpu_s"] = check_times(
        project, setup=lambda: shutil.rmtree(cache, ignore_errors=True)
    )
    row["check_warm_s"], row["check_warm_cpu_s"] = check_times(project)
    edited = sorted((project / "resources").rglob("*.md"))[0]
    original = edited.read_text(encoding="utf-8")
    runs = iter(range(1000))

    def edit() -> None:
        edited.write_text(f"{original}\nModification n° {next(runs)}.\n", encoding="utf-8")

    row["check_edit_s"], row["check_edit_cpu_s"] = check_times(project, setup=edit)
    edited.write_text(original, encoding="utf-8")
    if shutil.which("git"):
        row["check_since_s"], row["check_since_cpu_s"] = check_since_times(project, edit)
        edited.write_text(original, encoding="utf-8")
    return row


def check_since_times(project: Path, edit) -> tuple[float, float]:
    """`essaim check --depuis` as the « Vérifier » workflow runs it on a pull request: one
    resource edited since the last commit, no cache (only that file is read; the rules
    between files run on everything)."""
    git = ["git", "-c", "user.name=banc", "-c", "user.email=banc@essaim.invalid"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "banc"]):
        subprocess.run([*git, *command], cwd=project, check=True, capture_output=True)
    edit()
    return check_times(project, extra=["--depuis", "HEAD"])


def check_times(
    project: Path, times: int = 3, setup=lambda: None, extra: list[str] | None = None
) -> tuple[float, float]:
    """`essaim check` as a contributor runs it (a new process: imports, validation, the
    readability report, output): best wall time, and best processor time (user + system,
    which a busy machine inflates less). setup() runs before each, untimed; extra: more
    arguments."""
    command = [sys.executable, "-m", "essaim.cli", "--racine", str(project), "check"]
    command += extra or []
    best_wall = best_cpu = float("inf")
    subprocess.run(command, cwd=project, env=ENV, capture_output=True)  # a cache to start from
    for _ in range(times):
        setup()
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        best_wall = min(best_wall, time.perf_counter() - started)
        best_cpu = min(best_cpu, usage.ru_utime + usage.ru_stime)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"échec de {' '.join(command)}")
    return best_wall, best_cpu


def timed_process(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and peak memory (MB, the largest process of the tree) of a command."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(
            f"échec de {' '.join(command)} :\n{output.decode(errors='replace')[-3000:]}"
        )
    return elapsed, usage.ru_maxrss / 1024


def site_sizes(site: Path, n: int) -> dict:
    pages = list((site / "ressources").glob("*/index.html"))
    sizes = [p.stat().st_size for p in pages]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {
        "pages": len(pages),
        "html_kb_mean": sum(sizes) / len(sizes) / 1024,
        "html_kb_max": max(sizes) / 1024,
        "site_mb": total / 1024 / 1024,
    }


def reference_build(project: Path, tmp: Path) -> float:
    """The same pages built by plain Material: no hooks, pages out of nav, its own search."""
    docs = tmp / "reference" / "docs"
    subprocess.run(
        [sys.executable, "-m", "essaim.cli", "--racine", str(project), "pages", str(docs)],
        check=True,
        env=ENV,
        capture_output=True,
    )
    shutil.copytree(project / "docs", docs, dirs_exist_ok=True)
    for page in docs.rglob("*.md"):  # the hand-written pages' markers are ours, not Material's
        page.write_text(
            re.sub(r"<!--\s*essaim:[a-z]+\s*-->", "", page.read_text(encoding="utf-8")),
            encoding="utf-8",
        )
    config = tmp / "reference" / "mkdocs.yml"
    config.write_text(
        "site_name: Référence\ntheme:\n  name: material\n  language: fr\n  font: false\n"
        "not_in_nav: |\n  /ressources/*.md\n  /types/*.md\n  /niveaux/*.md\n  /themes/*.md\n"
        "  /producteurs/*.md\n  /territoires/*.md\nnav:\n  - index.md\n",
        encoding="utf-8",
    )
    elapsed, _ = timed_process(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp / "reference" / "site")],
        config.parent,
    )
    return elapsed


def serve_edit_latency(project: Path) -> float:
    """Seconds from saving an edited resource to the new title being served by `mkdocs serve`."""
    port = free_port()
    env = {**ENV, "ESSAIM_PREVIEW": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--dirty",  # as `make serve` runs it
            "--livereload",
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for_line(process, "Serving on", timeout=900)
        target = sorted((project / "resources").rglob("*.md"))[0]
        url = f"http://127.0.0.1:{port}/ressources/{target.stem}/"
        marker = f"Titre modifié {time.time_ns()}"
        text = target.read_text(encoding="utf-8")
        edited = re.sub(r"^titre: .*$", f"titre: {marker}", text, count=1, flags=re.M)
        time.sleep(1.0)  # let the watcher settle after the first build
        started = time.perf_counter()
        target.write_text(edited, encoding="utf-8")
        while time.perf_counter() - started < 900:
            with contextlib.suppress(OSError):
                if marker in urllib.request.urlopen(url, timeout=5).read().decode(
                    "utf-8", "replace"
                ):
                    return time.perf_counter() - started
            time.sleep(0.05)
        return float("nan")
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)


def wait_for_line(process: subprocess.Popen, needle: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            raise SystemExit("mkdocs serve s'est arrêté")
        if needle in line:
            threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
            return
    raise SystemExit("mkdocs serve n'a pas démarré à temps")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def search_figures(site: Path) -> dict:
    """Bytes downloaded before the first results and time from typing to results."""
    from playwright.sync_api import sync_playwright

    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
    ]
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        page = browser.new_page()
        loaded: dict[str, int] = {}
        # Bytes as served (the test server sends files uncompressed, a real host gzips).
        page.on(
            "response",
            lambda r: loaded.__setitem__(r.url, int(r.headers.get("content-length", 0) or 0)),
        )
        ready = "document.getElementById('essaim-catalogue')?.dataset.pret === 'oui'"
        form = "document.getElementById('essaim-catalogue')"
        count = f"Number({form}.dataset.recherches || 0)"
        page.goto(f"{base}/catalogue/")
        page.wait_for_function(ready)
        # Cold: from opening the page to the first results of a first query. The catalogue
        # searches at once on a keystroke: there is no waiting time to subtract.
        started = time.perf_counter()
        page.fill("#essaim-q", "convention")
        page.wait_for_function(f"{count} >= 1", polling=5)
        cold_ms = (time.perf_counter() - started) * 1000
        first_bytes = sum(loaded.values())
        first_gzip = sum(_transfer_size(site, url, base) for url in loaded)
        search_first = sum(size for url, size in loaded.items() if "/recherche/" in url)
        timings, in_page, warm = [], [], []
        done = 1
        # Each word a first time (its files downloaded), then again: its files are then in
        # the page's memory, and what is left is the page's own work (computing, showing),
        # which a loaded machine slows down but a slow network does not.
        for first_time in (True, False):
            for word in SEARCH_WORDS:
                done += 1
                started = time.perf_counter()
                page.fill("#essaim-q", word)
                page.wait_for_function(f"{count} >= {done}", polling=5)
                # as the page measured it: from the keystroke to the cards shown
                measured = float(page.evaluate(f"{form}.dataset.duree"))
                if first_time:
                    timings.append((time.perf_counter() - started) * 1000)
                    in_page.append(measured)
                else:
                    warm.append(measured)
        browser.close()
    return {
        "search_kb_first": first_gzip / 1024,
        "search_kb_first_raw": first_bytes / 1024,
        "search_index_kb": search_first / 1024,
        "search_ms_cold": cold_ms,
        "search_ms_median": _median(timings),
        "search_ms_in_page": _median(in_page),
        "search_ms_warm": _median(warm),
        "load_average": os.getloadavg()[0],
    }


# Words typed one after the other in the catalogue, each replacing the previous one: common
# words of the synthetic resources, each matching most of them (a worst case).
SEARCH_WORDS = ("benevoles", "budget", "territoire", "cooperation", "locaux")


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


@contextlib.contextmanager
def serve(site: Path):
    """The built site served on a free local port; yields its base URL."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def _transfer_size(site: Path, url: str, base: str) -> int:
    """Bytes a web host compressing with gzip would send for this file (as GitHub Pages does)."""
    relative = url.removeprefix(base).split("?")[0].lstrip("/")
    path = site / relative
    if path.is_dir() or relative.endswith("/") or not relative:
        path = path / "index.html"
    if not path.is_file():
        return 0
    data = path.read_bytes()
    return min(len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def print_table(rows: list[dict]) -> None:
    columns = [
        ("n", "ressources", "{:.0f}", ""),
        ("validation_s", "validation (s)", "{:.2f}", "≤ 1,0 à 5 000"),
        ("validation_warm_s", "… avec le cache d'`essaim check` (s)", "{:.2f}", ""),
        ("check_s", "`essaim check` à froid, nouveau processus (s)", "{:.2f}", "≤ 1,0 à 5 000"),
        ("check_cpu_s", "… temps processeur (s)", "{:.2f}", ""),
        ("check_warm_s", "`essaim check` à chaud, rien de modifié (s)", "{:.2f}", "≤ 1,0 à 5 000"),
        ("check_warm_cpu_s", "… temps processeur (s)", "{:.2f}", ""),
        (
            "check_edit_s",
            "`essaim check` à chaud, une fiche modifiée (s)",
            "{:.2f}",
            "≤ 1,0 à 5 000",
        ),
        ("check_edit_cpu_s", "… temps processeur (s)", "{:.2f}", ""),
        (
            "check_since_s",
            "`essaim check --depuis`, une fiche modifiée, sans cache (s)",
            "{:.2f}",
            "",
        ),
        ("check_since_cpu_s", "… temps processeur (s)", "{:.2f}", ""),
        ("build_s", "construction (s)", "{:.1f}", "≤ 30 à 5 000"),
        ("scan_s", "relecture de tout le site, un cœur (s)", "{:.2f}", ""),
        ("reference_s", "Material seul (s)", "{:.1f}", ""),
        ("ratio", "rapport", "{:.2f}", "≤ 1,3"),
        ("serve_edit_s", "modif. visible (s)", "{:.1f}", "≤ 3"),
        ("build_mb", "mémoire max (Mo)", "{:.0f}", "≤ 1 024"),
        ("site_mb", "site (Mo)", "{:.0f}", ""),
        ("html_kb_mean", "HTML/fiche moy. (Ko)", "{:.1f}", "≤ 40"),
        ("html_kb_max", "HTML/fiche max (Ko)", "{:.1f}", ""),
        ("search_kb_first", "Ko avant 1ers résultats (gzip)", "{:.0f}", "≤ 300"),
        ("search_kb_first_raw", "Ko avant 1ers résultats (bruts)", "{:.0f}", ""),
        ("search_index_kb", "dont index de recherche (Ko, bruts)", "{:.0f}", ""),
        ("search_ms_cold", "1re recherche (ms)", "{:.0f}", ""),
        ("search_ms_median", "frappe → résultats, vu de Playwright (ms)", "{:.0f}", "≤ 100"),
        ("search_ms_in_page", "… mesuré dans la page (ms)", "{:.0f}", "≤ 100"),
        ("search_ms_warm", "… fichiers déjà chargés, dans la page (ms)", "{:.0f}", ""),
        ("load_average", "charge de la machine (moyenne sur 1 min)", "{:.1f}", ""),
    ]
    for row in rows:
        if "reference_s" in row:
            row["ratio"] = row["build_s"] / row["reference_s"]
    print("| mesure | " + " | ".join(str(r["n"]) for r in rows) + " | objectif |")
    print("|---|" + "---|" * len(rows) + "---|")
    for key, label, fmt, goal in columns[1:]:
        if not any(key in r for r in rows):
            continue  # not measured this time (--validation-seule, --sans-…)
        values = [fmt.format(r[key]) if key in r else "—" for r in rows]
        print(f"| {label} | " + " | ".join(values) + f" | {goal} |")
    if len(rows) >= 2 and all("build_s" in row for row in rows):
        small, large = rows[0], rows[-1]
        print(
            f"\nt({large['n']}) / t({small['n']}) = {large['build_s'] / small['build_s']:.1f} "
            f"(croissance linéaire : {large['n'] / small['n']:.0f} ; objectif ≤ 11 pour 5 000 / 500)"
        )


if __name__ == "__main__":
    sys.exit(main())
