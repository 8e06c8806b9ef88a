"""The one validator of people's names (residents' full names on profiles, petitions, signatures, forms, the API).

A name is words of letters separated by spaces; inside a word hyphens (Квітка-Основʼяненко) and apostrophes
(ʼ ' ’: Мʼякенька, Д'Артаньян) may join letters. Each word is written in one script: «Іванов» with a Latin «о»
looks the same as the real one and is refused, as are control characters and invisible ones (bidirectional
overrides, zero-width joiners) that make a name read differently from what it is. Other scripts are welcome,
one per word (a resident may be called «Anna Коваль»)."""
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

APOSTROPHES = "ʼ'’"
HYPHENS = "-‐"  # hyphen-minus and the Unicode hyphen
MAX_LENGTH = 255


def normalise_name(value: str) -> str:
    """NFC (a letter and its accent as one character) and single spaces between words."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def _script(char: str) -> str:
    """The script of a letter from its Unicode name ("CYRILLIC SMALL LETTER I" -> "CYRILLIC")."""
    name = unicodedata.name(char, "")
    return name.split(" ")[0] if name else "UNKNOWN"


def _invisible(char: str) -> bool:
    # Cc: controls (NUL, tabs, new lines), Cf: format characters (RLO U+202E, ZWJ, soft hyphen, BOM), Co/Cn.
    return unicodedata.category(char) in {"Cc", "Cf", "Co", "Cn", "Cs"} or char in "\u2028\u2029"


def name_errors(value: str, *, min_words: int = 1) -> list[str]:
    """Ukrainian reasons (lazy strings) why ``value`` is not a person's name; empty when it is one."""
    raw = unicodedata.normalize("NFC", value or "")
    if any(_invisible(char) for char in raw):
        return [_("The name contains invisible or control characters. Type it again without copying it.")]
    words = normalise_name(raw).split(" ") if raw.strip() else []
    if len(" ".join(words)) > MAX_LENGTH:
        return [_("The name is too long.")]
    errors = []
    for word in words:
        letters = [char for char in word if char not in APOSTROPHES + HYPHENS]
        if any(not unicodedata.category(char).startswith("L") or unicodedata.category(char) == "Lm"
               for char in letters):
            errors.append(_("A name may contain only letters, apostrophes, hyphens and spaces."))
            break
        joiners = APOSTROPHES + HYPHENS
        if not letters or word[0] in joiners or word[-1] in joiners or \
                any(a in joiners and b in joiners for a, b in zip(word, word[1:], strict=False)):
            errors.append(_("A hyphen or an apostrophe must stand between letters."))
            break
        if len({_script(char) for char in letters}) > 1:
            errors.append(_("Each word of the name must be written in one alphabet: «%(word)s» mixes letters "
                            "of different alphabets (for example a Latin letter in a Cyrillic word).")
                          % {"word": word})
            break
    if not errors and len(words) < min_words:
        errors.append(_("Enter at least your surname and first name."))
    return errors


def clean_person_name(value: str, *, min_words: int = 1) -> str:
    """The normalised name, or ``ValidationError`` with the reasons."""
    errors = name_errors(value, min_words=min_words)
    if errors:
        raise ValidationError(errors, code="invalid_name")
    return normalise_name(value)


def clean_full_name(value: str) -> str:
    """A resident's full name: at least surname and first name."""
    return clean_person_name(value, min_words=2)


def validate_full_name(value: str) -> None:
    """Model-field validator for a full name (blank values are the field's own business)."""
    if value:
        clean_full_name(value)


def validate_person_name(value: str) -> None:
    """Model-field validator for one part of a name (a family or given name)."""
    if value:
        clean_person_name(value)
