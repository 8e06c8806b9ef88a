#!/usr/bin/env python3
"""Results benchmark of the participatory budget: one category with --projects projects and --ballots approval
ballots (1-5 projects each, popularity skewed like real campaigns), fund --fund. Times greedy selection (counting
included) and the Method of Equal Shares with its completion (budget/rules.py), the algorithms the results
service runs; the issue's target is under 5 s each for 200 projects and 100,000 ballots.

    .venv/bin/python benchmarks/budget_results.py [--projects 200 --ballots 100000 --fund 20000000]
"""
import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from budget.rules import Candidate, equal_shares, greedy_by_votes, vote_counts  # noqa: E402

TARGET_SECONDS = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--fund", type=int, default=20_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    candidates = [Candidate(i + 1, rng.randint(50, 1000) * 1000) for i in range(args.projects)]
    ids = [c.id for c in candidates]
    weights = [rng.random() ** 3 for _ in candidates]
    ballots = [sorted(set(rng.choices(ids, weights, k=rng.randint(1, 5)))) for _ in range(args.ballots)]
    print(f"{args.projects} projects, {args.ballots} ballots, fund {args.fund}")
    failed = False
    started = time.perf_counter()
    votes = vote_counts(candidates, ballots)
    greedy = greedy_by_votes(candidates, votes, args.fund)
    greedy_seconds = time.perf_counter() - started
    started = time.perf_counter()
    mes = equal_shares(candidates, ballots, args.fund)
    mes_seconds = time.perf_counter() - started
    cost = {c.id: c.cost for c in candidates}
    for name, seconds, winners in (("greedy", greedy_seconds, greedy), ("equal shares", mes_seconds, mes)):
        spent = sum(cost[pk] for pk in winners)
        ok = seconds < TARGET_SECONDS and spent <= args.fund
        failed |= not ok
        print(f"{name:13} {seconds:6.2f} s  {len(winners):3} winners  spent {spent} of {args.fund}  "
              f"{'OK' if ok else 'FAIL'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
