"""The council: convocations, deputies, factions, committees, districts, sessions, drafts, decisions, votes."""
