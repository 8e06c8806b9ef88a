#!/usr/bin/env python3
"""Load benchmark of the city site.

Creates a fresh PostgreSQL database, seeds the demo city plus N news in bulk, serves the site with
gunicorn (production settings, 2 workers) on 127.0.0.1 and loads the home page, the news index, one
article, the site search and the API news list, one after the other. Prints requests/s, p50 and p95
latency, errors and SQL queries per request for each; exits non-zero when any URL answered with
errors. See benchmarks/README.md.

    DATABASE_URL=postgres://root@127.0.0.1:5432/postgres .venv/bin/python benchmarks/site_load.py
"""
import argparse
import contextlib
import datetime
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # the only address this script ever sends requests to
SEED_NEWS = 20  # seeded one by one by seed_demo (revisions, tags, images); the rest in bulk
BATCH = 1000
SEARCH_QUERY = "бюджету"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "postgis"}
WRK = shutil.which("wrk")

def token_wrk_script(*, init: str, request: str, accepted_pattern: str) -> str:
    """A wrk script for the resident-write benchmarks (budget_voting.py, petition_signing.py): each thread takes its
    share of the residents' tokens (one line each, in ``args[1]``), ``init`` reads the rest of the arguments,
    ``request`` builds a request from ``token`` (``nil`` once the tokens run out: ``ran_out`` is reported), and the
    first capture of ``accepted_pattern`` in every 201's body is written to the file named by $ACCEPTED_FILE, so the
    benchmark can check each accepted write has its row. One BENCH line sums statuses and latencies."""
    return r"""
local threads, next_id = {}, 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end
function init(args)
  tokens, used, ran_out, statuses, accepted = {}, 0, 0, {}, {}
  local n, count = 0, tonumber(args[#args])
  for line in io.lines(args[1]) do
    if n % count == id then tokens[#tokens + 1] = line end
    n = n + 1
  end
""" + init + r"""
end
function request()
  used = used + 1
  local token = tokens[used]
  if token == nil then
    ran_out, token = 1, "exhausted"
  end
""" + request + r"""
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 201 then
    accepted[#accepted + 1] = body:match('""" + accepted_pattern + r"""') or "?"
  end
end
function done(summary, latency, requests)
  local all, out, ran = {}, io.open(os.getenv("ACCEPTED_FILE"), "w"), 0
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do all[status] = (all[status] or 0) + n end
    for _, value in ipairs(thread:get("accepted")) do out:write(value, "\n") end
    ran = math.max(ran, thread:get("ran_out"))
  end
  out:close()
  local e, parts = summary.errors, {}
  for status, n in pairs(all) do parts[#parts + 1] = string.format("s%d=%d", status, n) end
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d "
    .. "socket_errors=%d ran_out=%d %s\n", summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), latency.max, e.connect + e.read + e.write + e.timeout,
    ran, table.concat(parts, " ")))
end
"""


WRK_SCRIPT = r"""
-- Counts non-2xx answers per thread and prints one line the benchmark parses.
-- Asks for gzip as every browser does: Varnish keeps public pages compressed and would otherwise unpack each answer.
wrk.headers["Accept-Encoding"] = "gzip"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("non2xx") end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d max_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency.max,
    bad, e.connect + e.read + e.write + e.timeout))
end
"""


class BenchmarkError(Exception):
    pass


class Phases:
    """Times each phase and prints it as it ends."""

    def __init__(self):
        self.timings: list[tuple[str, float]] = []

    @contextlib.contextmanager
    def __call__(self, name: str):
        print(f"→ {name} …", flush=True)
        start = time.perf_counter()
        yield
        elapsed = time.perf_counter() - start
        self.timings.append((name, elapsed))
        print(f"  done in {elapsed:.1f} s", flush=True)


