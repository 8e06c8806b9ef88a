"""CPU milliseconds per uncached request, in-process, through the production WSGI application.

Load on a shared machine moves requests/s a lot; the CPU one request costs the Python process moves much less.
This script sends each URL through ``cms.wsgi.application`` (production settings, page cache off, fragments on,
the cache of ``REDIS_URL``) many times and prints the process CPU time per request (``time.process_time``), the
SQL queries of one request, and optionally the top of a cProfile of the same requests.

    REDIS_URL=redis://127.0.0.1:6379/8 .venv/bin/python benchmarks/cpu_per_request.py \\
        --database-url postgres://root@127.0.0.1:5432/portal_2k_bench --media-root MEDIA_DIR_PRINTED_BY_SITE_LOAD
    ... --only article --profile tottime    # where the time goes

The database is one that ``site_load.py --keep`` left (its name must contain ``bench``); it is only read.
"""
import argparse
import cProfile
import io
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), required=False)
    parser.add_argument("--media-root", required=True, help="the media directory site_load.py printed")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per URL (300)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per URL; the lowest is printed (3)")
    parser.add_argument("--only", default="", help="comma-separated labels: home, news, article, api-news, ...")
    parser.add_argument("--profile", choices=["tottime", "cumtime"], help="print a cProfile of the requests")
    parser.add_argument("--profile-lines", type=int, default=45)
    return parser.parse_args(argv)


def setup(args):
    if not args.database_url or "bench" not in args.database_url.rsplit("/", 1)[-1]:
        raise SystemExit("--database-url (or DATABASE_URL) must name a benchmark database (its name contains 'bench').")
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DATABASE_URL": args.database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "DB_CONN_MAX_AGE": "600",
        "MEDIA_ROOT": args.media_root,
        "PAGE_CACHE_ENABLED": "false",
        "CACHE_KEY_PREFIX": f"portal-cpu-{secrets.token_hex(4)}",  # a cold, private cache for this run
    })
    sys.path.insert(0, str(BASE_DIR))
    sys.path.insert(0, str(BASE_DIR / "benchmarks"))  # site_load's module_targets
    import django

    django.setup()


def targets() -> list[tuple[str, str]]:
    from site_load import module_targets

    from home import selectors

    article = selectors.latest_news(count=1)[0]
    return [
        ("home", "/"),
        ("news", "/novyny/"),
        ("article", article.url),
        ("api-news", "/api/v3/home/news/?limit=20"),
        ("api-news-cursor", "/api/v3/home/news/?limit=20&offset=1000"),
        ("news-category", "/novyny/?category=budzhet"),
        ("search", "/poshuk/?q=бюджету"),
        ("search-news", "/poshuk/?q=бюджету&type=news"),
        ("search-page-2", "/poshuk/?q=бюджету&page=2"),
        ("api-search", "/api/v3/home/search/?q=бюджету"),
        # One page of each module the demo city has (session, deputy, decision, consultation, petition), as site_load.
        *((label, path) for label, path in module_targets() if not label.startswith("API ")),
    ]


def environ_for(path: str) -> dict:
    from urllib.parse import quote, unquote, urlsplit

    parts = urlsplit(path)
    # A browser sends the query string percent-encoded (latin-1 decoded in the environ, as WSGI has it).
    query = quote(parts.query, safe="=&%+")
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": unquote(parts.path).encode().decode("latin-1"),
        "QUERY_STRING": query, "SERVER_NAME": HOST, "SERVER_PORT": "80", "HTTP_HOST": HOST,
        "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr, "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": True,
        "wsgi.run_once": False, "REMOTE_ADDR": HOST, "HTTP_ACCEPT": "text/html,application/json",
        "HTTP_USER_AGENT": "cpu_per_request",
    }


def request(application, path: str) -> tuple[str, bytes]:
    status_line = []

    def start_response(status, headers, exc_info=None):
        status_line.append(status)

    result = application(environ_for(path), start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return status_line[0], body


def main(argv=None) -> int:
    args = parse_args(argv)
    setup(args)
    from django.db import connection

    from cms.wsgi import application

    only = {label.strip() for label in args.only.split(",") if label.strip()}
    chosen = [(label, path) for label, path in targets() if not only or label in only]
    print(f"load average {os.getloadavg()[0]:.2f}; {args.requests} requests x {args.rounds} rounds per URL")
    print(f"{'label':<16} {'status':<8} {'SQL':>4} {'KiB':>6} {'CPU ms/req':>11}  URL")
    for label, path in chosen:
        for _ in range(3):  # warm: fragments rendered, then stored; renditions cached in the worker
            status, body = request(application, path)
        queries = []

        def count(execute, sql, *rest, queries=queries):
            queries.append(sql)
            return execute(sql, *rest)

        # Counted with a wrapper: the request_started signal empties connection.queries_log mid-request.
        with connection.execute_wrapper(count):
            status, body = request(application, path)
        best = None
        for _round in range(args.rounds):
            start = time.process_time()
            for _ in range(args.requests):
                request(application, path)
            spent = (time.process_time() - start) * 1000 / args.requests
            best = spent if best is None else min(best, spent)
        print(f"{label:<16} {status.split()[0]:<8} {len(queries):>4} {len(body) / 1024:>6.1f} "
              f"{best:>11.2f}  {path[:60]}")
        if args.profile:
            profiler = cProfile.Profile(time.process_time)  # CPU, not waiting for PostgreSQL or Redis
            profiler.enable()
            for _ in range(args.requests):
                request(application, path)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(args.profile).print_stats(args.profile_lines)
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
