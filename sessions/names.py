"""Normalised full names for matching imported votes to deputies."""
import re

from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Collate

from cms.search import normalise_apostrophes

_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Case and spacing do not matter and every apostrophe variant (ʼ ’ ') is the same letter;
    ґ and г, і and и, є and е stay different letters."""
    return _SPACES.sub(" ", normalise_apostrophes(name or "")).strip().casefold()


UKRAINIAN_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяʼ"
_ORDER = {letter: index for index, letter in enumerate(UKRAINIAN_ALPHABET)}


def ukrainian_order(field: str) -> Collate:
    """The same alphabetical order in SQL, on any PostgreSQL (no ICU needed): each letter is translated to a
    character of an ordered run (U+0100 on) and compared byte by byte."""
    alphabet = UKRAINIAN_ALPHABET.upper() + UKRAINIAN_ALPHABET
    ranks = "".join(chr(0x100 + index) for index in range(len(UKRAINIAN_ALPHABET)))
    return Collate(Func(F(field), Value(alphabet), Value(ranks * 2), function="translate",
                        output_field=TextField()), "C")


def ukrainian_sort_key(text: str) -> tuple:
    """Alphabetical order of the Ukrainian alphabet (і after и, ґ after г), whatever the database collation."""
    return tuple(_ORDER.get(letter, 100 + ord(letter)) for letter in normalise_name(text))