# --- database ------------------------------------------------------------------------------------
def warm_request(client, path: str):
    """``path`` asked twice in-process (the first warms caches and the connection): the second answer, its time in
    ms and the SQL it ran (Django's captured queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - start) * 1000
    return response, elapsed, queries.captured_queries


def check_database_url(url: str | None, bench_db: str) -> tuple[str, str]:
    """Return (maintenance URL, benchmark URL); refuse anything but PostgreSQL."""
    if not url:
        raise BenchmarkError(
            "DATABASE_URL is not set. The benchmark needs a PostgreSQL server it may create databases on:\n"
            "  DATABASE_URL=postgres://root@127.0.0.1:5432/postgres make benchmark\n"
            "or pass --database-url."
        )
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in POSTGRES_SCHEMES:
        raise BenchmarkError(f"Only PostgreSQL is supported, not {scheme!r} ({url}).")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", bench_db):
        raise BenchmarkError(f"Invalid benchmark database name {bench_db!r}.")
    own_db = parts.path.lstrip("/") or "postgres"
    if own_db == bench_db:
        raise BenchmarkError(
            f"DATABASE_URL already points at {bench_db!r}; give the server's usual database (e.g. "
            "/postgres): the benchmark creates and drops its own database next to it."
        )
    maintenance = urllib.parse.urlunsplit(parts._replace(scheme="postgresql", path="/" + own_db))
    bench = urllib.parse.urlunsplit(parts._replace(scheme="postgresql", path="/" + bench_db))
    return maintenance, bench


def recreate_database(maintenance_url: str, name: str, *, drop_only: bool = False):
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                sql.Identifier(name)))


def manage(*args: str):
    """Run a manage.py command with the benchmark environment; fail loudly on error."""
    result = subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *args], cwd=BASE_DIR,
                            capture_output=True, text=True, timeout=1800, check=False)
    if result.returncode != 0:
        raise BenchmarkError(f"manage.py {' '.join(args)} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return result.stdout


# --- bulk news -----------------------------------------------------------------------------------
def chunks(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def bulk_create_news(count: int) -> list[int]:
    """Add `count` live news under the news index without Page.add_child per page.

    Paths, depth, numchild and url_path are computed as treebeard and Wagtail would; the wagtailcore_page
    rows go in with bulk_create, the home_newspage rows with the same INSERT bulk_create issues (Django
    refuses bulk_create on multi-table inheritance), then categories and tags in bulk."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from taggit.models import Tag
    from wagtail.images import get_image_model
    from wagtail.models import Page

    from home import demo_content as demo
    from home.management.commands.seed_demo import latin_slug
    from home.models import NewsCategory, NewsIndexPage, NewsPage, NewsPageTag

    if count <= 0:
        return []
    index = NewsIndexPage.objects.get()
    last = index.get_last_child()
    first_step = Page._str2int(last.path[-Page.steplen:]) + 1 if last else 1
    content_type = ContentType.objects.get_for_model(NewsPage)
    images = list(get_image_model().objects.filter(title__startswith="Демо: ").order_by("pk"))
    categories = {category.slug: category for category in NewsCategory.objects.all()}
    category_slugs = sorted(categories)
    tag_names = sorted({name for item in demo.NEWS for name in item[3]})
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=tag_names)}
    for name in tag_names:
        if name not in tags:
            tags[name] = Tag.objects.create(name=name)
    extra = "<p>Детальну інформацію можна отримати в приймальні міської ради або за телефоном гарячої лінії.</p>"
    now = timezone.now()

    news, page_categories, page_tags = [], [], []
    for number in range(count):
        title, lead, category, item_tags, official = demo.NEWS[number % len(demo.NEWS)]
        date = now - datetime.timedelta(hours=2 + 6 * number, minutes=number % 60)
        slug = f"{latin_slug(title)[:60].strip('-')}-{number + 1}"
        image = images[number % len(images)] if images and number % 4 != 3 else None
        news.append(NewsPage(
            title=title, draft_title=title, slug=slug, content_type=content_type,
            path=Page._get_path(index.path, index.depth + 1, first_step + number), depth=index.depth + 1,
            numchild=0, url_path=f"{index.url_path}{slug}/", locale_id=index.locale_id,
            translation_key=uuid.uuid4(), live=True, has_unpublished_changes=False,
            first_published_at=date, last_published_at=date, latest_revision_created_at=date,
            show_in_menus=False, date=date, lead=lead, is_official=official,
            body=[("paragraph", f"<p>{lead}</p>"), ("paragraph", extra)],
            main_image=image, main_image_alt=image.description if image else "",
        ))
        wanted = [category]
        if number % 5 == 0:  # some articles in two categories
            wanted.append(category_slugs[number // 5 % len(category_slugs)])
        page_categories.append({categories[slug] for slug in wanted})
        page_tags.append([tags[name] for name in item_tags])

    base_fields = [field.attname for field in Page._meta.concrete_fields if not field.primary_key]
    child_fields = NewsPage._meta.local_concrete_fields
    through = NewsPage.categories.through
    with transaction.atomic():
        for batch in chunks(news):
            bases = [Page(**{name: getattr(page, name) for name in base_fields}) for page in batch]
            Page.objects.bulk_create(bases)
            for page, base in zip(batch, bases, strict=True):
                page.id = page.page_ptr_id = base.id
            NewsPage._base_manager._insert(batch, fields=child_fields, using=connection.alias)
        Page.objects.filter(pk=index.pk).update(numchild=Page.objects.child_of(index).count())
        through.objects.bulk_create(
            [through(newspage_id=page.pk, newscategory_id=category.pk)
             for page, wanted in zip(news, page_categories, strict=True) for category in wanted],
            batch_size=5000,
        )
        NewsPageTag.objects.bulk_create(
            [NewsPageTag(content_object_id=page.pk, tag_id=tag.pk)
             for page, wanted in zip(news, page_tags, strict=True) for tag in wanted],
            batch_size=5000,
        )
    return [page.pk for page in news]


def index_news(page_ids: list[int]):
    """Add the bulk-created news to the search index, as publishing each one would.

    The categories are prefetched: Page.get_indexed_objects() does not prefetch RelatedFields, so the
    indexer would otherwise query each article's categories several times (what `update_index` does)."""
    from wagtail.search.backends import get_search_backend

    from home.models import NewsPage

    backend = get_search_backend()
    queryset = NewsPage.get_indexed_objects().prefetch_related("categories").order_by("pk")
    for batch in chunks(page_ids):
        backend.add_bulk(NewsPage, list(queryset.filter(pk__in=batch)))


def validate(expected: int, article_url: str) -> dict:
    """Check the tree the way treebeard's find_problems would, but with aggregate queries (find_problems
    issues two queries per page: 20 s at 10,000 news), then prove Wagtail can still add a child."""
    from django.db import transaction
    from django.db.models import Count, Q, Value
    from django.db.models.functions import Concat, Length
    from django.test import Client
    from wagtail.models import Page

    from home import selectors
    from home.models import NewsIndexPage, NewsPage
    from home.selectors import search_pages

    live = NewsPage.objects.live().count()
    if live != expected:
        raise BenchmarkError(f"Expected {expected} live news, found {live}.")
    index = NewsIndexPage.objects.get()
    children = Page.objects.filter(path__startswith=index.path, depth__gt=index.depth)
    tree = children.alias(path_length=Length("path")).aggregate(
        total=Count("pk"),
        slugs=Count("slug", distinct=True),
        bad_depth=Count("pk", filter=~Q(depth=index.depth + 1)),
        bad_path=Count("pk", filter=~Q(path_length=(index.depth + 1) * Page.steplen)),
        bad_numchild=Count("pk", filter=~Q(numchild=0)),
        bad_url_path=Count("pk", filter=~Q(url_path=Concat(Value(index.url_path), "slug", Value("/")))),
        not_news=Count("pk", filter=~Q(content_type__model="newspage")),
    )
    problems = {name: value for name, value in tree.items() if name.startswith(("bad", "not")) and value}
    if tree["total"] != expected or index.numchild != expected or tree["slugs"] != expected or problems:
        raise BenchmarkError(f"The page tree is inconsistent: numchild={index.numchild}, {tree}")
    if NewsPage.objects.count() != expected:
        raise BenchmarkError("Some wagtailcore_page rows of news have no home_newspage row.")
    with transaction.atomic():  # Wagtail can add the next article where treebeard expects it
        last_step = Page._str2int(index.get_last_child().path[-Page.steplen:])
        probe = index.add_child(instance=NewsPage(title="Перевірка", slug="benchmark-probe", lead="Перевірка"))
        if probe.path != Page._get_path(index.path, index.depth + 1, last_step + 1):
            raise BenchmarkError(f"add_child put the next article at {probe.path}.")
        transaction.set_rollback(True)
    listed = selectors.filter_news(selectors.news_queryset(), index=index).count()
    if listed != expected:
        raise BenchmarkError(f"The news index lists {listed} articles, expected {expected}.")
    client = Client(HTTP_HOST=HOST)
    last_page = min(-(-expected // settings_news_per_page()), list_max_pages())  # deeper pages: the filters
    for url in (index.url, f"{index.url}?page={last_page}", article_url):
        status = client.get(url).status_code
        if status != 200:
            raise BenchmarkError(f"{url} answered {status} after seeding.")
    matches = search_pages(SEARCH_QUERY).count()
    if not matches:
        raise BenchmarkError(f"Search for {SEARCH_QUERY!r} finds nothing: the index is not built.")
    return {"live news": live, "news index pages": last_page, f"search hits for «{SEARCH_QUERY}»": matches}


def settings_news_per_page() -> int:
    from django.conf import settings

    return settings.NEWS_PER_PAGE


def analyze():
    """Fresh statistics, as autovacuum would have them on a long-running database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# --- serving -------------------------------------------------------------------------------------
def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def http_get(port: int, path: str, timeout: float = 10) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def start_gunicorn(port: int, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "wb")  # closed by stop_gunicorn
    # Sync workers (one thread each), the shape the side-by-side runs with bakerydemo use for both sites.
    command = [sys.executable, "-m", "gunicorn", "cms.wsgi", "--workers", "2", "--threads", "1", "--bind",
               f"{HOST}:{port}", "--timeout", "60", "--log-level", "warning", "--error-logfile", "-"]
    process = subprocess.Popen(command, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    process.log = log
    return process


def wait_until_ready(process: subprocess.Popen, port: int, log_path: Path, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchmarkError(f"gunicorn exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            if http_get(port, "/robots.txt", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise BenchmarkError(f"gunicorn did not answer within {timeout:.0f} s:\n{log_path.read_text()[-3000:]}")


def stop_gunicorn(process: subprocess.Popen | None):
    if process is None:
        return
    if process.poll() is None:
        process.terminate()  # graceful: the master stops its workers
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    process.log.close()


# --- load ----------------------------------------------------------------------------------------
def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    rank = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values) + 0.5) - 1))
    return sorted_values[rank]


def load_with_wrk(port: int, path: str, concurrency: int, duration: int, script: Path) -> dict:
    threads = max(1, min(concurrency, (os.cpu_count() or 2) // 2, 4))  # leave CPUs to gunicorn
    command = [WRK, f"-t{threads}", f"-c{concurrency}", f"-d{duration}s", "--timeout", "10s", "--latency",
               "-s", str(script), f"http://{HOST}:{port}{path}"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=False)
    line = next((line for line in result.stdout.splitlines() if line.startswith("BENCH ")), None)
    if result.returncode != 0 or line is None:
        raise BenchmarkError(f"wrk failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    values = {key: int(value) for key, value in (item.split("=") for item in line.split()[1:])}
    return {
        "rps": values["requests"] / (values["duration_us"] / 1e6),
        "p50": values["p50_us"] / 1000, "p95": values["p95_us"] / 1000,
        "errors": values["non2xx"] + values["socket_errors"], "requests": values["requests"],
    }


def load_with_python(port: int, path: str, concurrency: int, duration: int) -> dict:
    """Fallback load generator: one thread per connection, every latency recorded."""
    deadline = time.monotonic() + duration
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker():
        local, bad, conn = [], 0, None
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(HOST, port, timeout=10)
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                local.append(time.perf_counter() - start)
                if not 200 <= response.status < 300:
                    bad += 1
                if response.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                bad += 1
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()
        with lock:
            latencies.extend(local)
            errors[0] += bad

    started = time.monotonic()
    workers = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=duration + 30)
    elapsed = time.monotonic() - started
    latencies.sort()
    return {"rps": len(latencies) / elapsed, "p50": percentile(latencies, 0.50) * 1000,
            "p95": percentile(latencies, 0.95) * 1000, "errors": errors[0], "requests": len(latencies)}


def existing_news(bench_url: str) -> int | None:
    """Live news in an existing benchmark database, or None when there is none (for --reuse)."""
    import psycopg

    try:
        with psycopg.connect(bench_url, connect_timeout=10) as conn:
            row = conn.execute("SELECT count(*) FROM home_newspage n JOIN wagtailcore_page p ON p.id = n.page_ptr_id "
                               "WHERE p.live").fetchone()
            return row[0]
    except psycopg.Error:
        return None


def list_max_pages() -> int:
    from django.conf import settings

    return getattr(settings, "LIST_MAX_PAGES", 10**9)


def module_targets() -> list[tuple[str, str]]:
    """One page of each module the demo city has (session, deputy, decision, petition, consultation) and
    their API lists; a module missing from this database is left out."""
    from wagtail.models import Page

    targets = []
    for label, model in (("session", "council.SessionPage"), ("deputy", "council.DeputyPage"),
                         ("decision", "council.DecisionPage"), ("consultation", "consultations.ConsultationPage")):
        app_label, name = model.split(".")
        page = Page.objects.live().public().filter(content_type__app_label=app_label,
                                                   content_type__model=name.lower()).order_by("-pk").first()
        if page is not None and page.url:
            targets.append((label, page.url))
    try:
        from petitions.models import Petition

        petition = Petition.objects.filter(status__in=Petition.PUBLIC_STATUSES).order_by("-pk").first()
        if petition is not None:
            targets.append(("petition", petition.get_absolute_url()))
    except ImportError:
        pass
    targets += [("API petitions list", "/api/v3/petitions/?limit=20"),
                ("API decisions list", "/api/v3/council/decisions/?limit=20")]
    return targets


def start_varnish(port: int, backend_port: int, workdir: Path) -> subprocess.Popen:
    """varnishd with the repository's VCL (deploy/varnish/portal.vcl), its backend pointed at gunicorn."""
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not Path(varnishd).exists():
        raise BenchmarkError("varnishd is not installed (apt-get install varnish); run with --modes uncached,app")
    if not port_is_free(port):
        raise BenchmarkError(f"Port {HOST}:{port} is in use; pass another --varnish-port.")
    workdir.chmod(0o755)  # varnishd started as root reads the VCL as its own user
    vcl = workdir / "portal.vcl"
    source = (BASE_DIR / "deploy" / "varnish" / "portal.vcl").read_text()
    vcl.write_text(source.replace('.port = "8000";', f'.port = "{backend_port}";'))
    vcl.chmod(0o644)
    process = subprocess.Popen([varnishd, "-F", "-n", str(workdir / "varnish"),
                                "-a", f"{HOST}:{port}", "-f", str(vcl), "-s", "malloc,256m"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchmarkError(f"varnishd exited with {process.returncode}")
        if not port_is_free(port):
            return process
        time.sleep(0.1)
    raise BenchmarkError("varnishd did not start within 30 s")


def stop_varnish(process: subprocess.Popen | None):
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def process_memory(pid: int) -> dict[str, int]:
    """Memory (KiB) of one process, read from /proc (Linux): resident (RSS, shared pages counted in full),
    proportional (PSS, pages shared with other processes split between them) and unique (USS, private pages only:
    what the process alone costs)."""
    # The first line of smaps_rollup names the address range; the others are "Name:  value kB".
    rollup = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])

    def kib(name):
        return int(rollup.get(name, "0 kB").split()[0])

    return {"rss": kib("Rss"), "pss": kib("Pss"), "uss": kib("Private_Clean") + kib("Private_Dirty")}


def worker_memory(master_pid: int) -> list[dict[str, int]]:
    """process_memory() of each gunicorn worker (the master's children), smallest RSS first."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            if fields.get("PPid", "").strip() != str(master_pid) or "VmRSS" not in fields:
                continue
            sizes.append(process_memory(int(status.parent.name)))
        except (OSError, ValueError):
            continue
    return sorted(sizes, key=lambda size: size["rss"])


def print_modes(targets, measured, results, modes):
    """Per page: SQL queries, then req/s, p50 and p95 in every mode that ran."""
    header = f"{'page':<22} {'SQL':>4}" + "".join(f" | {mode + ' req/s':>15} {'p50':>7} {'p95':>7}" for mode in modes)
    print(header)
    print("-" * len(header))
    for label, path in targets:
        line = f"{label[:22]:<22} {measured[path]['queries']:>4}"
        for mode in modes:
            result = results[mode][path]
            line += f" | {result['rps']:>15.1f} {result['p50']:>7.1f} {result['p95']:>7.1f}"
        print(line)


# --- queries per request -------------------------------------------------------------------------
def measure_in_process(paths: list[str]) -> dict[str, dict]:
    """SQL queries (and time) of one request per path, after two warm-up requests (the first renders, the second
    stores the cached fragments), in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    results = {}
    for path in paths:
        client.get(path)
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - start) * 1000
        results[path] = {"queries": len(queries.captured_queries), "status": response.status_code,
                         "ms": elapsed, "bytes": len(response.content)}
    return results


# --- main ----------------------------------------------------------------------------------------
def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--news", type=int, default=10_000, help="live news in the database (default 10000)")
    parser.add_argument("--concurrency", type=int, default=20, help="concurrent connections (default 20)")
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per URL (default 15)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="PostgreSQL server to use (default: $DATABASE_URL)")
    parser.add_argument("--bench-db", default="portal_bench", help="database to create (default portal_bench)")
    parser.add_argument("--port", type=int, default=8765, help="port for gunicorn on 127.0.0.1 (default 8765)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database (and its media)")
    parser.add_argument("--python-load", action="store_true", help="use the Python load generator even if wrk exists")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse the benchmark database when it holds --news live news (kept, never dropped)")
    parser.add_argument("--modes", default="uncached,app,varnish",
                        help="comma-separated: uncached (no page cache), app (the application's page cache), "
                             "varnish (deploy/varnish/portal.vcl in front); default all three")
    parser.add_argument("--varnish-port", type=int, default=6081, help="port for varnishd (default 6081)")
    parser.add_argument("--media-root", help="media directory of a reused database (printed by the run that kept it)")
    args = parser.parse_args(argv)
    args.modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    if not set(args.modes) <= {"uncached", "app", "varnish"}:
        parser.error("--modes takes uncached, app and varnish")
    if args.news < 1 or args.concurrency < 1 or args.duration < 1 or not 1024 <= args.port <= 65535:
        parser.error("--news, --concurrency and --duration must be positive; --port between 1024 and 65535")
    return args


def print_table(rows: list[dict]):
    header = (f"{'page':<18} {'URL':<44} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} "
              f"{'SQL/req':>8}")
    print(header)
    print("-" * len(header))
    for row in rows:
        url = urllib.parse.unquote(row["path"])
        url = url if len(url) <= 44 else url[:43] + "…"
        print(f"{row['label']:<18} {url:<44} {row['rps']:>8.1f} {row['p50']:>8.1f} {row['p95']:>8.1f} "
              f"{row['errors']:>7} {row['queries']:>8}")


def run(args) -> int:
    maintenance_url, bench_url = check_database_url(args.database_url, args.bench_db)
    if not port_is_free(args.port):
        raise BenchmarkError(f"Port {HOST}:{args.port} is in use; pass another --port.")
    use_wrk = WRK is not None and not args.python_load
    if WRK is None:
        print("wrk not found: using the Python load generator (install wrk with `sudo apt-get install wrk` "
              "for lighter, more accurate load).")

    phases = Phases()
    workdir = Path(tempfile.mkdtemp(prefix="portal_bench_"))
    # With --reuse, the media of the run that seeded the database (its path is printed when it is kept).
    media_dir = Path(args.media_root) if args.media_root else workdir / "media"
    log_path = workdir / "gunicorn.log"
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DATABASE_URL": bench_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "DB_CONN_MAX_AGE": "600",
        "MEDIA_ROOT": str(media_dir),
        "CACHE_KEY_PREFIX": f"portal-bench-{secrets.token_hex(4)}",  # when REDIS_URL is set: no shared keys
    })
    # In-process query counts and the "uncached" server render every request; "app" turns the page cache on.
    os.environ["PAGE_CACHE_ENABLED"] = "false"
    sys.path.insert(0, str(BASE_DIR))
    server = varnish = None
    created_db = False
    reused = args.reuse and existing_news(bench_url) == args.news
    try:
        if reused:
            print(f"Reusing {args.bench_db} with {args.news} live news.")
        else:
            with phases(f"create database {args.bench_db}"):
                recreate_database(maintenance_url, args.bench_db)
                created_db = not args.reuse
            with phases("migrate"):
                manage("migrate", "--noinput")
            with phases("collectstatic"):
                manage("collectstatic", "--noinput")
            seeded = min(args.news, SEED_NEWS)
            with phases(f"seed_demo --news {seeded} --no-users"):
                manage("seed_demo", "--news", str(seeded), "--no-users")
            with phases("db_worker --batch (search index and references of the seeded pages)"):
                manage("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay")

        import django

        django.setup()
        from home import selectors

        if not reused:
            with phases(f"bulk-create {args.news - seeded} news"):
                page_ids = bulk_create_news(args.news - seeded)
            with phases(f"search index for {len(page_ids)} news"):
                index_news(page_ids)
            with phases("VACUUM ANALYZE"):
                analyze()
        article = selectors.latest_news(count=1)[0]
        if not reused:
            with phases("validate tree, news index and search"):
                facts = validate(args.news, article.url)
            for name, value in facts.items():
                print(f"  {name}: {value}")

        targets = [
            ("home page", "/"),
            ("news index", "/novyny/"),
            ("article", article.url),
            (f"search «{SEARCH_QUERY}»", "/poshuk/?q=" + urllib.parse.quote(SEARCH_QUERY)),
            ("API news list", "/api/v3/home/news/?limit=20"),
        ] + module_targets()
        index_url = "/novyny/"
        last_page = min(-(-args.news // settings_news_per_page()), list_max_pages())
        spot_checks = [
            ("news index, last page", f"{index_url}?page={last_page}"),
            ("news index, one month", f"{index_url}?month={article.date:%Y-%m}"),
            ("news index, category", f"{index_url}?category=budzhet"),
            ("RSS feed", f"{index_url}rss/"),
            ("API search", "/api/v3/home/search/?q=" + urllib.parse.quote(SEARCH_QUERY)),
            ("API news, offset 1000", "/api/v3/home/news/?limit=20&offset=1000"),
            ("sitemap.xml", "/sitemap.xml"),
        ]
        with phases("SQL queries per request (in-process, Django test client)"):
            measured = measure_in_process([path for _, path in targets + spot_checks])
        for label, path in list(targets):
            if measured[path]["status"] != 200:
                raise BenchmarkError(f"{label} {path} answered {measured[path]['status']} in-process.")

        script = workdir / "bench.lua"
        script.write_text(WRK_SCRIPT)
        results: dict[str, dict[str, dict]] = {}
        memory: dict[str, list[int]] = {}
        load_before = os.getloadavg()
        tool = f"wrk ({WRK})" if use_wrk else "Python threads + http.client"
        print(f"Load: {args.concurrency} connections, {args.duration} s per URL, {tool}")
        for mode in args.modes:
            os.environ["PAGE_CACHE_ENABLED"] = "false" if mode == "uncached" else "true"
            os.environ["FRONTEND_CACHE_URL"] = f"http://{HOST}:{args.varnish_port}" if mode == "varnish" else ""
            with phases(f"[{mode}] start gunicorn (2 workers)"):
                server = start_gunicorn(args.port, log_path)
                wait_until_ready(server, args.port, log_path)
                port = args.port
                if mode == "varnish":
                    varnish = start_varnish(args.varnish_port, args.port, workdir)
                    port = args.varnish_port
                with ThreadPoolExecutor(max_workers=4) as pool:  # warm both workers: connections, caches
                    for label, path in targets:
                        statuses = set(pool.map(lambda p, port=port: http_get(port, p, timeout=60)[0], [path] * 8))
                        if statuses != {200}:
                            raise BenchmarkError(f"{label} {path} answered {statuses} ({mode}).")
            results[mode] = {}
            for label, path in targets:
                with phases(f"[{mode}] load {label}: {urllib.parse.unquote(path)[:44]}"):
                    if use_wrk:
                        result = load_with_wrk(port, path, args.concurrency, args.duration, script)
                    else:
                        result = load_with_python(port, path, args.concurrency, args.duration)
                results[mode][path] = result
            memory[mode] = worker_memory(server.pid)
            stop_varnish(varnish)
            varnish = None
            stop_gunicorn(server)
            server = None
        rows = [{"label": label, "path": path, "queries": measured[path]["queries"],
                 **results[args.modes[0]][path]} for label, path in targets]
        server_log = log_path.read_text(errors="replace").strip() if log_path.exists() else ""

        print()
        print(f"Results: {args.news} news, gunicorn 2 sync workers, {args.concurrency} connections, "
              f"{args.duration} s per URL, {tool}, {os.cpu_count()} CPUs, "
              f"cache {'Redis' if os.environ.get('REDIS_URL') else 'local memory'}")
        print("load average (1/5/15 min) before the load phase: {:.2f} {:.2f} {:.2f}".format(*load_before)
              + ", after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        print(f"article: {article.url}")
        print(f"first mode ({args.modes[0]}):")
        print_table(rows)
        print()
        print_modes(targets, measured, results, args.modes)
        for mode, sizes in memory.items():
            print(f"worker memory after the {mode} run (each gunicorn worker, RSS / PSS / USS): "
                  + ", ".join(f"{size['rss'] / 1024:.0f} / {size['pss'] / 1024:.0f} / {size['uss'] / 1024:.0f} MiB"
                              for size in sizes))
        print()
        print("Single requests (in-process after two warm-ups; not under load):")
        print(f"{'page':<24} {'URL':<42} {'status':>6} {'ms':>8} {'SQL':>5} {'KiB':>7}")
        for label, path in targets + spot_checks:
            m = measured[path]
            url = urllib.parse.unquote(path)
            print(f"{label:<24} {url[:42]:<42} {m['status']:>6} {m['ms']:>8.1f} {m['queries']:>5} "
                  f"{m['bytes'] / 1024:>7.1f}")
        print()
        print("Phases:")
        for name, elapsed in phases.timings:
            print(f"  {name:<70} {elapsed:>7.1f} s")
        if server_log:
            print("\ngunicorn log (last lines):\n" + "\n".join(server_log.splitlines()[-20:]))
        failed = any(result["errors"] for by_path in results.values() for result in by_path.values())
        if failed:
            print("\nSome URLs answered with errors (non-2xx or socket errors).", file=sys.stderr)
        return 1 if failed else 0
    finally:
        stop_varnish(varnish)
        stop_gunicorn(server)
        if sys.exc_info()[0] is not None and log_path.exists() and log_path.stat().st_size:
            print("gunicorn log (last lines):\n" + "\n".join(log_path.read_text(errors="replace").splitlines()[-20:]),
                  file=sys.stderr)
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if args.keep or args.reuse:
            print(f"\nKept database {args.bench_db} ({bench_url}) and media in {media_dir}.")
        else:
            if created_db:
                try:
                    recreate_database(maintenance_url, args.bench_db, drop_only=True)
                except Exception as error:  # report, but keep the original outcome
                    print(f"Could not drop {args.bench_db}: {error}", file=sys.stderr)
            shutil.rmtree(workdir, ignore_errors=True)


def main(argv=None) -> int:
    args = parse_args(argv)

    def terminate(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
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
