#!/usr/bin/env python3
"""The public appeals list searched by words at scale: the SQL the list page (``/zvernennia/?q=``), its map's points
(``/zvernennia/tochky/?q=``) and the API list (``/api/v3/appeals/?q=``) run, each query's plan and time (EXPLAIN
(ANALYZE, BUFFERS)), for phrases with a word that almost every appeal has («вул.» of the address), a rare word, a word
form, a number and a word no appeal has. See benchmarks/README.md.

    .venv/bin/python benchmarks/appeals_search.py --database-url postgres://root@127.0.0.1:5432/postgres \
        --appeals 25000 --keep --plans /tmp/appeal_plans
"""
import argparse
import datetime
import os
import random
import secrets
import sys
import tempfile
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import site_load  # noqa: E402  (the database helpers of the site benchmark)
from list_load import explain  # noqa: E402

# None: a registration number. «вул. Тихий»: two words common alone and rare together (only «пров. Тихий» exists), so
# the planner expects many rows and reads the date index to the end to find none.
QUERIES = ["вул. Соборна", "Соборна", "ями", "ліфт", None, "абракадабра", "вул. Тихий", "вул"]
# Mostly streets («вул.» in nearly every address), some avenues, boulevards and lanes.
STREETS = ["вул. Соборна", "вул. Шевченка", "вул. Лісова", "вул. Садова", "вул. Героїв", "вул. Молодіжна",
           "вул. Центральна", "вул. Набережна", "вул. Івана Франка", "вул. Грушевського", "вул. Козацька",
           "вул. Вишнева", "вул. Полтавська", "вул. Київська", "вул. Гоголя", "вул. Степова", "вул. Заводська",
           "вул. Квітнева", "вул. Миколи Лисенка", "вул. Паркова", "просп. Миру", "бульв. Незалежності",
           "пров. Тихий", "майдан Свободи"]
DISTRICTS = ["Центральний", "Заводський", "Лісовий", "Південний", "Північний", "Набережний"]
CONFIDENTIAL_SHARE = 10  # one confidential appeal for every N public ones


def seed_appeals(count: int, seed: int) -> int:
    """``count`` public registered appeals (and a tenth as many confidential ones) in bulk, spread over four years,
    with the demo's texts and varied addresses; the database computes each one's search vector."""
    from django.db import connection
    from django.utils import timezone

    from appeals.demo import PROBLEMS
    from appeals.models import Appeal, Category, NumberCounter

    rng = random.Random(seed)
    categories = {category.slug: category for category in Category.objects.select_related("service")}
    slugs = [slug for slug in PROBLEMS if slug in categories]
    statuses = [status for status in Appeal.Status.values if status != Appeal.Status.RECEIVED]
    now = timezone.now()
    total = count + count // CONFIDENTIAL_SHARE
    counters: dict[int, int] = {row.year: row.last for row in NumberCounter.objects.all()}
    rows = []
    for index in range(total):
        registered = now - datetime.timedelta(days=4 * 365 * index / total, minutes=rng.randint(0, 600))
        year = registered.year
        counters[year] = counters.get(year, 0) + 1
        slug = rng.choice(slugs)
        street = rng.choice(STREETS) if rng.random() < 0.95 else rng.choice(STREETS[:20])
        address = f"{street}, {rng.randint(1, 160)}" + (f", кв. {rng.randint(1, 120)}" if rng.random() < 0.3 else "")
        text = rng.choice(PROBLEMS[slug]).format(address=address)
        point = {} if rng.random() < 0.2 else {"latitude": f"{rng.uniform(49.565, 49.615):.6f}",
                                               "longitude": f"{rng.uniform(34.505, 34.615):.6f}"}
        rows.append(Appeal(
            number=f"{year}/{counters[year]}", registered_at=registered, category=categories[slug],
            service=categories[slug].service, author_name="Петренко Іван", author_email="ivan@example.com",
            text=text, address=address, is_public=index % (CONFIDENTIAL_SHARE + 1) != CONFIDENTIAL_SHARE,
            status=rng.choice(statuses), due_date=(registered + datetime.timedelta(days=30)).date(),
            district_name=rng.choice(DISTRICTS), **point))
    for batch in site_load.chunks(rows, 2000):
        Appeal.objects.bulk_create(batch)
    for year, last in counters.items():
        NumberCounter.objects.update_or_create(year=year, defaults={"last": last})
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE appeals_appeal")
    return total


