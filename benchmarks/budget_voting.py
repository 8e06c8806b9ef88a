#!/usr/bin/env python3
"""Voting benchmark of the participatory budget.

Recreates the PostgreSQL database named in DATABASE_URL (its name must contain "bench"), seeds the demo city
without accounts, adds a campaign in its voting phase (a knapsack category and an approval category, 40 projects)
and a pool of eligible residents with API tokens, serves the portal with gunicorn (production settings) on
127.0.0.1, then for --duration seconds lets --voters concurrent residents cast ballots through
POST /api/v3/budget/campaigns/<id>/ballot/ (each ballot by a different account, choices varied). Prints accepted
ballots per second, p50/p95 latency and errors, and checks that stored ballots equal accepted answers (each
accepted ballot id is stored, one participation per ballot) and that no stored ballot is over a category's fund
or its N.

    DATABASE_URL=postgres://root@127.0.0.1:5432/wt_budget_bench .venv/bin/python benchmarks/budget_voting.py
"""
import argparse
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from petition_signing import (  # noqa: E402  (same database and server handling)
    clean_up,
    database_urls,
    gunicorn_threads,
    run_benchmark,
    start_gunicorn,
)
from site_load import (  # noqa: E402
    BASE_DIR,
    HOST,
    WRK,
    BenchmarkError,
    Phases,
    http_get,
    manage,
    port_is_free,
    recreate_database,
    token_wrk_script,
    wait_until_ready,
)

TARGET_RATE = 300  # accepted ballots per second
TARGET_P95_MS = 250
BODIES = 64  # different ballots the voters cycle through

# wrk (C) votes, so the load generator leaves the CPU to gunicorn. Each request carries the next resident's token
# and one of the prepared ballots; every accepted answer's ballot id is written out for the exactness check.
VOTE_WRK_SCRIPT = token_wrk_script(
    init=r"""
  bodies, vote_path = {}, args[3]
  for line in io.lines(args[2]) do bodies[#bodies + 1] = line end""",
    request=r"""
  local body = bodies[(used + id) % #bodies + 1]
  return wrk.format("POST", vote_path, {["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json"}, body)""",
    accepted_pattern=r'"ballot_id":%s*"([^"]+)"')


def prepare(pool: int):
    """The campaign in voting, its projects, ``pool`` eligible residents with tokens; valid ballots to cast."""
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from budget.models import (
        BallotRule,
        BudgetCampaignPage,
        BudgetCategory,
        BudgetIndexPage,
        BudgetProject,
        ProjectStatus,
    )

    now, day = timezone.now(), datetime.timedelta(days=1)
    index = BudgetIndexPage.objects.first()
    campaign = BudgetCampaignPage(
        title="Навантажувальна кампанія", slug="bench", year=2030, fund=10_000_000,
        submission_starts=now - 30 * day, submission_ends=now - 20 * day, voting_starts=now - day,
        voting_ends=now + 10 * day, results_at=now + 11 * day, min_age=14)
    campaign.categories = [
        BudgetCategory(name="Малі", slug="mali", share=Decimal(40), min_cost=10_000, max_cost=1_000_000,
                       ballot_rule=BallotRule.KNAPSACK, sort_order=0),
        BudgetCategory(name="Великі", slug="velyki", share=Decimal(60), min_cost=100_000, max_cost=3_000_000,
                       ballot_rule=BallotRule.APPROVAL, max_projects=3, sort_order=1)]
    index.add_child(instance=campaign)
    campaign.save_revision().publish()
    small, large = campaign.categories.get(slug="mali"), campaign.categories.get(slug="velyki")
    rng = random.Random(7)
    BudgetProject.objects.bulk_create([
        BudgetProject(campaign=campaign, category=small if n < 20 else large, title=f"Проєкт {n}", description="x",
                      author_name="Бенчмарк", status=ProjectStatus.ADMITTED,
                      cost=rng.randrange(100, 1000) * 1000 if n < 20 else rng.randrange(500, 3000) * 1000)
        for n in range(40)])
    return campaign.pk, residents_with_tokens(pool), valid_ballots(campaign, rng)


