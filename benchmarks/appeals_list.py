#!/usr/bin/env python3
"""The public appeals list page (``/zvernennia/``) and its map's points at scale, in-process and uncached: per
address the status, HTML/GeoJSON bytes, SQL queries and their time, the median and best ms of ``--repeat`` warm
requests and, with ``--profile``, where a request's time goes (SQL, the map's GeoJSON, the template). Measures the
database that ``appeals_search.py --keep`` left (25,000 public appeals). See benchmarks/README.md.

    .venv/bin/python benchmarks/appeals_list.py --database-url postgres://root@127.0.0.1:5432/postgres \
        --bench-db portal_appeals_bench --profile
"""
import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import site_load  # noqa: E402  (the database helpers of the site benchmark)

# (label, query string): the first page, a later one, a phrase, a district: what a resident turns through.
FILTERS = [("page 1", ""), ("page 3", "page=3"), ("«вул. Соборна»", "q=" + urllib.parse.quote("вул. Соборна")),
           ("district", "district=" + urllib.parse.quote("Центральний"))]
# Functions whose cumulative time --profile reports (file name ending, function name).
PROFILED = [("SQL", "django/db/backends/utils.py", "_execute"),
            ("map GeoJSON built", "appeals/views.py", "map_features"),
            ("map GeoJSON serialised", "django/utils/html.py", "json_script"),
            ("template rendered", "django/template/response.py", "render")]


def measure(client, path: str, repeat: int) -> dict:
    response, _ms, captured = site_load.warm_request(client, path)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    return {"status": response.status_code, "bytes": len(response.content), "queries": len(captured),
            "sql_ms": sum(float(query["time"]) for query in captured) * 1000, "ms": statistics.median(timings),
            "best": min(timings),
            "content_type": response["Content-Type"].split(";")[0]}


def profile(client, path: str, repeat: int) -> dict[str, float]:
    """Cumulative ms per request of each PROFILED function (cProfile's overhead included; compare shares)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(path)
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    total = max(entry[3] for entry in stats.values())
    found = {"total": total}
    for label, filename, function in PROFILED:
        found[label] = sum(entry[3] for (name, _line, func), entry in stats.items()
                           if name.endswith(filename) and func == function)
    return {label: seconds * 1000 / repeat for label, seconds in found.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="a PostgreSQL server (its usual database); default $DATABASE_URL")
    parser.add_argument("--bench-db", default="portal_appeals_bench", help="the database appeals_search.py kept")
    parser.add_argument("--repeat", type=int, default=20, help="warm requests per address; the median counts")
    parser.add_argument("--profile", action="store_true", help="also profile each address (cProfile)")
    args = parser.parse_args(argv)
    _maintenance_url, bench_url = site_load.check_database_url(args.database_url, args.bench_db)
    workdir = Path(tempfile.mkdtemp(prefix="portal_appeals_list_"))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "cms.settings.production", "DATABASE_URL": bench_url,
        "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": site_load.HOST, "SECURE_SSL_REDIRECT": "false",
        "DB_CONN_MAX_AGE": "600", "MEDIA_ROOT": str(workdir / "media"), "PAGE_CACHE_ENABLED": "false",
        "CACHE_KEY_PREFIX": f"portal-appeals-list-{secrets.token_hex(4)}",
    })
    sys.path.insert(0, str(site_load.BASE_DIR))
    import django

    django.setup()
    from django.test import Client

    from appeals import selectors, views
    from appeals.visibility import public_appeals

    client = Client(HTTP_HOST=site_load.HOST)
    index = selectors.index_url()
    paths = [(label, f"{index}?{query}" if query else index) for label, query in FILTERS]
    points = getattr(views, "POINTS_ROUTE", None)  # absent before the points had their own address
    if points:  # the map's points at their own address (same filters, no page number)
        paths += [(f"points, {label}", f"{index}{points}?{query}" if query else f"{index}{points}")
                  for label, query in FILTERS if not query.startswith("page=")]
    print(f"\n{public_appeals().count()} public appeals; median of {args.repeat} warm in-process requests, "
          f"page cache off\n")
    print(f"{'address':<26} {'status':>6} {'bytes':>8} {'SQL':>4} {'SQL ms':>7} {'median ms':>9} {'best ms':>7}  type")
    for label, path in paths:
        row = measure(client, path, args.repeat)
        print(f"{label:<26} {row['status']:>6} {row['bytes']:>8} {row['queries']:>4} {row['sql_ms']:>7.1f} "
              f"{row['ms']:>9.1f} {row['best']:>7.1f}  {row['content_type']}")
    if args.profile:
        print(f"\ncProfile, cumulative ms per request ({args.repeat} requests each; the profiler's overhead included)")
        print(f"{'address':<26} " + " ".join(f"{label[:22]:>22}" for label in ["total", *[p[0] for p in PROFILED]]))
        for label, path in paths:
            split = profile(client, path, args.repeat)
            print(f"{label:<26} " + " ".join(f"{split[name]:>22.1f}" for name in ["total", *[p[0] for p in PROFILED]]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
