#!/usr/bin/env python3
"""Signing benchmark of e-petitions.

Recreates the PostgreSQL database named in DATABASE_URL (its name must contain "bench"), seeds the demo
city, adds one petition collecting signatures and a pool of verified residents with API tokens, serves the
portal with gunicorn (production settings) on 127.0.0.1, then for --duration seconds lets --signers
concurrent residents sign it through POST /api/v3/petitions/<id>/signatures/ (each signature by a different
account, as in real life) while --readers visitors poll the count endpoint. Afterwards it loads the count
endpoint and the petition page on their own for comparison. Prints accepted signatures per second, p50/p95
latency, errors, requests per second, and checks that the stored count equals the number of rows.

    DATABASE_URL=postgres://root@127.0.0.1:5432/wt_petitions_bench .venv/bin/python benchmarks/petition_signing.py
"""
import argparse
import http.client
import json
import os
import queue
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_load import (  # noqa: E402  (the city-site benchmark's helpers: database, gunicorn, load)
    BASE_DIR,
    HOST,
    POSTGRES_SCHEMES,
    BenchmarkError,
    Phases,
    http_get,
    load_with_python,
    manage,
    percentile,
    port_is_free,
    recreate_database,
    stop_gunicorn,
    wait_until_ready,
)

TARGET_RATE = 300  # accepted signatures per second (the target on a 2-core machine)
TARGET_P95_MS = 250


def database_urls(url: str | None) -> tuple[str, str, str]:
    """(maintenance URL on the same server, benchmark URL, benchmark database name)."""
    if not url:
        raise BenchmarkError("Set DATABASE_URL to a PostgreSQL database for the benchmark, e.g. "
                             "postgres://root@127.0.0.1:5432/wt_petitions_bench (it is dropped and recreated).")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in POSTGRES_SCHEMES:
        raise BenchmarkError(f"Only PostgreSQL is supported, not {parts.scheme!r}.")
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise BenchmarkError(f"Refusing to recreate {name!r}: the benchmark database's name must contain 'bench'.")
    maintenance = urllib.parse.urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    return maintenance, urllib.parse.urlunsplit(parts._replace(scheme="postgresql")), name