def valid_ballots(campaign, rng: random.Random) -> list[str]:
    """BODIES different valid ballots: the small projects fit the knapsack, at most 3 large ones."""
    from budget.models import BudgetProject

    small, large = campaign.categories.get(slug="mali"), campaign.categories.get(slug="velyki")
    small.campaign = campaign  # the category's budget reads the campaign's fund
    projects = list(BudgetProject.objects.filter(campaign=campaign).order_by("pk"))
    smalls = [p for p in projects if p.category_id == small.pk]
    larges = [p for p in projects if p.category_id == large.pk]
    bodies = []
    while len(bodies) < BODIES:
        chosen_small, total = [], 0
        for project in rng.sample(smalls, rng.randint(0, 6)):
            if total + project.cost <= small.budget:
                chosen_small.append(project.pk)
                total += project.cost
        chosen = chosen_small + [p.pk for p in rng.sample(larges, rng.randint(0, 3))]
        if chosen:
            bodies.append(json.dumps({"project_ids": chosen}))
    return bodies


def residents_with_tokens(pool: int, campaign_id: int | None = None) -> list[str]:
    """API tokens of ``pool`` eligible residents who have not voted in the campaign (all new without one):
    residents are added when fewer are left; returns the tokens' plaintexts."""
    import datetime

    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, Max, OuterRef
    from wagtail.models import APIToken

    from budget.models import BudgetParticipation, VoterProfile

    User = get_user_model()
    voters = User.objects.filter(username__startswith="voter")
    if campaign_id is not None:  # NOT EXISTS: an anti-join, whatever the number of participations
        voters = voters.exclude(Exists(BudgetParticipation.objects.filter(campaign_id=campaign_id,
                                                                          user_id=OuterRef("pk"))))
    users = list(voters.order_by("pk")[:pool])
    if len(users) < pool:
        first = (User.objects.filter(username__startswith="voter").aggregate(last=Max("pk"))["last"] or 0) + 1
        new = User.objects.bulk_create([
            User(username=f"voter{first + n}", email=f"voter{first + n}@bench.example",
                 full_name=f"Виборець {first + n} Бенчмаркович", password="!") for n in range(pool - len(users))],
            batch_size=2000)
        new = list(User.objects.filter(username__in=[u.username for u in new]).order_by("pk"))
        day = datetime.timedelta(days=1)
        EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True, primary=True)
                                          for u in new], batch_size=2000)
        VoterProfile.objects.bulk_create([VoterProfile(user=u, birth_date=datetime.date(1990, 1, 1) + u.pk % 5000 * day,
                                                       residency_declared=True) for u in new], batch_size=2000)
        users += new
    APIToken.objects.filter(user__in=users, name="benchmark").delete()
    tokens, plaintexts = [], []
    for user in users:
        plaintext = APIToken.generate_token()
        plaintexts.append(plaintext)
        tokens.append(APIToken(user=user, name="benchmark", key_hash=APIToken.hash_token(plaintext),
                               prefix=plaintext[:8]))
    APIToken.objects.bulk_create(tokens, batch_size=2000)
    return plaintexts


