"""A WSGI application for tests/cms/test_gunicorn_conf.py: each request waits until a second one is being served at
the same time, as a request waiting for the database leaves room for another in a threaded worker."""
import threading

_both = threading.Barrier(2, timeout=5)


def application(environ, start_response):
    try:
        _both.wait()
    except threading.BrokenBarrierError:
        start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
        return [b"alone"]
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"together"]
