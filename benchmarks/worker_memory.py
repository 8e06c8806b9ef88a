#!/usr/bin/env python3
"""Memory of gunicorn's workers: RSS, PSS and USS of each worker (and of the master) after start-up and after a
short wrk run on a few pages, read from /proc/PID/smaps_rollup. See benchmarks/README.md.

    # the portal, against a database that site_load.py kept (its name contains "bench"), one serving setup per
    # --variant (environment given to gunicorn; the first one, "default", as gunicorn.conf.py says)
    .venv/bin/python benchmarks/worker_memory.py --database-url postgres://root@127.0.0.1:5432/portal_2k_bench \
        --variant default --variant no-preload GUNICORN_PRELOAD=false --variant arena2 MALLOC_ARENA_MAX=2
    # any other site already served by gunicorn on 127.0.0.1 (e.g. Wagtail's bakerydemo), measured the same way
    .venv/bin/python benchmarks/worker_memory.py --attach MASTER_PID --port 8801 --paths / /blog/a-post/ /breads/
"""
import argparse
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import site_load  # noqa: E402  (the gunicorn, wrk and /proc helpers of the site benchmark)

HOST = site_load.HOST


def wrk(port: int, path: str, threads: int, connections: int, duration: int, script: Path) -> dict:
    command = [site_load.WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency",
               "-s", str(script), f"http://{HOST}:{port}{path}"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=False)
    line = next((line for line in result.stdout.splitlines() if line.startswith("BENCH ")), None)
    if result.returncode != 0 or line is None:
        raise site_load.BenchmarkError(f"wrk failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    values = {key: int(value) for key, value in (item.split("=") for item in line.split()[1:])}
    return {"rps": values["requests"] / (values["duration_us"] / 1e6),
            "errors": values["non2xx"] + values["socket_errors"]}


def wait_for_workers(master_pid: int, count: int, timeout: float = 60):
    """Until the master has ``count`` workers whose memory stopped changing: without preload_app each worker
    imports the application itself, and the ready check reached only one of them."""
    deadline = time.monotonic() + timeout
    previous = None
    while time.monotonic() < deadline:
        sizes = [size["rss"] for size in site_load.worker_memory(master_pid)]
        if len(sizes) == count and sizes == previous:
            return
        previous = sizes
        time.sleep(0.5)
    raise site_load.BenchmarkError(f"gunicorn did not settle with {count} workers within {timeout:.0f} s")


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f}"


def describe(master_pid: int) -> str:
    workers = site_load.worker_memory(master_pid)
    master = site_load.process_memory(master_pid)
    total_pss = master["pss"] + sum(size["pss"] for size in workers)
    return ("workers " + ", ".join(f"{mib(s['rss'])} / {mib(s['pss'])} / {mib(s['uss'])}" for s in workers)
            + f"; master {mib(master['rss'])} / {mib(master['pss'])} / {mib(master['uss'])}"
            + f"; PSS of master + workers {mib(total_pss)}")


