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
import subprocess
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
    WRK,
    BenchmarkError,
    Phases,
    http_get,
    load_with_python,
    manage,
    percentile,
    port_is_free,
    recreate_database,
    stop_gunicorn,
    token_wrk_script,
    wait_until_ready,
)

TARGET_RATE = 300  # accepted signatures per second (the target on a 2-core machine)
TARGET_P95_MS = 250

# wrk (C, a few % of a core) signs, so the load generator does not eat the CPU gunicorn needs. Each request
# carries the next resident's token; every accepted answer's signer number (the second word of the name
# "Підписант Бвг Бенчмаркович", the number spelled in letters: a name holds no digits) is written out, so the
# benchmark checks that each accepted signature has its row.
SIGN_WRK_SCRIPT = token_wrk_script(
    init=r"""
  sign_path = args[2]""",
    request=r"""
  return wrk.format("POST", sign_path, {["Authorization"] = "Bearer " .. token, ["Content-Length"] = "0"})""",
    accepted_pattern=r'"name":%s*"[^"]- ([^ "]+) ')


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


def gunicorn_threads() -> int:
    """Threads per worker that gunicorn.conf.py gives (GUNICORN_THREADS or its default)."""
    import runpy

    return int(runpy.run_path(str(BASE_DIR / "gunicorn.conf.py")).get("threads", 1))


