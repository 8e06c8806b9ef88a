"""gunicorn's settings for the portal, read from the working directory (`gunicorn cms.wsgi --workers N`).

The application is loaded once in the master and the workers are forked from it, so the code and the data that
imports build (Django, Wagtail, the modules) are shared copy-on-write instead of loaded by every worker; the
garbage collector's own bookkeeping would otherwise touch (and so copy) those pages in each worker, hence
``gc.freeze()`` before the fork. Workers are renewed after a number of requests to bound slow growth."""
import gc
import os

preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in {"1", "true", "yes", "on"}
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10


def when_ready(server):
    # Runs in the master after the application is loaded (preload) and before the first worker is forked.
    gc.freeze()
