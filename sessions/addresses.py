"""Keys for looking up an address typed by a resident: street type words and spelling variants do not matter."""
import re

from .names import normalise_name

# Street type words and their abbreviations, as people type them or leave them out.
_STREET_TYPES = re.compile(
    r"\b(вулиця|вул|проспект|просп|пр-т|пр|провулок|пров|бульвар|бул|б-р|площа|пл|майдан|узвіз|шосе|алея|тупик|"
    r"набережна|наб)\b\.?", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^\wʼ]+")


def street_key(street: str) -> str:
    text = _STREET_TYPES.sub(" ", normalise_name(street))
    return " ".join(_NOT_WORD.sub(" ", text).split())


def house_key(number: str) -> str:
    """«15-А», «15 а» and «15А» are one house."""
    # A Latin «a» is often typed for the Cyrillic one.
    return re.sub(r"[\s\-/]+", "", normalise_name(number)).replace("a", "\u0430")