def measure(paths: list[tuple[str, str]], plans_dir: Path | None, repeat: int, gin_first: bool) -> list[dict]:
    """Per path: status, SQL queries and, for every query of the appeals table, its best execution time of
    ``repeat`` EXPLAIN ANALYZE runs (the first warms the cache). ``gin_first``: explained with plain index scans
    off, i.e. the plan that reads the search's GIN index (and the number's) first and sorts what it found."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST=site_load.HOST)
    results = []
    for label, path in paths:
        response, elapsed, captured = site_load.warm_request(client, path)
        measured = []
        for query in captured:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or '"appeals_appeal"' not in sql.split("WHERE")[0]:
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"SET enable_indexscan = {'off' if gin_first else 'on'}")
            try:
                runs = [explain(sql) for _ in range(repeat)]
            finally:
                with connection.cursor() as cursor:
                    cursor.execute("RESET enable_indexscan")
            best = min(runs, key=lambda run: run[0])
            measured.append((best[0], best[2], sql))
        results.append({"label": label, "path": path, "status": response.status_code,
                        "queries": len(captured), "ms": elapsed,
                        "appeal_sql_ms": [ms for ms, _plan, _sql in measured]})
        if plans_dir is not None:
            with open(plans_dir / f"{len(results):02d}.txt", "w") as out:
                out.write(f"{label}: GET {urllib.parse.unquote(path)} -> {response.status_code}, "
                          f"{len(captured)} queries, {elapsed:.1f} ms in-process\n")
                for ms, plan, sql in measured:
                    out.write(f"\n==== {ms:.2f} ms\n{sql}\n\n{plan}\n")
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="a PostgreSQL server (its usual database); default $DATABASE_URL")
    parser.add_argument("--bench-db", default="portal_appeals_bench", help="database the script creates")
    parser.add_argument("--appeals", type=int, default=25_000, help="public appeals (default 25,000)")
    parser.add_argument("--repeat", type=int, default=5, help="EXPLAIN ANALYZE runs per query; the best counts")
    parser.add_argument("--plans", type=Path, help="write every appeals query's SQL and plan here, a file per URL")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse", action="store_true", help="measure the database a --keep run left")
    parser.add_argument("--seed", type=int, default=17, help="random seed of the appeals (default 17)")
    parser.add_argument("--gin-first", action="store_true",
                        help="explain with plain index scans off: the plans that read the GIN index first")
    args = parser.parse_args(argv)
    maintenance_url, bench_url = site_load.check_database_url(args.database_url, args.bench_db)
    workdir = Path(tempfile.mkdtemp(prefix="portal_appeals_"))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "cms.settings.production", "DATABASE_URL": bench_url,
        "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": site_load.HOST, "SECURE_SSL_REDIRECT": "false",
        "DB_CONN_MAX_AGE": "600", "MEDIA_ROOT": str(workdir / "media"), "PAGE_CACHE_ENABLED": "false",
        "CACHE_KEY_PREFIX": f"portal-appeals-{secrets.token_hex(4)}",
    })
    sys.path.insert(0, str(site_load.BASE_DIR))
    phases = site_load.Phases()
    try:
        if not args.reuse:
            with phases(f"create database {args.bench_db}"):
                site_load.recreate_database(maintenance_url, args.bench_db)
            with phases("migrate"):
                site_load.manage("migrate", "--noinput")
            with phases("collectstatic"):
                site_load.manage("collectstatic", "--noinput")
            with phases("seed_demo --news 1 --no-users"):
                site_load.manage("seed_demo", "--news", "1", "--no-users")
        import django

        django.setup()
        from appeals.models import Appeal
        from appeals.visibility import public_appeals

        if not args.reuse:
            with phases(f"{args.appeals} public appeals in bulk, VACUUM ANALYZE"):
                seed_appeals(args.appeals, args.seed)
        from appeals.selectors import index_url

        public = public_appeals().count()
        number = public_appeals().order_by("pk")[public // 2].number
        index = index_url()
        paths = []
        for query in QUERIES:
            text = number if query is None else query
            q = urllib.parse.quote(text)
            paths += [(f"page «{text}»", f"{index}?q={q}"), (f"API «{text}»", f"/api/v3/appeals/?q={q}"),
                      (f"page «{text}», page 3", f"{index}?q={q}&page=3"),
                      (f"map points «{text}»", f"{index}tochky/?q={q}")]  # the list map's 500 newest points
        if args.plans:
            args.plans.mkdir(parents=True, exist_ok=True)
        results = measure(paths, args.plans, args.repeat, args.gin_first)
        print(f"\n{public} public appeals of {Appeal.objects.count()}; best of {args.repeat} EXPLAIN ANALYZE runs "
              f"per query of the appeals table{', index scans off (GIN first)' if args.gin_first else ''}\n")
        print(f"{'request':<34} {'status':>6} {'SQL':>4} {'in-process ms':>14}  appeals queries, ms each")
        for row in results:
            print(f"{row['label'][:34]:<34} {row['status']:>6} {row['queries']:>4} {row['ms']:>14.1f}  "
                  + ", ".join(f"{ms:.2f}" for ms in row["appeal_sql_ms"]))
        print("\n" + "\n".join(f"{name}: {seconds:.1f} s" for name, seconds in phases.timings))
        return 0 if all(row["status"] == 200 for row in results) else 1
    finally:
        if not args.keep and not args.reuse:
            from django.db import connections

            connections.close_all()
            site_load.recreate_database(maintenance_url, args.bench_db, drop_only=True)


if __name__ == "__main__":
    sys.exit(main())
