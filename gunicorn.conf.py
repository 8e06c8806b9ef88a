"""gunicorn's settings for the portal, read from the working directory (`gunicorn cms.wsgi --workers N`).

The application is loaded once in the master and the workers are forked from it, so the code and the data that
imports build (Django, Wagtail, the modules; cms.wsgi adds the URL map, catalogues and template engine a first
request would build) are shared copy-on-write instead of loaded by every worker; the garbage collector's own
bookkeeping would otherwise touch (and so copy) those pages in each worker at its first full collection, hence
``gc.freeze()`` before the fork. Workers are renewed after a number of requests to bound slow growth.

Measured with benchmarks/worker_memory.py (2 workers, after wrk on four pages; PSS / USS per worker, MiB): preload
78 / 35, without it 162 / 154; a full collection in each worker: frozen 80 / 38, not frozen 115 / 90.
MALLOC_ARENA_MAX=2 and malloc_trim(0) before the fork changed nothing (within 1 MiB): not used.

Workers are sync (one request at a time each) unless ``GUNICORN_THREADS`` asks for more threads (gunicorn's gthread
worker): threads let a worker answer while another request waits for PostgreSQL, but a kept-alive connection stays
with the worker that accepted it, so a busy worker's clients wait longer than the others'. Measured on a quiet machine
with benchmarks/budget_voting.py (4 workers, 100 voters, 60 s, runs alternated): sync 671 and 519 ballots/s with p95
170 and 230 ms; 2 threads 561 and 545 ballots/s with p95 389 and 424 ms. Django and the portal keep per-request state
in context variables, never in globals, so either works."""
import gc
import os

preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in {"1", "true", "yes", "on"}
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
max_requests_jitter = max_requests // 10


def when_ready(server):
    # Runs in the master after the application is loaded (preload) and before the first worker is forked.
    gc.freeze()
