"""Results equal pabutools' (an independent implementation): greedy by votes and MES with cost satisfaction and
its default completion (exhaustion by budget increase), on generated instances and on Pabulib files."""
import random
from pathlib import Path

import pytest
from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance, Project, parse_pabulib
from pabutools.rules import exhaustion_by_budget_increase, greedy_utilitarian_welfare, method_of_equal_shares
from pabutools.tiebreaking import TieBreakingRule

from budget import pabulib, rules

DATA = Path(__file__).parent / "data"
# The portal's documented tie-break (cheaper first, then the lower id), handed to pabutools.
TIE_BREAK = TieBreakingRule(lambda instance, profile, project: (project.cost, int(project.name)))


def pabutools_outcomes(candidates, ballots, budget):
    votes = rules.vote_counts(candidates, ballots)
    voted = {c.id: Project(str(c.id), c.cost) for c in candidates if votes[c.id] > 0}  # unvoted never win
    instance = Instance(voted.values(), budget_limit=budget)
    profile = ApprovalProfile([ApprovalBallot([voted[pk] for pk in ballot if pk in voted]) for ballot in ballots])
    greedy = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat, tie_breaking=TIE_BREAK)
    mes = exhaustion_by_budget_increase(instance, profile, method_of_equal_shares,
                                        {"sat_class": Cost_Sat, "tie_breaking": TIE_BREAK})
    plain = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, tie_breaking=TIE_BREAK)
    return ([int(p.name) for p in greedy], sorted(int(p.name) for p in mes), sorted(int(p.name) for p in plain))


def ours(candidates, ballots, budget):
    votes = rules.vote_counts(candidates, ballots)
    return (rules.greedy_by_votes(candidates, votes, budget), sorted(rules.equal_shares(candidates, ballots, budget)),
            sorted(rules.equal_shares(candidates, ballots, budget, completion=False)))


def generated(seed):
    r = random.Random(seed)
    count = r.randint(3, 14)
    # Few distinct costs on purpose: equal costs and equal votes make ties that the tie-break must settle.
    candidates = [rules.Candidate(i + 1, r.choice([r.randint(1, 40) * 1000, 10_000, 20_000])) for i in range(count)]
    budget = r.randint(20, 120) * 1000
    ballots = [r.sample([c.id for c in candidates], r.randint(1, min(4, count))) for _ in range(r.randint(1, 35))]
    return candidates, ballots, budget


@pytest.mark.parametrize("seed", range(120))
def test_equal_to_pabutools_on_generated_instances(seed):
    candidates, ballots, budget = generated(seed)
    assert ours(candidates, ballots, budget) == pabutools_outcomes(candidates, ballots, budget)


@pytest.mark.parametrize("name", ["demo_small.pb", "demo_ties.pb"])
def test_equal_to_pabutools_on_pabulib_files(name):
    text = (DATA / name).read_text()
    election = pabulib.parse(text)
    candidates = [rules.Candidate(int(p.id), p.cost) for p in election.projects]
    ballots = [[int(pk) for pk in chosen] for _voter, chosen in election.votes]
    instance, profile = parse_pabulib(str(DATA / name))  # pabutools reads the file itself
    assert int(instance.budget_limit) == election.budget and profile.num_ballots() == len(ballots)
    greedy = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat, tie_breaking=TIE_BREAK)
    mes = exhaustion_by_budget_increase(instance, profile, method_of_equal_shares,
                                        {"sat_class": Cost_Sat, "tie_breaking": TIE_BREAK})
    mine_greedy, mine_mes, _plain = ours(candidates, ballots, election.budget)
    # Every project in these files has votes, so pabutools' instance (all projects) is the same as ours.
    assert mine_greedy == [int(p.name) for p in greedy]
    assert mine_mes == sorted(int(p.name) for p in mes)


def test_greedy_skips_what_does_not_fit_and_continues():
    candidates = [rules.Candidate(1, 60), rules.Candidate(2, 50), rules.Candidate(3, 30)]
    assert rules.greedy_by_votes(candidates, {1: 10, 2: 9, 3: 1}, 100) == [1, 3]


def test_tie_break_prefers_the_cheaper_then_the_earlier_project():
    candidates = [rules.Candidate(5, 40), rules.Candidate(3, 40), rules.Candidate(9, 30)]
    assert rules.greedy_by_votes(candidates, {5: 7, 3: 7, 9: 7}, 70) == [9, 3]


def test_a_project_without_votes_never_wins():
    candidates = [rules.Candidate(1, 10), rules.Candidate(2, 10)]
    assert rules.greedy_by_votes(candidates, {1: 3, 2: 0}, 100) == [1]
    assert rules.equal_shares(candidates, [[1], [1]], 100) == [1]
    assert rules.equal_shares(candidates, [], 100) == []
