"""The Discussion mixin: what any page or model declares to get comments (no models, so any app can import it)."""
from django.utils.translation import gettext_lazy as _

PRE_MODERATION = "pre"
POST_MODERATION = "post"


class Discussion:
    """Mix into a page type or model to attach the comment engine to it (through a generic relation).

    Override the three switches per kind of object: ``comments_enabled`` (the discussion exists),
    ``comments_closed`` (read-only, e.g. after a consultation ends) and ``comment_moderation``
    ("pre": a moderator approves each comment first; "post": comments appear at once). Also declare
    ``comments = GenericRelation("participation.Comment")`` on the model so deleting it deletes its discussion."""

    comment_moderation = POST_MODERATION
    # Relations its address needs, fetched with it where lists link to many objects (e.g. what a resident follows).
    discussion_url_related: tuple[str, ...] = ()

    @property
    def comments_enabled(self) -> bool:
        return True

    @property
    def comments_closed(self) -> bool:
        return False

    @property
    def comments_closed_note(self) -> str:
        return str(_("The discussion is closed. Comments can be read but no longer added."))

    def get_discussion_url(self) -> str:
        """Where residents are sent back to after posting (the object's public page)."""
        url = getattr(self, "url", None) or (self.get_absolute_url() if hasattr(self, "get_absolute_url") else "/")
        return url or "/"

    def discussion_listed_at(self) -> list[str]:
        """Other public addresses that show this discussion's comments (e.g. a list with each item's comment count):
        purged from the page caches with the object's page whenever one of its comments is posted, edited, hidden,
        restored or deleted."""
        return []
