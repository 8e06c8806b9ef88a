#!/usr/bin/env python3
"""CPU of one ballot in-process: POSTs through the WSGI application (cms.wsgi, production settings), no HTTP server.

Runs on a database that ``budget_voting.py --keep`` left (its name must contain "bench"): residents of its campaign
who have not voted get fresh API tokens and cast ballots one after another; prints the CPU time per ballot
(time.process_time, which other work on the machine changes much less than throughput) and the SQL statements of
one ballot. ``--profile`` prints cProfile's heaviest functions (by CPU time) instead of timing. Instructions per
ballot, which do not depend on the machine's other work at all: run it under callgrind as said at the timed loop.

    REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/python benchmarks/budget_ballot_cpu.py \\
        --database-url postgres://root@127.0.0.1:5432/budget_bench --ballots 1000
"""
import argparse
import functools
import io
import json
import os
import secrets
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
WARM = 50  # ballots before timing: connections, caches, the ballot configuration


def backend_seconds(pid: int) -> float:
    """User + system CPU seconds of a PostgreSQL backend running on this machine (0 when /proc does not show it)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--ballots", type=int, default=1000, help="ballots timed (default 1000)")
    parser.add_argument("--profile", action="store_true", help="cProfile by CPU time instead of timing")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if not args.database_url or "bench" not in args.database_url.rsplit("/", 1)[-1]:
        print("Give --database-url of a database budget_voting.py --keep left (its name contains 'bench').",
              file=sys.stderr)
        return 2
    os.environ.update({"DJANGO_SETTINGS_MODULE": "cms.settings.production", "DATABASE_URL": args.database_url,
                       "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
                       "SECURE_SSL_REDIRECT": "false", "DB_CONN_MAX_AGE": "600",
                       "CACHE_KEY_PREFIX": f"ballot-cpu-{secrets.token_hex(4)}"})
    sys.path.insert(0, str(BASE_DIR))
    from cms.wsgi import application  # noqa: I001  (after the settings above)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import APIToken

    from budget.models import BudgetCampaignPage, BudgetParticipation, BudgetProject
    from cms.models import User

    campaign = BudgetCampaignPage.objects.filter(slug="bench").first()
    if campaign is None:
        print("No benchmark campaign in this database: run budget_voting.py --keep first.", file=sys.stderr)
        return 2
    voted = BudgetParticipation.objects.filter(campaign=campaign).values_list("user_id", flat=True)
    needed = WARM + 1 + args.ballots
    users = list(User.objects.filter(username__startswith="voter").exclude(pk__in=voted).order_by("pk")[:needed])
    if len(users) < needed:
        print(f"Only {len(users)} residents have not voted; keep a fresh database.", file=sys.stderr)
        return 2
    keys = [APIToken.generate_token() for _ in users]
    APIToken.objects.bulk_create([APIToken(user=user, name="cpu-benchmark", key_hash=APIToken.hash_token(key),
                                           prefix=key[:8]) for user, key in zip(users, keys, strict=True)])
    small = list(BudgetProject.objects.filter(campaign=campaign, category__slug="mali").order_by("cost")
                 .values_list("pk", flat=True))
    large = list(BudgetProject.objects.filter(campaign=campaign, category__slug="velyki").order_by("pk")
                 .values_list("pk", flat=True))
    bodies = [json.dumps({"project_ids": [small[n % 5], large[n % len(large)]]}).encode() for n in range(64)]
    path = f"/api/v3/budget/campaigns/{campaign.pk}/ballot/"

    def ballot(n: int) -> str:
        body = bodies[n % len(bodies)]
        environ = {"REQUEST_METHOD": "POST", "PATH_INFO": path, "SCRIPT_NAME": "", "QUERY_STRING": "",
                   "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
                   "SERVER_PROTOCOL": "HTTP/1.1", "CONTENT_TYPE": "application/json",
                   "CONTENT_LENGTH": str(len(body)), "HTTP_AUTHORIZATION": f"Bearer {keys[n]}",
                   "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
                   "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
                   "REMOTE_ADDR": "127.0.0.1"}
        answer = {}
        result = application(environ, lambda status, headers, exc_info=None: answer.update(status=status))
        b"".join(result)
        result.close()
        if not answer["status"].startswith("201"):
            raise SystemExit(f"ballot {n} answered {answer['status']}")
        return answer["status"]

    try:
        for n in range(WARM):
            ballot(n)
        with CaptureQueriesContext(connection) as queries:
            ballot(WARM)
        statements = [" ".join(query["sql"].split()) for query in queries.captured_queries]  # before the next request
        first = WARM + 1
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
            for n in range(first, first + args.ballots):
                ballot(n)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(50)
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                backend = cursor.fetchone()[0]
            backend_cpu = backend_seconds(backend)
            cpu, wall = time.process_time(), time.perf_counter()
            # One C call around the timed ballots, so that callgrind can count their instructions alone:
            # valgrind --tool=callgrind --collect-atstart=no --toggle-collect=functools_reduce python …
            functools.reduce(lambda _answer, n: ballot(n), range(first, first + args.ballots), None)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            backend_cpu = backend_seconds(backend) - backend_cpu
            print(f"{args.ballots} ballots in-process: CPU {1000 * cpu / args.ballots:.3f} ms per ballot, wall "
                  f"{1000 * wall / args.ballots:.3f} ms; PostgreSQL backend CPU "
                  f"{1000 * backend_cpu / args.ballots:.3f} ms per ballot (when it runs on this machine); "
                  f"load average {os.getloadavg()[0]:.2f}")
        print(f"SQL statements per ballot: {len(statements)}")
        for sql in statements:
            print(f"  {sql[:140]}")
    finally:
        APIToken.objects.filter(name="cpu-benchmark").delete()
    return 0


if __name__ == "__main__":
    sys.exit(main())
