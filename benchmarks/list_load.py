#!/usr/bin/env python3
"""Lists, search and API lists against a database that site_load.py kept: SQL per request, the plan of every
query (EXPLAIN ANALYZE), then requests/s, p50 and p95 under load, uncached. Tells whether the lists stay flat in
the archive's size (run it on a 2,000- and a 100,000-news database and compare). See benchmarks/README.md.

    .venv/bin/python benchmarks/list_load.py --database-url postgres://root@127.0.0.1:5432/portal_100k_bench \
        --explain-dir /tmp/plans
"""
import argparse
import base64
import json
import os
import re
import secrets
import sys
import tempfile
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import site_load  # noqa: E402  (the gunicorn, wrk and database helpers of the site benchmark)

QUERY = site_load.SEARCH_QUERY
# Plan nodes that read a whole table or sort every row: what a list that is flat in N must not have.
BIG_TABLE_ROWS = 20_000


def targets() -> list[tuple[str, str]]:
    """The news lists with each filter and at their deepest page, search, the API lists (first page, deep offset,
    deep cursor), RSS and the other modules' list pages found in this database."""
    from django.conf import settings
    from wagtail.models import Page

    from home import selectors
    from home.models import NewsCategory, NewsIndexPage, NewsPage
    from home.models.news import NewsPageTag

    index = NewsIndexPage.objects.live().first()
    url = index.url
    total = selectors.filter_news(selectors.news_queryset(), index=index).count()
    last_page = min(-(-total // settings.NEWS_PER_PAGE), settings.LIST_MAX_PAGES)
    oldest = NewsPage.objects.live().order_by("date").first()
    category = NewsCategory.objects.order_by("pk").first()
    tag = NewsPageTag.objects.select_related("tag").order_by("pk").first()
    q = urllib.parse.quote(QUERY)
    # A cursor in the middle of the archive: where an offset would walk past half the table.
    middle = selectors.news_queryset().order_by("-date", "-pk")[total // 2]
    cursor = base64.urlsafe_b64encode(json.dumps([middle.date.isoformat(), middle.pk]).encode()).decode().rstrip("=")
    found = [
        ("news index", url),
        ("news index, last page", f"{url}?page={last_page}"),
        ("news, oldest year", f"{url}?year={oldest.date.year}"),
        ("news, oldest month", f"{url}?month={oldest.date:%Y-%m}"),
        ("news, category", f"{url}?category={category.slug}" if category else None),
        ("news, tag", f"{url}?tag={urllib.parse.quote(tag.tag.slug)}" if tag else None),
        ("RSS", f"{url}rss/"),
        (f"search «{QUERY}»", f"/poshuk/?q={q}"),
        (f"search «{QUERY}», news", f"/poshuk/?q={q}&type=news"),
        ("API news", "/api/v3/home/news/?limit=20"),
        ("API news, offset 2000", "/api/v3/home/news/?limit=20&offset=2000"),
        ("API news, cursor middle", f"/api/v3/home/news/?limit=20&cursor={cursor}"),
        ("API news, category", f"/api/v3/home/news/?limit=20&category={category.slug}" if category else None),
        ("API search", f"/api/v3/home/search/?q={q}"),
    ]
    for label, model in (("sessions", "council.sessionindexpage"), ("decisions", "council.decisionindexpage"),
                         ("drafts", "council.draftdecisionindexpage"), ("petitions", "petitions.petitionindexpage"),
                         ("consultations", "consultations.consultationindexpage"),
                         ("regulatory acts", "regulatory.regulatoryactindexpage"),
                         ("budget", "budget.budgetindexpage"), ("budget projects", "budget.budgetcampaignpage"),
                         ("directory", "directory.directorypage")):
        app_label, name = model.split(".")
        page = Page.objects.live().filter(content_type__app_label=app_label, content_type__model=name).first()
        found.append((label, page.url if page else None))
    found += [("API petitions", "/api/v3/petitions/?limit=20"),
              ("API decisions", "/api/v3/council/decisions/?limit=20"),
              ("API consultations", "/api/v3/participation/consultations/?limit=20")]
    return [(label, path) for label, path in found if path]


def explain(sql: str) -> tuple[float, list[str], str]:
    """Execution time (ms), the plan's warnings (whole-table reads, big sorts) and the full plan of one query."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    ms = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
    warnings = []
    for line in plan.splitlines():
        rows = re.search(r"actual time=[\d.]+\.\.[\d.]+ rows=(\d+)", line)
        rows = int(rows.group(1)) if rows else 0
        node = line.strip().lstrip("-> ").split("  (")[0]
        if ("Seq Scan" in node or "Sort" in node and "Incremental" not in node) and rows >= BIG_TABLE_ROWS:
            warnings.append(f"{node} ({rows} rows)")
    return ms, warnings, plan


def measure(paths: list[tuple[str, str]], explain_dir: Path | None) -> dict[str, dict]:
    """Per path: status, SQL queries, in-process time of a warm request, and the slowest query's plan."""
    from django.test import Client

    client = Client(HTTP_HOST=site_load.HOST)
    results = {}
    for label, path in paths:
        response, elapsed, captured = site_load.warm_request(client, path)
        plans = []
        for query in captured:
            if query["sql"].lstrip().upper().startswith("SELECT"):
                plans.append((*explain(query["sql"]), query["sql"]))
        plans.sort(key=lambda plan: -plan[0])
        results[path] = {"status": response.status_code, "queries": len(captured), "ms": elapsed,
                         "sql_ms": sum(plan[0] for plan in plans), "slowest": plans[0][0] if plans else 0.0,
                         "warnings": [warning for plan in plans for warning in plan[1]]}
        if explain_dir is not None:
            name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
            with open(explain_dir / f"{name}.txt", "w") as out:
                out.write(f"{label}: GET {urllib.parse.unquote(path)} -> {response.status_code}, "
                          f"{len(captured)} queries, {elapsed:.1f} ms in-process\n")
                for ms, warnings, plan, sql in plans:
                    out.write(f"\n==== {ms:.2f} ms {'; '.join(warnings)}\n{sql}\n\n{plan}\n")
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="a benchmark database kept by site_load.py")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL (default 10)")
    parser.add_argument("--concurrency", type=int, default=20, help="concurrent connections (default 20)")
    parser.add_argument("--port", type=int, default=8767, help="port for gunicorn on 127.0.0.1 (default 8767)")
    parser.add_argument("--explain-dir", type=Path, help="write every query's EXPLAIN ANALYZE here, a file per URL")
    parser.add_argument("--media-root", help="media directory of the database (printed by site_load.py --keep)")
    parser.add_argument("--no-load", action="store_true", help="SQL and plans only, no gunicorn")
    parser.add_argument("--only", help="regular expression: load only the URLs whose label matches")
    args = parser.parse_args(argv)
    if "bench" not in urllib.parse.urlsplit(args.database_url).path:
        print("list_load: the database's name must contain 'bench' (a database site_load.py kept).", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="portal_lists_"))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "cms.settings.production", "DATABASE_URL": args.database_url,
        "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": site_load.HOST, "SECURE_SSL_REDIRECT": "false",
        "DB_CONN_MAX_AGE": "600", "MEDIA_ROOT": args.media_root or str(workdir / "media"),
        "PAGE_CACHE_ENABLED": "false",
        "CACHE_KEY_PREFIX": f"portal-lists-{secrets.token_hex(4)}",
    })
    sys.path.insert(0, str(site_load.BASE_DIR))
    import django

    django.setup()
    paths = targets()
    if args.only:
        paths = [(label, path) for label, path in paths if re.search(args.only, label)]
    if args.explain_dir:
        args.explain_dir.mkdir(parents=True, exist_ok=True)
    measured = measure(paths, args.explain_dir)
    loaded: dict[str, dict] = {}
    load_before = os.getloadavg()
    if not args.no_load:
        script = workdir / "bench.lua"
        script.write_text(site_load.WRK_SCRIPT)
        log_path = workdir / "gunicorn.log"
        server = site_load.start_gunicorn(args.port, log_path)
        try:
            site_load.wait_until_ready(server, args.port, log_path)
            with ThreadPoolExecutor(max_workers=4) as pool:  # both workers: connections, caches, dictionaries
                for _label, path in paths:
                    list(pool.map(lambda p: site_load.http_get(args.port, p, timeout=60), [path] * 8))
            for _label, path in paths:
                if site_load.WRK:
                    loaded[path] = site_load.load_with_wrk(args.port, path, args.concurrency, args.duration, script)
                else:
                    loaded[path] = site_load.load_with_python(args.port, path, args.concurrency, args.duration)
        finally:
            site_load.stop_gunicorn(server)
    load_after = os.getloadavg()
    print(f"\n{'list':<26} {'status':>6} {'SQL':>4} {'ms':>7} {'SQL ms':>7} {'worst':>7} "
          f"{'req/s':>7} {'p50':>7} {'p95':>7} {'err':>4}  plan warnings")
    for label, path in paths:
        m, r = measured[path], loaded.get(path, {})
        print(f"{label[:26]:<26} {m['status']:>6} {m['queries']:>4} {m['ms']:>7.1f} {m['sql_ms']:>7.1f} "
              f"{m['slowest']:>7.1f} {r.get('rps', 0):>7.1f} {r.get('p50', 0):>7.1f} {r.get('p95', 0):>7.1f} "
              f"{r.get('errors', 0):>4}  {'; '.join(m['warnings'])[:120]}")
    print(f"\nload average before {', '.join(f'{v:.2f}' for v in load_before)}; "
          f"after {', '.join(f'{v:.2f}' for v in load_after)}; {args.concurrency} connections, {args.duration} s "
          f"per URL, {'wrk' if site_load.WRK else 'Python threads'}, gunicorn 2 sync workers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