def vote_with_wrk(port, campaign_id, tokens, bodies, voters, duration, workdir: Path) -> dict:
    tokens_file, bodies_file = workdir / "tokens.txt", workdir / "bodies.txt"
    accepted_file, script = workdir / "accepted.txt", workdir / "vote.lua"
    tokens_file.write_text("\n".join(tokens) + "\n")
    bodies_file.write_text("\n".join(bodies) + "\n")
    script.write_text(VOTE_WRK_SCRIPT)
    threads = max(1, min(voters, (os.cpu_count() or 2) // 2, 4))
    path = f"/api/v3/budget/campaigns/{campaign_id}/ballot/"
    command = [WRK, f"-t{threads}", f"-c{voters}", f"-d{duration}s", "--timeout", "10s", "--latency", "-s",
               str(script), f"http://{HOST}:{port}{path}", "--", str(tokens_file), str(bodies_file), path,
               str(threads)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=False,
                            env={**os.environ, "ACCEPTED_FILE": str(accepted_file)})
    line = next((line for line in result.stdout.splitlines() if line.startswith("BENCH ")), None)
    if result.returncode != 0 or line is None:
        raise BenchmarkError(f"wrk failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    values = {key: int(value) for key, value in (item.split("=") for item in line.split()[1:])}
    statuses = {int(key[1:]): value for key, value in values.items() if key.startswith("s") and key[1:].isdigit()}
    return {"accepted": statuses.get(201, 0), "statuses": statuses, "ran_out": bool(values["ran_out"]),
            "errors": sum(n for status, n in statuses.items() if status != 201) + values["socket_errors"],
            "p50": values["p50_us"] / 1000, "p95": values["p95_us"] / 1000, "p99": values["p99_us"] / 1000,
            "elapsed": values["duration_us"] / 1e6, "accepted_ids": accepted_file.read_text().split()}


def _cpu_seconds(pid: int, *, reaped_children: bool = False) -> float:
    """User + system CPU time a process has used (0 when it is gone); with ``reaped_children``, that of its children
    that have exited too."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if reaped_children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _backends(bench_db: str) -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                       [bench_db])
        return [row[0] for row in cursor.fetchall()]


def cpu_snapshot(server, bench_db: str) -> dict:
    """CPU seconds used so far by gunicorn's workers and by the PostgreSQL backends serving the benchmark database:
    divided by the ballots, they give the work per ballot, which other load on the machine hardly changes (unlike
    ballots per second). PostgreSQL's server processes are readable in /proc when it runs on this machine."""
    # gunicorn renews workers (max_requests): one that exited during the run is counted in the master's reaped
    # children, so the sum below grows continuously through renewals.
    web = sum(_cpu_seconds(pid) for pid in _children(server.pid))
    return {"web": {server.pid: web + _cpu_seconds(server.pid, reaped_children=True)},
            "db": {pid: _cpu_seconds(pid) for pid in _backends(bench_db)}}


def cpu_per_ballot(before: dict, after: dict, ballots: int) -> dict:
    ballots = max(ballots, 1)
    return {kind: 1000 * sum(seconds - before[kind].get(pid, 0.0) for pid, seconds in after[kind].items()) / ballots
            for kind in ("web", "db")}


def stored_counts(campaign_id: int) -> tuple[int, int]:
    """The campaign's ballots and participations, in one statement (one snapshot)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT count(*) FROM budget_budgetballot WHERE campaign_id = %s), "
                       "(SELECT count(*) FROM budget_budgetparticipation WHERE campaign_id = %s)",
                       [campaign_id, campaign_id])
        return cursor.fetchone()


def check_stored(campaign_id: int, accepted_ids: list[str], voters: int, before: tuple[int, int]) -> dict:
    """Ballots and participations stored during the run (``before``: the counts when it started, an earlier run's
    with --reuse), accepted ids missing from the store, ballots over a rule (all the campaign's)."""
    from django.db import connection

    connection.close()
    time.sleep(1)  # requests wrk left in flight finish on the server
    from budget.models import BudgetBallot, BudgetCampaignPage, BudgetProject

    campaign = BudgetCampaignPage.objects.get(pk=campaign_id)
    # Read again until two reads a second apart agree: requests wrk left in flight finish on the server after the
    # load generator stopped.
    previous, deadline = None, time.monotonic() + 60
    while True:
        counts = stored_counts(campaign_id)
        if counts == previous or time.monotonic() > deadline:
            break
        previous = counts
        time.sleep(1)
    ballots = list(BudgetBallot.objects.filter(campaign_id=campaign_id).values_list("id", "project_ids"))
    stored_ids = {str(ballot_id) for ballot_id, _ in ballots}
    costs = dict(BudgetProject.objects.filter(campaign_id=campaign_id).values_list("pk", "cost"))
    category_of = dict(BudgetProject.objects.filter(campaign_id=campaign_id).values_list("pk", "category_id"))
    over = 0
    for category in campaign.categories.all():
        category.campaign = campaign
        for _ballot_id, project_ids in ballots:
            mine = [pk for pk in project_ids if category_of[pk] == category.pk]
            if (category.ballot_rule == "knapsack" and sum(costs[pk] for pk in mine) > category.budget) or \
                    (category.max_projects and len(mine) > category.max_projects):
                over += 1
    return {"ballots": counts[0] - before[0], "participations": counts[1] - before[1],
            "missing": len(set(accepted_ids) - stored_ids), "duplicates": len(accepted_ids) - len(set(accepted_ids)),
            "over": over, "in_flight_allowed": voters}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=100, help="concurrent residents voting (default 100)")
    parser.add_argument("--duration", type=int, default=60, help="seconds of voting (default 60)")
    parser.add_argument("--pool", type=int, default=40_000, help="resident accounts prepared (each votes once)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4, sync)")
    parser.add_argument("--threads", type=int,
                        help="threads per worker (default: gunicorn.conf.py's, as in production; 1: sync workers)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true",
                        help="vote again in the campaign of a database an earlier --keep run left (never dropped)"
                             ": new tokens for --pool residents who have not voted, added when too few")
    return parser.parse_args(argv)


def existing_campaign(bench_url: str) -> int | None:
    """The benchmark campaign's id in a database an earlier run kept, or None (no such database or campaign)."""
    import psycopg

    try:
        with psycopg.connect(bench_url, connect_timeout=10) as conn:
            row = conn.execute("SELECT page_ptr_id FROM budget_budgetcampaignpage JOIN wagtailcore_page "
                               "ON wagtailcore_page.id = page_ptr_id WHERE slug = 'bench'").fetchone()
    except psycopg.Error:
        return None
    return row[0] if row else None


def run(args) -> int:
    if not WRK:
        raise BenchmarkError("wrk is needed (apt-get install wrk).")
    maintenance_url, bench_url, bench_db = database_urls(args.database_url)
    if not port_is_free(args.port):
        raise BenchmarkError(f"Port {HOST}:{args.port} is in use; pass another --port.")
    phases = Phases()
    workdir = Path(tempfile.mkdtemp(prefix="budget_bench_"))
    log_path = workdir / "gunicorn.log"
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "cms.settings.production", "DATABASE_URL": bench_url,
        "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": HOST, "SECURE_SSL_REDIRECT": "false",
        "DB_CONN_MAX_AGE": "600", "MEDIA_ROOT": str(workdir / "media"),
        "CACHE_KEY_PREFIX": f"budget-bench-{secrets.token_hex(4)}",
    })
    sys.path.insert(0, str(BASE_DIR))
    server, created_db = None, False
    try:
        campaign_id = existing_campaign(bench_url) if args.reuse else None
        if campaign_id is None:
            with phases(f"recreate database {bench_db}"):
                recreate_database(maintenance_url, bench_db)
                created_db = True
            with phases("migrate"):
                manage("migrate", "--noinput")
            with phases("collectstatic"):
                try:
                    manage("collectstatic", "--noinput")
                except BenchmarkError as error:  # only the JSON API is loaded here, which needs no static files
                    print(f"  collectstatic failed, continuing without static files: {str(error).splitlines()[-1]}")
            with phases("seed_demo --news 5 --no-users"):
                manage("seed_demo", "--news", "5", "--no-users")
        import django

        django.setup()
        if campaign_id is None:
            with phases(f"campaign in voting and {args.pool} residents with API tokens"):
                campaign_id, tokens, bodies = prepare(args.pool)
        else:
            from budget.models import BudgetCampaignPage

            with phases(f"reuse campaign {campaign_id}: {args.pool} residents who have not voted, with API tokens"):
                tokens = residents_with_tokens(args.pool, campaign_id)
                bodies = valid_ballots(BudgetCampaignPage.objects.get(pk=campaign_id), random.Random(7))
        with phases("VACUUM ANALYZE"):
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        threads = args.threads or gunicorn_threads()
        kind = f"{args.workers} workers" + (f" × {threads} threads (gthread)" if threads > 1 else " (sync)")
        with phases(f"start gunicorn ({kind})"):
            server = start_gunicorn(args.port, log_path, args.workers, args.threads)
            wait_until_ready(server, args.port, log_path)
            for _ in range(args.workers * 3):
                status = http_get(args.port, f"/api/v3/budget/campaigns/{campaign_id}/", timeout=60)[0]
                if status != 200:
                    raise BenchmarkError(f"the campaign answered {status} from gunicorn.")
        counts_before = stored_counts(campaign_id)
        load_before = os.getloadavg()
        cpu_before = cpu_snapshot(server, bench_db)
        with phases(f"voting: {args.voters} residents for {args.duration} s"):
            voting = vote_with_wrk(args.port, campaign_id, tokens, bodies, args.voters, args.duration, workdir)
        load_after = os.getloadavg()
        stored = check_stored(campaign_id, voting["accepted_ids"], args.voters, counts_before)
        cpu = cpu_per_ballot(cpu_before, cpu_snapshot(server, bench_db), stored["ballots"])
        rate = voting["accepted"] / voting["elapsed"]
        in_flight = stored["ballots"] - voting["accepted"]
        exact = (stored["ballots"] == stored["participations"] and stored["missing"] == 0
                 and stored["duplicates"] == 0 and 0 <= in_flight <= args.voters)
        met = rate >= TARGET_RATE and voting["p95"] < TARGET_P95_MS and not voting["errors"]
        print()
        print(f"Results: gunicorn {kind}, production settings, PostgreSQL, {os.cpu_count()} CPUs, voters: wrk")
        print("load average (1/5/15 min) before: {:.2f} {:.2f} {:.2f}".format(*load_before)
              + ", after: {:.2f} {:.2f} {:.2f}".format(*load_after))
        print(f"voting        accepted {voting['accepted']} in {voting['elapsed']:.1f} s = {rate:.1f} ballots/s "
              f"(target ≥ {TARGET_RATE})")
        print(f"              latency p50 {voting['p50']:.1f} ms, p95 {voting['p95']:.1f} ms, p99 {voting['p99']:.1f} "
              f"ms (target p95 < {TARGET_P95_MS}), errors {voting['errors']}, statuses {voting['statuses']}")
        if voting["ran_out"]:
            print("              (the pool of resident accounts ran out: pass a larger --pool)")
        print(f"stored        ballots {stored['ballots']}, participations {stored['participations']}, accepted "
              f"{voting['accepted']}, accepted ids not stored {stored['missing']}, in flight {in_flight} → "
              f"{'EXACT' if exact else 'MISMATCH'}")
        print(f"rules         ballots over a category's fund or N: {stored['over']}")
        print(f"CPU per ballot  gunicorn workers {cpu['web']:.2f} ms, PostgreSQL backends {cpu['db']:.2f} ms "
              f"(less sensitive to other load than ballots/s; {os.cpu_count()} CPUs ≈ "
              f"{1000 * (os.cpu_count() or 1) / max(cpu['web'] + cpu['db'], 0.01):.0f} ballots/s if nothing else ran)")
        print(f"target        {'MET' if met else 'NOT MET'}")
        print("\nPhases:")
        for name, elapsed in phases.timings:
            print(f"  {name:<75} {elapsed:>7.1f} s")
        server_log = log_path.read_text(errors="replace").strip()
        if server_log:
            print("\ngunicorn log (last lines):\n" + "\n".join(server_log.splitlines()[-20:]))
        return 1 if (not exact or stored["over"] or voting["errors"]) else 0
    finally:
        clean_up(server, keep=args.keep or args.reuse, created_db=created_db, maintenance_url=maintenance_url,
                 bench_db=bench_db, workdir=workdir)


def main(argv=None) -> int:
    return run_benchmark(run, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
