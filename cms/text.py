"""Text helpers: Ukrainian national transliteration (Cabinet of Ministers resolution No. 55 of 2010)
for readable Latin page addresses."""
import re

from django.utils.text import slugify

_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ь": "", "ю": "iu", "я": "ia",
}
# At the start of a word these letters take another form.
_WORD_START = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_APOSTROPHES = "'’ʼ`"


def transliterate_ukrainian(text: str) -> str:
    result = []
    previous = ""
    for char in text:
        lower = char.lower()
        if char in _APOSTROPHES:
            continue
        if lower == "г" and previous == "з":
            latin = "gh"  # «зг» is «zgh», so that it does not read as «жх»
        elif lower in _WORD_START and not previous.isalpha():
            latin = _WORD_START[lower]
        else:
            latin = _LETTERS.get(lower, char)
        result.append(latin.capitalize() if char != lower and latin else latin)
        previous = lower
    return "".join(result)


_LETTER_CLASS = "а-яґєіїa-z"  # а-я covers й, ь; a letter before it means "inside a word"


def slug_formatters() -> list[tuple[str, str]]:
    """The same transliteration as regular-expression replacements, in order, for the admin's slug fields:
    Wagtail's w-slug controller applies them before its own urlify (whose Ukrainian table is not the official
    one: «47-sesiya-miskoyi-radi»). Patterns are case-insensitive; the slug is lower-cased afterwards."""
    rules = [(f"[{_APOSTROPHES}]", ""), ("(?i)(з)г", "$1gh")]
    rules += [(f"(?i)(^|[^{_LETTER_CLASS}]){letter}", f"$1{latin}") for letter, latin in _WORD_START.items()]
    rules += [(f"(?i){letter}", latin) for letter, latin in _LETTERS.items()]
    return rules


def latin_slug(text: str, max_length: int = 80) -> str:
    slug = slugify(transliterate_ukrainian(text))
    return re.sub(r"-+", "-", slug[:max_length]).strip("-")
