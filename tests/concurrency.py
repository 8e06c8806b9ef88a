"""Exactly-once tests: start calls at the same moment in threads of their own, each with its own connection."""
import threading

from django.db import connection

from cms.errors import RuleError


def run_concurrently(calls):
    """Start every call at the same moment (a barrier) in its own thread; return "ok", a refusal's code, or the
    repr of any other error (so the assertion shows it)."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            call()
            results[index] = "ok"
        except RuleError as error:
            results[index] = error.code
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            results[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
