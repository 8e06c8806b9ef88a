"""Irreversible public staff actions (reject, hide, close, publish an answer) happen only after the member of staff
saw the exact public text: the service recomputes that text and refuses unless the caller confirms its digest."""
import hashlib
import hmac
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .errors import RuleError

CONFIRMATION_CODE = "confirmation_required"


@dataclass(frozen=True)
class PublicText:
    """What the public or the person concerned will read: where (a label), and the text itself."""

    label: str
    text: str
    subject: str = ""


@dataclass(frozen=True)
class Statement:
    """One action's public texts and the words staff wrote into them (the action, the reason, the explanation):
    the digest covers those words, so one confirmation serves a bulk action whose texts differ only by title."""

    action: str
    authored: tuple[str, ...]
    texts: list[PublicText] = field(default_factory=list)

    @property
    def digest(self) -> str:
        return statement_digest(self.action, *self.authored)


def statement_digest(*parts: str) -> str:
    """Stable for the same words (runs of whitespace do not count), different as soon as one word differs."""
    normalised = "\x1f".join(" ".join(str(part or "").split()) for part in parts)
    return hashlib.sha256(normalised.encode()).hexdigest()[:24]


def require_confirmation(statement: Statement, confirmation: str | None, *, error: type[RuleError]) -> None:
    """Refuse (code ``confirmation_required``) unless ``confirmation`` is the digest of exactly this statement."""
    if not confirmation or not hmac.compare_digest(str(confirmation), statement.digest):
        raise error(CONFIRMATION_CODE, _(
            "Check the public text and confirm it: nothing is published or sent before you confirm."))