def measure(master_pid: int, port: int, paths: list[str], args, script: Path) -> list[str]:
    """Memory after start-up, then each path warmed (both workers) and loaded with wrk, then memory again."""
    lines = [f"  after start-up:     {describe(master_pid)}"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        for path in paths:
            statuses = set(pool.map(lambda p: site_load.http_get(port, p, timeout=60)[0], [path] * 8))
            if statuses != {200}:
                raise site_load.BenchmarkError(f"{path} answered {statuses}")
    rates = []
    for path in paths:
        result = wrk(port, path, args.threads, args.connections, args.duration, script)
        if result["errors"]:
            raise site_load.BenchmarkError(f"{path}: {result['errors']} errors under load")
        rates.append(f"{urllib.parse.unquote(path)[:40]} {result['rps']:.1f}/s")
    lines.append(f"  after the wrk run:  {describe(master_pid)}")
    lines.append("  requests/s: " + ", ".join(rates))
    return lines


def portal_paths() -> list[str]:
    """Home, the news index, the newest article and the API news list: the pages bakerydemo has counterparts of."""
    import django

    django.setup()
    from home import selectors

    article = selectors.latest_news(count=1)[0]
    return ["/", "/novyny/", article.url, "/api/v3/home/news/?limit=20"]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="the portal: a benchmark database kept by site_load.py")
    parser.add_argument("--media-root", help="its media directory (printed by site_load.py --keep)")
    parser.add_argument("--variant", nargs="+", action="append", metavar=("NAME", "VAR=VALUE"),
                        help="a serving setup of the portal: a name and the environment gunicorn gets "
                             "(repeatable; default: one variant, gunicorn.conf.py as it is)")
    parser.add_argument("--port", type=int, default=8768, help="gunicorn's port (default 8768)")
    parser.add_argument("--attach", type=int, metavar="MASTER_PID", help="measure a gunicorn already running")
    parser.add_argument("--paths", nargs="+", help="paths to load (with --attach; the portal's are found)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2, as site_load.py)")
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per path (default 5)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    args = parser.parse_args(argv)
    if site_load.WRK is None:
        parser.error("needs wrk (Debian: apt-get install wrk)")
    if args.attach is None and not args.database_url:
        parser.error("give --database-url (the portal) or --attach MASTER_PID --paths ... (a running gunicorn)")
    if args.attach is not None and not args.paths:
        parser.error("--attach needs --paths")
    if args.database_url and "bench" not in urllib.parse.urlsplit(args.database_url).path:
        parser.error("the database's name must contain 'bench' (a database site_load.py kept)")
    for variant in args.variant or []:
        if any(not re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", item) for item in variant[1:]):
            parser.error(f"variant {variant[0]}: give the environment as NAME=value")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="portal_memory_"))
    script = workdir / "bench.lua"
    script.write_text(site_load.WRK_SCRIPT)
    load_before = os.getloadavg()
    try:
        if args.attach is not None:
            wait_for_workers(args.attach, args.workers)
            print(f"gunicorn {args.attach} on port {args.port} (RSS / PSS / USS, MiB):")
            print("\n".join(measure(args.attach, args.port, args.paths, args, script)))
            return 0
        os.environ.update({
            "DJANGO_SETTINGS_MODULE": "cms.settings.production", "DATABASE_URL": args.database_url,
            "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": HOST, "SECURE_SSL_REDIRECT": "false",
            "DB_CONN_MAX_AGE": "600", "MEDIA_ROOT": args.media_root or str(workdir / "media"),
            "PAGE_CACHE_ENABLED": "false", "CACHE_KEY_PREFIX": f"portal-memory-{secrets.token_hex(4)}",
        })
        sys.path.insert(0, str(site_load.BASE_DIR))
        paths = args.paths or portal_paths()
        base_environment = dict(os.environ)
        for name, *assignments in args.variant or [["default"]]:
            os.environ.clear()
            os.environ.update(base_environment)
            os.environ.update(item.split("=", 1) for item in assignments)
            log_path = workdir / f"gunicorn-{name}.log"
            server = site_load.start_gunicorn(args.port, log_path)
            try:
                site_load.wait_until_ready(server, args.port, log_path)
                wait_for_workers(server.pid, args.workers)
                print(f"{name} {' '.join(assignments)} (RSS / PSS / USS, MiB):")
                print("\n".join(measure(server.pid, args.port, paths, args, script)))
            finally:
                site_load.stop_gunicorn(server)
        return 0
    except site_load.BenchmarkError as error:
        print(f"worker_memory: {error}", file=sys.stderr)
        return 2
    finally:
        print(f"load average before {', '.join(f'{v:.2f}' for v in load_before)}; after "
              f"{', '.join(f'{v:.2f}' for v in os.getloadavg())}; wrk -t{args.threads} -c{args.connections} "
              f"-d{args.duration}s per path")


if __name__ == "__main__":
    sys.exit(main())
