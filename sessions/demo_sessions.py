"""Demo sessions, drafts, decisions and roll-call votes (seeded after the deputies)."""


def seed_council_work(*, home, command, convocation, deputies, committees):
    return []
