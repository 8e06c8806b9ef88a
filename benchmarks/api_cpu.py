#!/usr/bin/env python3
"""CPU time per request of the API lists, in-process through the WSGI application (production settings).

Requests/s under load depend on whatever else runs on the machine; the CPU time one request costs in the worker
does much less. This script calls ``cms.wsgi.application`` the way gunicorn does (same middleware, same page-cache
front, the page cache off as site_load.py's "uncached" mode) against a database that ``site_load.py --keep`` left,
and prints for every URL: CPU milliseconds per request (``time.process_time`` over ``--requests`` requests after a
warm-up), SQL queries of one request, the answer's size and a digest of its body. ``--dump DIR`` writes each body to
DIR (to compare two versions of the code byte for byte); ``--profile FILE`` writes the cProfile statistics of the
timed requests of the first URL (or of ``--only``'s).

    .venv/bin/python benchmarks/api_cpu.py --database-url postgres://root@127.0.0.1:5432/portal_2k_bench \
        --media-root MEDIA_DIR_PRINTED_BY_SITE_LOAD --redis-url redis://127.0.0.1:6379/10
"""
import argparse
import hashlib
import json
import os
import re
import secrets
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"

from cpu_per_request import request  # noqa: E402  (the same WSGI call: environ, status, body)

URLS = [
    ("API news list", "/api/v3/home/news/?limit=20"),
    ("API news, category", "/api/v3/home/news/?limit=20&category=budzhet"),
    ("API news, cursor", None),  # the `next` address of the first page
    ("API news, offset 1000", "/api/v3/home/news/?limit=20&offset=1000"),
    ("API events, past", "/api/v3/home/events/?limit=20&period=past"),
    ("API petitions list", "/api/v3/petitions/?limit=20"),
    ("API decisions list", "/api/v3/council/decisions/?limit=20"),
]


def count_queries(connections, request) -> int:
    """SQL statements that ``request()`` runs on every database alias (a wrapper, as Django's query log is reset
    at the start of every request)."""
    from contextlib import ExitStack

    executed = []

    def wrapper(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(wrapper))
        request()
    return len(executed)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), required=False)
    parser.add_argument("--media-root", help="media directory printed by site_load.py --keep")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""), help="cache (production: Redis)")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per URL (default 300)")
    parser.add_argument("--only", help="regular expression: the labels to measure")
    parser.add_argument("--dump", help="directory to write each answer's body to")
    parser.add_argument("--profile", help="file for the cProfile statistics of the first measured URL")
    args = parser.parse_args(argv)
    if not args.database_url or "bench" not in args.database_url.rsplit("/", 1)[-1]:
        parser.error("--database-url (or DATABASE_URL) must name a benchmark database (its name contains 'bench')")

    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "cms.settings.production", "DATABASE_URL": args.database_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50), "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false", "DB_CONN_MAX_AGE": "600", "PAGE_CACHE_ENABLED": "false",
        "CACHE_KEY_PREFIX": f"portal-api-cpu-{secrets.token_hex(4)}",  # a cold, private cache each run
    })
    if args.media_root:
        os.environ["MEDIA_ROOT"] = args.media_root
    if args.redis_url:
        os.environ["REDIS_URL"] = args.redis_url
    sys.path.insert(0, str(BASE_DIR))

    from django.db import connections

    from cms.wsgi import application

    status, first = request(application, URLS[0][1])
    urls = [(label, path if path is not None else json.loads(first)["next"].split(HOST, 1)[1])
            for label, path in URLS]
    if args.only:
        urls = [(label, path) for label, path in urls if re.search(args.only, label)]
    dump = Path(args.dump) if args.dump else None
    if dump:
        dump.mkdir(parents=True, exist_ok=True)

    print(f"{args.requests} requests per URL, cache {'Redis' if args.redis_url else 'local memory'}, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'list':<24} {'CPU ms/req':>10} {'wall ms':>8} {'SQL':>4} {'KiB':>6}  sha256[:12]  URL")
    for number, (label, path) in enumerate(urls):
        for _ in range(3):  # warm-up: renditions, cached counts, connections
            status, body = request(application, path)
        if not status.startswith("200"):
            print(f"{label}: {path} answered {status}", file=sys.stderr)
            return 1
        queries = count_queries(connections, lambda path=path: request(application, path))
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(args.requests):
            request(application, path)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if args.profile and number == 0:  # a separate pass: the profiler doubles the time it measures
            import cProfile

            profiler = cProfile.Profile()
            profiler.runcall(lambda path=path: [request(application, path) for _ in range(args.requests)])
            profiler.dump_stats(args.profile)
        digest = hashlib.sha256(body).hexdigest()[:12]
        if dump:
            (dump / (re.sub(r"\W+", "_", label).strip("_") + ".json")).write_bytes(body)
        print(f"{label:<24} {cpu * 1000 / args.requests:>10.2f} {wall * 1000 / args.requests:>8.2f} "
              f"{queries:>4} {len(body) / 1024:>6.1f}  {digest}  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