def start_gunicorn(port: int, log_path: Path, workers: int, threads: int):
    import subprocess

    log = open(log_path, "wb")  # closed by stop_gunicorn
    command = [sys.executable, "-m", "gunicorn", "cms.wsgi", "--workers", str(workers), "--bind", f"{HOST}:{port}",
               "--timeout", "60", "--log-level", "warning", "--error-logfile", "-", "--backlog", "2048"]
    if threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(threads)]
    process = subprocess.Popen(command, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    process.log = log
    return process


def prepare(signer_pool: int) -> tuple[int, list[str]]:
    """The hot petition and ``signer_pool`` verified residents with API tokens; returns the petition id.
    Tokens are written to a file next to the database setup, never printed."""
    import datetime

    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from wagtail.models import APIToken

    from petitions.models import Petition, PetitionCategory

    User = get_user_model()
    now = timezone.now()
    petition = Petition.objects.create(
        title="Навантажувальна петиція: світлофор на Соборній", text="Текст петиції для вимірювання. " * 10,
        category=PetitionCategory.objects.first(), author_name="Бенчмарк Петро Іванович",
        status=Petition.Status.COLLECTING, submitted_at=now, published_at=now,
        collection_ends_at=now + datetime.timedelta(days=30), signature_threshold=10_000_000)
    users = [User(username=f"bench{n}", email=f"bench{n}@bench.example", full_name=f"Підписант {n} Бенчмаркович",
                  password="!") for n in range(signer_pool)]
    User.objects.bulk_create(users, batch_size=2000)
    users = list(User.objects.filter(username__startswith="bench").order_by("pk"))
    EmailAddress.objects.bulk_create([EmailAddress(user=user, email=user.email, verified=True, primary=True)
                                      for user in users], batch_size=2000)
    tokens, plaintexts = [], []
    for user in users:
        plaintext = APIToken.generate_token()
        plaintexts.append(plaintext)
        tokens.append(APIToken(user=user, name="benchmark", key_hash=APIToken.hash_token(plaintext),
                               prefix=plaintext[:8]))
    APIToken.objects.bulk_create(tokens, batch_size=2000)
    return petition.pk, plaintexts


def sign_load(port: int, petition_id: int, tokens: list[str], signers: int, readers: int, duration: int,
              think: float, poll_interval: float) -> dict:
    """Signers POST signatures (one account each time); readers GET the count endpoint every poll_interval."""
    deadline = time.monotonic() + duration
    token_queue: queue.SimpleQueue = queue.SimpleQueue()
    for token in tokens:
        token_queue.put(token)
    sign_path = f"/api/v3/petitions/{petition_id}/signatures/"
    count_path = f"/api/v3/petitions/{petition_id}/count/"
    lock = threading.Lock()
    results = {"latencies": [], "accepted": 0, "errors": 0, "statuses": {}, "count_latencies": [],
               "count_errors": 0, "ran_out": False}

    def signer():
        local, accepted, errors, statuses, conn = [], 0, 0, {}, None
        while time.monotonic() < deadline:
            try:
                token = token_queue.get_nowait()
            except queue.Empty:
                results["ran_out"] = True
                break
            start = time.perf_counter()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(HOST, port, timeout=30)
                conn.request("POST", sign_path, headers={"Authorization": f"Bearer {token}", "Content-Length": "0"})
                response = conn.getresponse()
                response.read()
                local.append(time.perf_counter() - start)
                statuses[response.status] = statuses.get(response.status, 0) + 1
                if response.status == 201:
                    accepted += 1
                else:
                    errors += 1
                if response.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                errors += 1
                if conn is not None:
                    conn.close()
                conn = None
            if think:
                time.sleep(think)
        if conn is not None:
            conn.close()
        with lock:
            results["latencies"].extend(local)
            results["accepted"] += accepted
            results["errors"] += errors
            for status, number in statuses.items():
                results["statuses"][status] = results["statuses"].get(status, 0) + number

    def reader():
        local, errors, conn = [], 0, None
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(HOST, port, timeout=30)
                conn.request("GET", count_path)
                response = conn.getresponse()
                json.loads(response.read())
                local.append(time.perf_counter() - start)
                if response.status != 200:
                    errors += 1
            except (OSError, http.client.HTTPException, ValueError):
                errors += 1
                if conn is not None:
                    conn.close()
                conn = None
            time.sleep(poll_interval)
        if conn is not None:
            conn.close()
        with lock:
            results["count_latencies"].extend(local)
            results["count_errors"] += errors

    started = time.monotonic()
    threads = [threading.Thread(target=signer, daemon=True) for _ in range(signers)]
    threads += [threading.Thread(target=reader, daemon=True) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 60)
    results["elapsed"] = time.monotonic() - started
    results["latencies"].sort()
    results["count_latencies"].sort()
    return results


def stored_counts(petition_id: int) -> tuple[int, int]:
    from django.db import connection

    from petitions.models import Petition, Signature

    connection.close()  # a fresh connection: read what the workers committed
    return (Petition.objects.get(pk=petition_id).signature_count,
            Signature.objects.filter(petition_id=petition_id, is_valid=True).count())


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--signers", type=int, default=100, help="concurrent residents signing (default 100)")
    parser.add_argument("--readers", type=int, default=20, help="visitors polling the count (default 20)")
    parser.add_argument("--poll-interval", type=float, default=0.5, help="seconds between a reader's polls")
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds a resident waits between signatures (default 0: as fast as answered)")
    parser.add_argument("--duration", type=int, default=60, help="seconds of signing (default 60)")
    parser.add_argument("--compare-duration", type=int, default=10,
                        help="seconds for each of the count endpoint and the petition page alone (default 10)")
    parser.add_argument("--pool", type=int, default=40_000, help="resident accounts prepared (each signs once)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (gthread when > 1; 1: sync)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args(argv)


def run(args) -> int:
    maintenance_url, bench_url, bench_db = database_urls(args.database_url)
    if not port_is_free(args.port):
        raise BenchmarkError(f"Port {HOST}:{args.port} is in use; pass another --port.")
    phases = Phases()
    workdir = Path(tempfile.mkdtemp(prefix="petition_bench_"))
    log_path = workdir / "gunicorn.log"
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DATABASE_URL": bench_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "DB_CONN_MAX_AGE": "600",
        "MEDIA_ROOT": str(workdir / "media"),
        "CACHE_KEY_PREFIX": f"petition-bench-{secrets.token_hex(4)}",
        # Every simulated resident comes from 127.0.0.1: the per-address limit would stop the benchmark at once.
        "PETITIONS_SIGN_IP_LIMIT": str(10**9),
    })
    sys.path.insert(0, str(BASE_DIR))
    server, created_db = None, False
    try:
        with phases(f"recreate database {bench_db}"):
            recreate_database(maintenance_url, bench_db)
            created_db = True
        with phases("migrate"):
            manage("migrate", "--noinput")
        with phases("collectstatic"):
            manage("collectstatic", "--noinput")
        with phases("seed_demo --news 5 --no-users"):
            manage("seed_demo", "--news", "5", "--no-users")
        import django

        django.setup()
        with phases(f"hot petition and {args.pool} residents with API tokens"):
            petition_id, tokens = prepare(args.pool)
        with phases("VACUUM ANALYZE"):
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        initial = stored_counts(petition_id)
        page_path = f"/petytsii/{petition_id}/"
        count_path = f"/api/v3/petitions/{petition_id}/count/"
        kind = f"{args.workers} workers" + (f" × {args.threads} threads (gthread)" if args.threads > 1 else " (sync)")
        with phases(f"start gunicorn ({kind})"):
            server = start_gunicorn(args.port, log_path, args.workers, args.threads)
            wait_until_ready(server, args.port, log_path)
            for path in (page_path, count_path):
                for _ in range(args.workers * 3):
                    status = http_get(args.port, path, timeout=60)[0]
                    if status != 200:
                        raise BenchmarkError(f"{path} answered {status} from gunicorn.")
        load_before = os.getloadavg()
        with phases(f"signing: {args.signers} residents for {args.duration} s, {args.readers} readers polling"):
            signing = sign_load(args.port, petition_id, tokens, args.signers, args.readers, args.duration,
                                args.think, args.poll_interval)
        load_after = os.getloadavg()
        final_count, rows = stored_counts(petition_id)
        with phases(f"count endpoint alone: 20 connections, {args.compare_duration} s"):
            count_alone = load_with_python(args.port, count_path, 20, args.compare_duration)
        with phases(f"petition page alone: 20 connections, {args.compare_duration} s"):
            page_alone = load_with_python(args.port, page_path, 20, args.compare_duration)
        server_log = log_path.read_text(errors="replace").strip()

        latencies, count_latencies = signing["latencies"], signing["count_latencies"]
        rate = signing["accepted"] / signing["elapsed"]
        p50, p95 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.95) * 1000
        added = rows - initial[1]
        exact = final_count == rows and added == signing["accepted"]
        ratio = count_alone["rps"] / page_alone["rps"] if page_alone["rps"] else float("inf")
        print()
        print(f"Results: gunicorn {kind}, production settings, PostgreSQL, {os.cpu_count()} CPUs, "
              f"cache {'Redis' if os.environ.get('REDIS_URL') else 'local memory per worker'}, "
              f"think time {args.think:.2f} s")
        print("load average (1/5/15 min) before signing: {:.2f} {:.2f} {:.2f}".format(*load_before)
              + ", after: {:.2f} {:.2f} {:.2f}".format(*load_after))
        print(f"signing            accepted {signing['accepted']} in {signing['elapsed']:.1f} s = "
              f"{rate:.1f} signatures/s (target ≥ {TARGET_RATE})")
        print(f"                   latency p50 {p50:.1f} ms, p95 {p95:.1f} ms (target p95 < {TARGET_P95_MS})"
              f", errors {signing['errors']}, statuses {dict(sorted(signing['statuses'].items()))}")
        if signing["ran_out"]:
            print("                   (the pool of resident accounts ran out: pass a larger --pool)")
        count_rps = len(count_latencies) / signing["elapsed"]
        print(f"count while signing {len(count_latencies)} polls = {count_rps:.1f} req/s, "
              f"p50 {percentile(count_latencies, 0.5) * 1000:.1f} ms, "
              f"p95 {percentile(count_latencies, 0.95) * 1000:.1f} ms, errors {signing['count_errors']}")
        print(f"count endpoint     {count_alone['rps']:.1f} req/s alone, p50 {count_alone['p50']:.1f} ms, "
              f"p95 {count_alone['p95']:.1f} ms, errors {count_alone['errors']}")
        print(f"petition page      {page_alone['rps']:.1f} req/s alone, p50 {page_alone['p50']:.1f} ms, "
              f"p95 {page_alone['p95']:.1f} ms, errors {page_alone['errors']}")
        print(f"count / page       {ratio:.1f}× (target ≥ 10×)")
        print(f"final count        stored {final_count}, rows {rows}, accepted answers {signing['accepted']} "
              f"+ {initial[1]} before → {'EXACT' if exact else 'MISMATCH'}")
        print("\nPhases:")
        for name, elapsed in phases.timings:
            print(f"  {name:<75} {elapsed:>7.1f} s")
        if server_log:
            print("\ngunicorn log (last lines):\n" + "\n".join(server_log.splitlines()[-20:]))
        failed = not exact or signing["errors"] or count_alone["errors"] or page_alone["errors"]
        return 1 if failed else 0
    finally:
        stop_gunicorn(server)
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not args.keep and created_db:
            try:
                recreate_database(maintenance_url, bench_db, drop_only=True)
            except Exception as error:  # report, but keep the original outcome
                print(f"Could not drop {bench_db}: {error}", file=sys.stderr)
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv=None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda signum, frame: (_ for _ in ()).throw(KeyboardInterrupt))
    try:
        return run(args)
    except BenchmarkError as error:
        print(f"benchmark: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("benchmark: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
