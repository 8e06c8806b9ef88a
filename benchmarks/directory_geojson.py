#!/usr/bin/env python3
"""Benchmark of the city directory's map data and page.

Creates its own PostgreSQL database next to the one in DATABASE_URL (default name portal_directory_bench, dropped
at the end unless --keep), migrates, builds a minimal site (home page, the directory page, the demo's 12
categories), imports --objects city objects through the same service as `manage.py import_directory` (timed),
then measures:

* SQL queries per request in-process: the GeoJSON uncached and cached, a 304, the objects API and the page;
* requests per second and p50/p95 under load (gunicorn, 2 workers, production settings, wrk or Python threads):
  the GeoJSON from the cache, the GeoJSON rebuilt on every request (DIRECTORY_GEOJSON_CACHE_SECONDS=0),
  a conditional request answered 304, and the directory page with all layers.

    DATABASE_URL=postgres://root@127.0.0.1:5432/postgres .venv/bin/python benchmarks/directory_geojson.py
"""
import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_load import (  # noqa: E402  (the city-site benchmark's helpers: database, gunicorn, load)
    BASE_DIR,
    HOST,
    WRK,
    BenchmarkError,
    Phases,
    check_database_url,
    http_get,
    load_with_python,
    manage,
    port_is_free,
    recreate_database,
    start_gunicorn,
    stop_gunicorn,
    wait_until_ready,
)

# Counts answers other than 200 and 304 as errors (the conditional request is meant to get 304).
WRK_SCRIPT = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body)
  if status ~= 200 and status ~= 304 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local errors = 0
  for _, thread in ipairs(threads) do errors = errors + thread:get("bad") end
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d errors=%d\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95),
    errors + e.connect + e.read + e.write + e.timeout))