def start_gunicorn(port: int, log_path: Path, workers: int, threads: int | None):
    log = open(log_path, "wb")  # closed by stop_gunicorn
    command = [sys.executable, "-m", "gunicorn", "cms.wsgi", "--workers", str(workers), "--bind", f"{HOST}:{port}",
               "--timeout", "60", "--log-level", "warning", "--error-logfile", "-", "--backlog", "2048"]
    if threads is not None:  # otherwise gunicorn.conf.py's, as in production
        command += ["--threads", str(threads)]
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
    users = [User(username=f"bench{n}", email=f"bench{n}@bench.example", full_name=signer_name(n),
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


def start_readers(port: int, petition_id: int, readers: int, poll_interval: float,
                  stop: threading.Event) -> tuple[list[threading.Thread], dict]:
    """Visitors polling the count endpoint every poll_interval until ``stop`` is set."""
    count_path = f"/api/v3/petitions/{petition_id}/count/"
    lock = threading.Lock()
    results = {"count_latencies": [], "count_errors": 0}

    def reader():
        local, errors, conn = [], 0, None
        while not stop.is_set():
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
            stop.wait(poll_interval)
        if conn is not None:
            conn.close()
        with lock:
            results["count_latencies"].extend(local)
            results["count_errors"] += errors

    threads = [threading.Thread(target=reader, daemon=True) for _ in range(readers)]
    for thread in threads:
        thread.start()
    return threads, results


def sign_with_wrk(port: int, petition_id: int, tokens: list[str], signers: int, duration: int,
                  workdir: Path) -> dict:
    """Signers through wrk: ``signers`` connections, each POST with the next resident's token."""
    tokens_file, accepted_file, script = workdir / "tokens.txt", workdir / "accepted.txt", workdir / "sign.lua"
    tokens_file.write_text("\n".join(tokens) + "\n")
    script.write_text(SIGN_WRK_SCRIPT)
    threads = max(1, min(signers, (os.cpu_count() or 2) // 2, 4))  # leave CPUs to gunicorn
    sign_path = f"/api/v3/petitions/{petition_id}/signatures/"
    command = [WRK, f"-t{threads}", f"-c{signers}", f"-d{duration}s", "--timeout", "10s", "--latency",
               "-s", str(script), f"http://{HOST}:{port}{sign_path}", "--", str(tokens_file), sign_path, str(threads)]
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=False,
                            env={**os.environ, "ACCEPTED_FILE": str(accepted_file)})
    elapsed = time.monotonic() - started
    line = next((line for line in result.stdout.splitlines() if line.startswith("BENCH ")), None)
    if result.returncode != 0 or line is None:
        raise BenchmarkError(f"wrk failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    values = {key: int(value) for key, value in (item.split("=") for item in line.split()[1:])}
    statuses = {int(key[1:]): value for key, value in values.items() if key.startswith("s") and key[1:].isdigit()}
    numbers = [signer_number(word) for word in accepted_file.read_text().split()]
    accepted = statuses.get(201, 0)
    return {"tool": "wrk", "accepted": accepted, "statuses": statuses, "ran_out": bool(values["ran_out"]),
            "errors": sum(n for status, n in statuses.items() if status != 201) + values["socket_errors"],
            "p50": values["p50_us"] / 1000, "p95": values["p95_us"] / 1000, "p99": values["p99_us"] / 1000,
            "elapsed": values["duration_us"] / 1e6 or elapsed, "accepted_numbers": numbers}


def sign_with_python(port: int, petition_id: int, tokens: list[str], signers: int, duration: int,
                     think: float) -> dict:
    """Signers as Python threads (without wrk, or with --think): every latency recorded."""
    deadline = time.monotonic() + duration
    token_queue: queue.SimpleQueue = queue.SimpleQueue()
    for token in tokens:
        token_queue.put(token)
    sign_path = f"/api/v3/petitions/{petition_id}/signatures/"
    lock = threading.Lock()
    results = {"tool": "Python threads", "latencies": [], "accepted": 0, "errors": 0, "statuses": {},
               "ran_out": False, "accepted_numbers": []}

    def signer():
        local, accepted, errors, statuses, numbers, conn = [], 0, 0, {}, [], None
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
                body = response.read()
                local.append(time.perf_counter() - start)
                statuses[response.status] = statuses.get(response.status, 0) + 1
                if response.status == 201:
                    accepted += 1
                    numbers.append(signer_number(json.loads(body)["name"].split()[1]))
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
            results["accepted_numbers"].extend(numbers)
            for status, number in statuses.items():
                results["statuses"][status] = results["statuses"].get(status, 0) + number

    started = time.monotonic()
    threads = [threading.Thread(target=signer, daemon=True) for _ in range(signers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 60)
    results["elapsed"] = time.monotonic() - started
    latencies = sorted(results.pop("latencies"))
    results.update(p50=percentile(latencies, 0.5) * 1000, p95=percentile(latencies, 0.95) * 1000,
                   p99=percentile(latencies, 0.99) * 1000)
    return results


def sign_load(port: int, petition_id: int, tokens: list[str], args, workdir: Path) -> dict:
    """Signing for args.duration seconds while args.readers visitors poll the count endpoint."""
    stop = threading.Event()
    readers, polled = start_readers(port, petition_id, args.readers, args.poll_interval, stop)
    try:
        if WRK and not args.python_load and not args.think:
            results = sign_with_wrk(port, petition_id, tokens, args.signers, args.duration, workdir)
        else:
            results = sign_with_python(port, petition_id, tokens, args.signers, args.duration, args.think)
    finally:
        stop.set()
        for thread in readers:
            thread.join(timeout=60)
    results.update(polled)
    results["count_latencies"].sort()
    return results


SIGNER_DIGITS = "абвгдежзик"  # 0-9: a signer's number as the letters of a name word


def signer_name(number: int) -> str:
    return f"Підписант {''.join(SIGNER_DIGITS[int(digit)] for digit in str(number)).capitalize()} Бенчмаркович"


def signer_number(word: str) -> int:
    """The number ``signer_name`` spelled; ``word`` as the answer's JSON has it (possibly \\u-escaped)."""
    letters = json.loads(f'"{word}"') if "\\" in word else word
    return int("".join(str(SIGNER_DIGITS.index(letter)) for letter in letters.lower()))


def unsaved_accepted(petition_id: int, numbers: list[int]) -> int:
    """How many accepted answers have no signature row (a lost signature)."""
    from django.db import connection

    users = [f"bench{number}" for number in numbers]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM petitions_signature s JOIN cms_user u ON u.id = s.user_id "
                       "WHERE s.petition_id = %s AND u.username = ANY(%s)", [petition_id, users])
        return len(set(users)) - cursor.fetchone()[0] + (len(users) - len(set(users)))


def stored_counts(petition_id: int, settle: float = 0.0) -> tuple[int, int]:
    """(stored count, valid signature rows), read in one statement so both come from one snapshot. With
    ``settle``, reads again until two reads ``settle`` seconds apart agree: requests that wrk left in flight
    finish on the server after the load generator stopped."""
    from django.db import connection

    connection.close()  # a fresh connection: read what the workers committed
    sql = ("SELECT signature_count, (SELECT count(*) FROM petitions_signature WHERE petition_id = %s AND is_valid) "
           "FROM petitions_petition WHERE id = %s")
    previous, deadline = None, time.monotonic() + 30
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [petition_id, petition_id])
            counts = cursor.fetchone()
        if not settle or counts == previous or time.monotonic() > deadline:
            return counts
        previous = counts
        time.sleep(settle)


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
    parser.add_argument("--threads", type=int,
                        help="threads per worker (default: gunicorn.conf.py's, as in production; 1: sync workers)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--python-load", action="store_true",
                        help="sign with Python threads even when wrk is installed (always so with --think)")
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
        threads = args.threads or gunicorn_threads()
        kind = f"{args.workers} workers" + (f" × {threads} threads (gthread)" if threads > 1 else " (sync)")
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
            signing = sign_load(args.port, petition_id, tokens, args, workdir)
        load_after = os.getloadavg()
        final_count, rows = stored_counts(petition_id, settle=0.5)
        lost = unsaved_accepted(petition_id, signing["accepted_numbers"])
        with phases(f"count endpoint alone: 20 connections, {args.compare_duration} s"):
            count_alone = load_with_python(args.port, count_path, 20, args.compare_duration)
        with phases(f"petition page alone: 20 connections, {args.compare_duration} s"):
            page_alone = load_with_python(args.port, page_path, 20, args.compare_duration)
        server_log = log_path.read_text(errors="replace").strip()

        count_latencies = signing["count_latencies"]
        rate = signing["accepted"] / signing["elapsed"]
        added = rows - initial[1]
        # wrk stops with requests in flight: the server may still save those (at most one per connection).
        in_flight = added - signing["accepted"]
        exact = final_count == rows and lost == 0 and 0 <= in_flight <= args.signers
        ratio = count_alone["rps"] / page_alone["rps"] if page_alone["rps"] else float("inf")
        met = rate >= TARGET_RATE and signing["p95"] < TARGET_P95_MS and not signing["errors"]
        print()
        print(f"Results: gunicorn {kind}, production settings, PostgreSQL, {os.cpu_count()} CPUs, "
              f"cache {'Redis' if os.environ.get('REDIS_URL') else 'local memory per worker'}, "
              f"signers: {signing['tool']}, think time {args.think:.2f} s")
        print("load average (1/5/15 min) before signing: {:.2f} {:.2f} {:.2f}".format(*load_before)
              + ", after: {:.2f} {:.2f} {:.2f}".format(*load_after))
        print(f"signing            accepted {signing['accepted']} in {signing['elapsed']:.1f} s = "
              f"{rate:.1f} signatures/s (target ≥ {TARGET_RATE})")
        print(f"                   latency p50 {signing['p50']:.1f} ms, p95 {signing['p95']:.1f} ms, "
              f"p99 {signing['p99']:.1f} ms (target p95 < {TARGET_P95_MS}), errors {signing['errors']}, "
              f"statuses {dict(sorted(signing['statuses'].items()))}")
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
        print(f"final count        stored {final_count}, rows {rows} (+{added}); accepted answers "
              f"{signing['accepted']}, each with its row: {'yes' if lost == 0 else f'NO, {lost} lost'}; "
              f"in flight when the load stopped {in_flight} → {'EXACT' if exact else 'MISMATCH'}")
        print(f"signing target     {'MET' if met else 'NOT MET'}")
        print("\nPhases:")
        for name, elapsed in phases.timings:
            print(f"  {name:<75} {elapsed:>7.1f} s")
        if server_log:
            print("\ngunicorn log (last lines):\n" + "\n".join(server_log.splitlines()[-20:]))
        failed = (not exact or signing["errors"] or signing["count_errors"] or count_alone["errors"]
                  or page_alone["errors"])
        return 1 if failed else 0
    finally:
        clean_up(server, keep=args.keep, created_db=created_db, maintenance_url=maintenance_url,
                 bench_db=bench_db, workdir=workdir)


def clean_up(server, *, keep: bool, created_db: bool, maintenance_url: str, bench_db: str, workdir) -> None:
    """Every exit path of a write benchmark: gunicorn stopped, connections closed, its database dropped unless kept."""
    stop_gunicorn(server)
    if "django" in sys.modules:
        from django.db import connections

        connections.close_all()
    if not keep and created_db:
        try:
            recreate_database(maintenance_url, bench_db, drop_only=True)
        except Exception as error:  # report, but keep the original outcome
            print(f"Could not drop {bench_db}: {error}", file=sys.stderr)
    shutil.rmtree(workdir, ignore_errors=True)


def run_benchmark(run, args) -> int:
    """Exit codes shared by the benchmarks: run's own, 2 when the benchmark could not run, 130 when interrupted."""
    signal.signal(signal.SIGTERM, lambda signum, frame: (_ for _ in ()).throw(KeyboardInterrupt))
    try:
        return run(args)
    except BenchmarkError as error:
        print(f"benchmark: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("benchmark: interrupted", file=sys.stderr)
        return 130


def main(argv=None) -> int:
    return run_benchmark(run, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
