"""The two ways a category's winners are chosen from approval ballots, as pure functions (no database):
greedy selection by votes within the fund, and the Method of Equal Shares (MES) with cost satisfaction, completed
the way pabutools' `exhaustion_by_budget_increase` does by default. Both are checked equal to pabutools in
tests/budget/test_rules.py; docs/budget.md states the rules and the tie-break.

Money is in whole hryvnias (int). A project nobody voted for is never selected (see docs/budget.md)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# Relative tolerance under which two MES prices count as equal (pabutools computes with exact fractions; we use
# floats for speed and treat differences below this as the exact ties they stand for).
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Candidate:
    id: int
    cost: int


def tie_key(candidate: Candidate) -> tuple[int, int]:
    """Between equally placed projects the cheaper one goes first, then the one submitted earlier (lower id)."""
    return (candidate.cost, candidate.id)


def vote_counts(candidates: Iterable[Candidate], ballots: Iterable[Iterable[int]]) -> dict[int, int]:
    counts = {candidate.id: 0 for candidate in candidates}
    for ballot in ballots:
        for project_id in ballot:
            if project_id in counts:
                counts[project_id] += 1
    return counts


def greedy_by_votes(candidates: Sequence[Candidate], votes: dict[int, int], budget: int) -> list[int]:
    """Most votes first; a project that no longer fits in what is left of the fund is skipped and the next one
    is tried. Returns the winners' ids in the order they were selected."""
    ranking = sorted((c for c in candidates if votes.get(c.id, 0) > 0), key=lambda c: (-votes[c.id], *tie_key(c)))
    remaining, winners = budget, []
    for candidate in ranking:
        if candidate.cost <= remaining:
            winners.append(candidate.id)
            remaining -= candidate.cost
    return winners


class _Election:
    """Supporters of each project as index arrays over the ballots, built once and reused by every MES run."""

    def __init__(self, candidates: Sequence[Candidate], ballots: Sequence[Iterable[int]]):
        import numpy as np  # imported where results are computed: web workers that never do so stay smaller

        position = {candidate.id: index for index, candidate in enumerate(candidates)}
        supporters: list[list[int]] = [[] for _ in candidates]
        for voter, ballot in enumerate(ballots):
            for project_id in set(ballot):
                index = position.get(project_id)
                if index is not None:
                    supporters[index].append(voter)
        self.voters = len(ballots)
        self.projects = [
            (candidate, np.asarray(indices, dtype=np.int64))
            for candidate, indices in zip(candidates, supporters, strict=True)
            if indices and candidate.cost > 0
        ]


def _price(budgets: np.ndarray, cost: int) -> float | None:
    """The smallest equal payment t so that supporters paying min(budget, t) cover the cost; None if they can't."""
    import numpy as np

    available = budgets.sum()
    if available < cost * (1 - TOLERANCE):
        return None
    ordered = np.sort(budgets)
    count = ordered.size
    paid_before = np.concatenate(([0.0], np.cumsum(ordered)[:-1]))
    prices = (cost - paid_before) / (count - np.arange(count))
    fits = np.nonzero(prices <= ordered * (1 + TOLERANCE))[0]
    if fits.size == 0:
        return None
    return float(prices[fits[0]])


def _mes_run(election: _Election, budget: float) -> list[int]:
    """One run of MES with cost satisfaction: each voter starts with budget/n; the project whose supporters can pay
    for it at the lowest price per hryvnia of its cost is bought next, and its supporters pay it."""
    import numpy as np

    budgets = np.full(election.voters, budget / election.voters)
    # [affordability (a lower bound: it only grows as budgets shrink), candidate, supporters]
    remaining = [[1.0 / supporters.size, candidate, supporters] for candidate, supporters in election.projects]
    winners: list[int] = []
    while remaining:
        remaining.sort(key=lambda item: item[0])
        best, tied, gone = float("inf"), [], []
        for item in remaining:
            affordability, candidate, supporters = item
            if affordability > best * (1 + TOLERANCE):
                break
            price = _price(budgets[supporters], candidate.cost)
            if price is None:
                gone.append(item)
                continue
            item[0] = price / candidate.cost
            if item[0] < best * (1 - TOLERANCE):
                best, tied = item[0], [item]
            elif item[0] <= best * (1 + TOLERANCE):
                tied.append(item)
        for item in gone:
            remaining.remove(item)
        if not tied:
            return winners
        chosen = min(tied, key=lambda item: tie_key(item[1]))
        _, candidate, supporters = chosen
        payment = chosen[0] * candidate.cost
        budgets[supporters] -= np.minimum(budgets[supporters], payment)
        winners.append(candidate.id)
        remaining.remove(chosen)
    return winners


def equal_shares(candidates: Sequence[Candidate], ballots: Sequence[Iterable[int]], budget: int, *,
                 completion: bool = True) -> list[int]:
    """MES, completed as pabutools' `exhaustion_by_budget_increase` does with its defaults: run MES again with the
    voters' budget raised by 1 % of the fund at a time; stop at the first outcome that spends the fund so that no
    other project fits (take it) or that costs more than the fund (take the previous one)."""
    if not ballots:
        return []
    election = _Election(candidates, ballots)
    candidates = [candidate for candidate, _ in election.projects]  # nobody's choice: never selected
    if not completion:
        return _mes_run(election, budget)
    costs = {c.id: c.cost for c in candidates}
    bound, previous = budget * (len(ballots) + 1), []
    for step in range(0, 100 * (len(ballots) + 1) + 1):
        current = budget * (1 + step / 100)
        if current > bound:
            break
        outcome = _mes_run(election, current)
        spent = sum(costs[pk] for pk in outcome)
        if spent > budget:
            return previous
        chosen = set(outcome)
        if all(c.id in chosen or spent + c.cost > budget for c in candidates):
            return outcome
        previous = outcome
    return previous
