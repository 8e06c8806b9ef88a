"""Confirmed public staff actions in tests: the service call the admin makes after its confirmation step, and the
two HTTP requests of that step (the first shows the public text, the second confirms its digest)."""
import re

from cms.errors import RuleError
from forum import services as forum
from participation import services as participation
from petitions import services as petitions

STATEMENTS = {
    petitions.petition_reject: lambda kw: petitions.petition_reject_statement(
        petition=kw["petition"], reason=kw.get("reason", ""), text=kw.get("text", "")),
    petitions.petition_answer: lambda kw: petitions.petition_answer_statement(
        petition=kw["petition"], text=kw.get("text", ""), outcome=kw.get("outcome", "")),
    petitions.petition_forward_as_appeal: lambda kw: petitions.petition_forward_statement(
        petition=kw["petition"], note=kw.get("note", "")),
    participation.comment_hide: lambda kw: participation.comment_hide_statement(
        comment=kw["comment"], reason=kw.get("reason", "")),
    forum.topic_hide: lambda kw: forum.topic_moderation_statement(topic=kw["topic"], action="hide",
                                                                  reason=kw.get("reason", "")),
    forum.topic_close: lambda kw: forum.topic_moderation_statement(topic=kw["topic"], action="close",
                                                                   reason=kw.get("reason", "")),
    forum.topic_reopen: lambda kw: forum.topic_moderation_statement(topic=kw["topic"], action="reopen",
                                                                    reason=kw.get("reason", "")),
}


def confirmed(service, **kwargs):
    """Call ``service`` with the digest of the statement it would publish (as after the confirmation page). When
    the statement itself is refused (no reason...), the service is called anyway so it raises that refusal."""
    try:
        digest = STATEMENTS[service](kwargs).digest
    except RuleError:
        digest = ""
    return service(**kwargs, confirmation=digest)


CONFIRMATION = re.compile(r'name="confirmation" value="([0-9a-f]+)"')


def post_confirmed(client, url, data):
    """Post the form, check the confirmation page answered (nothing done yet), then confirm. Returns both answers."""
    first = client.post(url, data)
    assert first.status_code == 200, first.status_code
    found = CONFIRMATION.search(first.content.decode())
    assert found, "no confirmation step"
    second = client.post(url, {**data, "step": "confirm", "confirmation": found.group(1)})
    return first, second
