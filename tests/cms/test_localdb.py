"""The embedded PostgreSQL of `make run` and `make test` (cms/localdb.py): real servers in temporary folders."""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from cms import localdb

BASE_DIR = Path(__file__).resolve().parents[2]


def launcher(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "cms.localdb", *args], cwd=BASE_DIR, env=environment,
                          capture_output=True, text=True, timeout=120, **kwargs)


def psql_url_command(data: Path) -> list[str]:
    """psql through the same socket URL the portal gets (as DATABASE_URL)."""
    return ["sh", "-c", f'"{localdb.bin_dir() / "psql"}" "$DATABASE_URL" -tAc "SELECT \'answer:\' || 42"']


@pytest.fixture
def tmp_path():
    """A folder of our own: pytest prunes its numbered temporary folders when another session starts, and a
    server (running as another user) must not lose its data folder under it."""
    folder = Path(tempfile.mkdtemp(prefix="portal-localdb-test-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def wait_for(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


def test_database_url_wins_and_nothing_is_started(tmp_path):
    result = launcher("run", "--data", str(tmp_path / "data"), "--", "sh", "-c", "echo $DATABASE_URL",
                      env={"DATABASE_URL": "postgres://someone@db.example/portal"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "postgres://someone@db.example/portal"
    assert not (tmp_path / "data").exists()


def test_test_mode_runs_the_command_on_a_throwaway_server_and_removes_it(tmp_path):
    result = launcher("test", "--", *psql_url_command(tmp_path),
                      env={"TMPDIR": str(tmp_path)})

    assert result.returncode == 0, result.stderr
    assert "answer:42" in result.stdout
    assert list(tmp_path.iterdir()) == []  # the data folder is gone, and with it the server


@pytest.fixture(scope="module")
def quick_start_data():
    """One quick-start data folder for the `run` tests (initdb once; each test starts and stops the server)."""
    folder = Path(tempfile.mkdtemp(prefix="portal-localdb-run-"))
    yield folder / "data"
    server = localdb.LocalServer(folder / "data")
    if server.is_running():
        server.started_here = True
        server.stop()
    shutil.rmtree(folder, ignore_errors=True)


def test_the_command_exit_code_is_kept_the_server_stopped_and_the_data_kept(quick_start_data):
    data = quick_start_data
    create = ["sh", "-c", f'"{localdb.bin_dir() / "psql"}" "$DATABASE_URL" -qc "CREATE TABLE kept (x int)"; exit 3']
    result = launcher("run", "--data", str(data), "--", *create)

    assert result.returncode == 3, result.stderr
    assert not localdb.LocalServer(data).is_running()

    again = launcher("run", "--data", str(data), "--", "sh", "-c",
                     f'"{localdb.bin_dir() / "psql"}" "$DATABASE_URL" -tAc "SELECT count(*) FROM kept"')
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "0"  # the table made by the first run is there


def test_a_second_run_says_the_first_is_running_and_a_killed_launcher_leaves_nothing_in_the_way(quick_start_data):
    data = quick_start_data
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    first = subprocess.Popen([sys.executable, "-m", "cms.localdb", "run", "--data", str(data), "--",
                              "sleep", "120"], cwd=BASE_DIR, env=environment,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = localdb.LocalServer(data)
    try:
        wait_for(lambda: server.is_running()
                 and server._run("pg_isready", "-h", str(server.socket_dir), check=False).returncode == 0)

        second = launcher("run", "--data", str(data), "--", "true")
        assert second.returncode == 1
        assert "Another `make run` is already using the local database" in second.stderr

        first.send_signal(signal.SIGKILL)  # a crash: no clean-up at all, the server keeps running
        first.wait()
        subprocess.run(["pkill", "-f", "sleep 120"], check=False)

        after_crash = launcher("run", "--data", str(data), "--", *psql_url_command(data))
        assert after_crash.returncode == 0, after_crash.stderr
        assert "answer:42" in after_crash.stdout
        assert not server.is_running()  # the next launcher took the server over and stopped it
    finally:
        if first.poll() is None:
            first.kill()


def test_a_server_killed_with_its_lock_files_left_behind_starts_again(quick_start_data):
    data = quick_start_data
    server = localdb.LocalServer(data)
    server.start()
    pid = int((data / "postmaster.pid").read_text().splitlines()[0])
    os.kill(pid, signal.SIGKILL)
    wait_for(lambda: not Path(f"/proc/{pid}").exists() or not server.is_running())
    assert (data / "postmaster.pid").exists()  # stale lock left by the crash

    result = launcher("run", "--data", str(data), "--", *psql_url_command(data))

    assert result.returncode == 0, result.stderr
    assert "answer:42" in result.stdout


def test_a_long_data_path_gets_a_short_socket_folder(tmp_path):
    long_folder = tmp_path / ("x" * 120)
    assert len(str(localdb.socket_dir_for(long_folder))) < 60
    assert localdb.socket_dir_for(tmp_path) == tmp_path


def test_the_quick_start_database_url_is_a_unix_socket_url():
    url = localdb.database_url(Path("/srv/portal/.pgdata"))
    assert url == "postgres://postgres@%2Fsrv%2Fportal%2F.pgdata/portal"


@pytest.mark.django_db
def test_the_search_dictionary_is_active_on_the_test_database():
    from cms.search import ukrainian_dictionary_installed

    assert ukrainian_dictionary_installed(), "the Ukrainian dictionary did not reach this PostgreSQL"
