"""Normalised full names for matching imported votes to deputies."""
import re

from cms.search import normalise_apostrophes

_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Case and spacing do not matter and every apostrophe variant (ʼ ’ ') is the same letter;
    ґ and г, і and и, є and е stay different letters."""
    return _SPACES.sub(" ", normalise_apostrophes(name or "")).strip().casefold()
