"""The check every e-mail of the portal passes: read as a resident would, it has no empty placeholders, names the
portal, is in Ukrainian, and its subject is in sentence case (Ukrainian does not capitalise Every Word)."""
import re

from django.conf import settings

LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\(\w+\)|%s|\s[!?.,;:](?=\s|$)|«\s*»|\(\s*\)")
ENGLISH = re.compile(r"\b(Hello|Thank|Please|You|Your|Click|account|email|password|the|and)\b")
CYRILLIC = re.compile(r"[а-яіїєґА-ЯІЇЄҐ]")
LATIN = re.compile(r"[a-zA-Z]")
ADDRESSES = re.compile(r"https?://\S+|\S+@\S+")


def title_case_words(subject: str) -> list[str]:
    """Words after the first that start with a capital, leaving out quoted titles, the portal's name and acronyms."""
    text = re.sub(r"«[^»]*»", "", subject).replace(settings.WAGTAIL_SITE_NAME, "")
    words = re.findall(r"[\wʼ'-]+", text)[1:]
    return [word for word in words if word[0].isupper() and not word.isupper()]


def assert_reads_well(message):
    body = message.body
    for part in (message.subject, body):
        assert not LEFTOVER.search(part), (LEFTOVER.search(part).group(0), part)
    assert settings.WAGTAIL_SITE_NAME in body, body
    words = ADDRESSES.sub("", message.subject + "\n" + body)
    assert not ENGLISH.search(words), (ENGLISH.search(words).group(0), words)
    assert len(CYRILLIC.findall(words)) > 5 * len(LATIN.findall(words)), words
    assert message.subject and message.subject == message.subject.strip()
    assert title_case_words(message.subject) == [], message.subject
