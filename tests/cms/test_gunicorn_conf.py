"""gunicorn.conf.py, as production reads it: sync workers (one request at a time each) unless GUNICORN_THREADS asks
for threads, and then one worker answers a second request while the first waits."""
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(port: int, **env):
    environment = {**os.environ, "PYTHONPATH": str(BASE_DIR), **env}
    return subprocess.Popen([sys.executable, "-m", "gunicorn", "tests.cms.barrier_wsgi", "--workers", "1", "--bind",
                             f"127.0.0.1:{port}", "--log-level", "warning"], cwd=BASE_DIR, env=environment,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def get(port: int) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_listening(server, port: int):
    deadline = time.monotonic() + 30
    while True:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited: {server.stderr.read().decode()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        if time.monotonic() > deadline:
            pytest.fail("gunicorn did not listen within 30 s")
        time.sleep(0.05)  # polling for the port, not waiting for an outcome


@pytest.mark.parametrize(("env", "together"), [({}, False), ({"GUNICORN_THREADS": "2"}, True)])
def test_a_worker_serves_a_second_request_at_once_only_with_threads(env, together):
    port = free_port()
    server = serve(port, **env)
    try:
        wait_listening(server, port)
        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(lambda _n: get(port), range(2)))
    finally:
        server.terminate()
        server.wait(timeout=30)
    if together:
        assert answers == [(200, b"together")] * 2
    else:  # one thread per worker (sync): the first request can never meet the second
        assert (503, b"alone") in answers