end
"""


def load(port: int, path: str, *, concurrency: int, duration: int, script: Path, headers=(), python=False) -> dict:
    if WRK is None or python:
        if headers:
            return {"rps": 0.0, "p50": 0.0, "p95": 0.0, "errors": 0, "requests": 0, "note": "needs wrk"}
        return load_with_python(port, path, concurrency, duration)
    command = [WRK, "-t2", f"-c{concurrency}", f"-d{duration}s", "--timeout", "10s", "-s", str(script)]
    for header in headers:
        command += ["-H", header]
    result = subprocess.run([*command, f"http://{HOST}:{port}{path}"], capture_output=True, text=True,
                            timeout=duration + 60, check=False)
    line = next((line for line in result.stdout.splitlines() if line.startswith("BENCH ")), None)
    if result.returncode != 0 or line is None:
        raise BenchmarkError(f"wrk failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    values = {key: int(value) for key, value in (item.split("=") for item in line.split()[1:])}
    return {"rps": values["requests"] / (values["duration_us"] / 1e6), "p50": values["p50_us"] / 1000,
            "p95": values["p95_us"] / 1000, "errors": values["errors"], "requests": values["requests"]}


def build_site(objects: int) -> tuple[str, float]:
    """Home page, directory page and categories; `objects` objects imported through the service."""
    from wagtail.models import Page, Site

    from directory import demo, services
    from home.models import HomePage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Світлогірськ", slug="svitlohirsk"))
    Site.objects.all().delete()
    Site.objects.create(hostname=HOST, port=80, root_page=home, is_default_site=True, site_name="Світлогірськ")
    demo.seed(home=home, command=None)  # the page, the categories and the demo's 1,500 objects
    features = demo.demo_features()
    extra = []
    for number in range(max(0, objects - len(features))):
        feature = json.loads(json.dumps(features[number % len(features)]))
        feature["properties"]["external_id"] = f"bench-{number:05d}"
        extra.append(feature)
    # The timed import: every object (the demo ones are updated, the rest created) in one file.
    everything = (features + extra)[:objects] if objects >= len(features) else features[:objects]
    for feature in everything:
        feature["properties"]["department"] = ""  # the benchmark's database has no council departments
    data = json.dumps({"type": "FeatureCollection", "features": everything}, ensure_ascii=False).encode()
    started = time.perf_counter()
    try:
        result = services.directory_import(data=data, filename="bench.geojson")
    except services.DirectoryError as error:
        raise BenchmarkError(f"{error.message}\n" + "\n".join(error.lines[:20]))
    elapsed = time.perf_counter() - started
    print(f"  import of {len(everything)} objects: {result.created} created, {result.updated} updated "
          f"in {elapsed:.2f} s")
    return "/mapa/", elapsed


def queries_per_request(page_path: str) -> list[tuple[str, int, int, int]]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    rows = []
    client.get(page_path)  # layout caches (site settings, menu)
    cache.clear()
    for label, path, headers in [
        ("GeoJSON, uncached", "/api/v3/directory/geojson/", {}),
        ("GeoJSON, cached", "/api/v3/directory/geojson/", {}),
        ("GeoJSON of one category, uncached", "/api/v3/directory/geojson/?category=apteky", {}),
        ("API objects, 20 per page", "/api/v3/directory/objects/?limit=20", {}),
        ("directory page", page_path, {}),
        ("directory page, open now and nearest", page_path + "?open_now=on&lat=49.59&lon=34.56", {}),
    ]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, **headers)
        rows.append((label, response.status_code, len(captured.captured_queries), len(response.content)))
    etag = client.get("/api/v3/directory/geojson/")["ETag"]
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v3/directory/geojson/", HTTP_IF_NONE_MATCH=etag)
    rows.append(("GeoJSON, If-None-Match", response.status_code, len(captured.captured_queries), 0))
    return rows


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--objects", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per URL")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--bench-db", default="portal_directory_bench")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--python-load", action="store_true")
    return parser.parse_args(argv)


def run(args) -> int:
    maintenance_url, bench_url = check_database_url(args.database_url, args.bench_db)
    if not port_is_free(args.port):
        raise BenchmarkError(f"Port {HOST}:{args.port} is in use; pass another --port.")
    phases = Phases()
    workdir = Path(tempfile.mkdtemp(prefix="portal_directory_bench_"))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "cms.settings.production", "DATABASE_URL": bench_url,
        "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": HOST, "SECURE_SSL_REDIRECT": "false",
        "DB_CONN_MAX_AGE": "600", "MEDIA_ROOT": str(workdir / "media"),
        "CACHE_KEY_PREFIX": f"portal-bench-{secrets.token_hex(4)}",
    })
    sys.path.insert(0, str(BASE_DIR))
    server, created = None, False
    try:
        with phases(f"create database {args.bench_db}"):
            recreate_database(maintenance_url, args.bench_db)
            created = True
        with phases("migrate"):
            manage("migrate", "--noinput")
        with phases("collectstatic"):
            manage("collectstatic", "--noinput")
        import django

        django.setup()
        with phases(f"site, categories and {args.objects} objects"):
            page_path, _import_seconds = build_site(args.objects)
        with phases("SQL queries per request (in-process)"):
            rows = queries_per_request(page_path)
        print(f"\n{'request':45} {'status':>6} {'queries':>8} {'bytes':>9}")
        for label, status, queries, size in rows:
            print(f"{label:45} {status:>6} {queries:>8} {size:>9}")

        script = workdir / "bench.lua"
        script.write_text(WRK_SCRIPT)
        results = []
        for mode, cache_seconds in (("cached", "3600"), ("uncached", "0")):
            os.environ["DIRECTORY_GEOJSON_CACHE_SECONDS"] = cache_seconds
            log_path = workdir / f"gunicorn-{mode}.log"
            with phases(f"gunicorn (2 workers), GeoJSON {mode}"):
                server = start_gunicorn(args.port, log_path)
                wait_until_ready(server, args.port, log_path)
                status, body = http_get(args.port, "/api/v3/directory/geojson/", timeout=60)
                if status != 200 or len(json.loads(body)["features"]) != args.objects:
                    raise BenchmarkError(f"GeoJSON answered {status} with the wrong number of features.")
                for _ in range(4):  # warm both workers
                    http_get(args.port, "/api/v3/directory/geojson/", timeout=60)
                    http_get(args.port, page_path, timeout=60)
                targets = [(f"GeoJSON ({mode})", "/api/v3/directory/geojson/", ())]
                if mode == "cached":
                    import http.client

                    conn = http.client.HTTPConnection(HOST, args.port, timeout=30)
                    conn.request("GET", "/api/v3/directory/geojson/")
                    etag = conn.getresponse().getheader("ETag")
                    conn.close()
                    targets += [("GeoJSON (cached, gzip)", "/api/v3/directory/geojson/", ("Accept-Encoding: gzip",)),
                                ("GeoJSON, If-None-Match → 304", "/api/v3/directory/geojson/",
                                 (f"If-None-Match: {etag}",)),
                                ("directory page (all layers)", page_path, ())]
                for label, path, headers in targets:
                    result = load(args.port, path, concurrency=args.concurrency, duration=args.duration,
                                  script=script, headers=headers, python=args.python_load)
                    results.append((label, result))
                    print(f"  {label}: {result['rps']:.0f} req/s, p50 {result['p50']:.1f} ms, "
                          f"p95 {result['p95']:.1f} ms, errors {result['errors']}", flush=True)
            stop_gunicorn(server)
            server = None
        print(f"\nLoad: {args.concurrency} connections, {args.duration} s per URL, "
              f"{'wrk' if WRK and not args.python_load else 'Python threads'}, load average {os.getloadavg()[0]:.1f}")
        print(f"{'URL':35} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
        for label, result in results:
            print(f"{label:35} {result['rps']:>8.0f} {result['p50']:>8.1f} {result['p95']:>8.1f} "
                  f"{result['errors']:>7}")
        return 0
    finally:
        stop_gunicorn(server)
        if created and not args.keep:
            from django.db import connections

            connections.close_all()
            recreate_database(maintenance_url, args.bench_db, drop_only=True)


def main(argv=None) -> int:
    try:
        return run(parse_args(argv))
    except BenchmarkError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
