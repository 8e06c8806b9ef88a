"""Search helpers: Ukrainian apostrophe normalisation, the PostgreSQL text-search configuration and the word search
of lists (``words_document``/``words_query``: the directory, appeals); the search across the modules' declared types
is cms/search_types.py.

PostgreSQL has no Ukrainian stemmer. We keep a configuration ``portal_uk`` that maps words to an
ispell dictionary built from the Ukrainian hunspell files (cms/hunspell.py; lemmatising "бюджету" to "бюджет")
and then to ``simple``; without those files it is a plain copy of ``simple``.
"""
import logging
import re
import shutil
import subprocess
from pathlib import Path

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection, transaction
from django.db.models import F, Func, GeneratedField, TextField, Value
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from cms.hunspell import copy_into_tsearch_data, hunspell_dir

logger = logging.getLogger(__name__)

SEARCH_CONFIG = "portal_uk"
ISPELL_DICTIONARY = "portal_uk_ispell"
# The modifier letter ʼ (U+02BC) is kept inside words by PostgreSQL's parser; ’ and ' split them.
_APOSTROPHES = re.compile("[\u2019\u0027\u02bc\u2018\u0060\u00b4]")


def normalise_apostrophes(text: str) -> str:
    return _APOSTROPHES.sub("\u02bc", text)


def searchable_text(text: str) -> str:
    """A visitor's words ready for a full-text query: NUL cannot reach PostgreSQL, apostrophes made one."""
    return normalise_apostrophes((text or "").replace("\x00", " "))


def backend_search_text(text: str) -> str:
    """``searchable_text`` for Wagtail's search backend: a double quote also goes (the backend passes it to its
    query parser unescaped), and the result is stripped so that a blank query can be told apart."""
    return searchable_text(text).replace('"', " ").strip()


# A word as PostgreSQL's parser reads one: letters and digits, ʼ only inside (e.g. «пʼять»); "_" separates.
_WORD = re.compile("[^\\W_\u02bc]+(?:\u02bc+[^\\W_\u02bc]+)*")
# An apostrophe before or after a word is a quotation mark (Кафе 'Ромашка'): not part of the word.
_QUOTING_APOSTROPHES = re.compile("(?<![^\\W_\u02bc])\u02bc+|\u02bc+(?![^\\W_\u02bc])")
_SQL_QUOTING_APOSTROPHES = "(^|[[:space:][:punct:]«»„“”])\u02bc+|\u02bc+(?=$|[[:space:][:punct:]«»„“”])"


# The answer to a query of only punctuation ("!!!", "№"), which no word search can match.
NO_SEARCH_WORDS = _("Type at least one letter or digit to search.")


def search_words(text: str) -> list[str]:
    """The words of a visitor's query (letters and digits); none in "!!!" or "№"."""
    return _WORD.findall(normalise_apostrophes(text or ""))


def _words_as_written(field: str) -> Func:
    # Every apostrophe as ʼ (kept inside words by the parser); one that quotes a word becomes a space.
    apostrophes = Func(F(field), Value("'\u2019\u2018`\u00b4"), Value("\u02bc" * 5), function="translate",
                       output_field=TextField())
    return Func(apostrophes, Value(_SQL_QUOTING_APOSTROPHES), Value("\\1 "), Value("g"), function="regexp_replace",
                output_field=TextField())


def words_document(*fields: str):
    """The text-search document of a list's word search (directory, appeals): the fields' words lemmatised by
    ``portal_uk`` (a word form finds the word: «парку» finds «Парк») and as written (``simple``: the beginning of a
    word finds it, as LIKE did: «Шевч» finds «Шевченка»). A model stores it in a generated column with a GIN index,
    which ``words_query`` searches."""
    written = [_words_as_written(field) for field in fields]
    return SearchVector(*written, config=SEARCH_CONFIG) + SearchVector(*written, config="simple")


def words_query(text: str) -> SearchQuery | None:
    """Every word of ``text`` must be in the document (``words_document``) as a form of the word or as the beginning
    of a written word. ``None`` when the text has no word (only punctuation): nothing can match it."""
    chunks = _QUOTING_APOSTROPHES.sub(" ", normalise_apostrophes((text or "").replace("\x00", " "))).split()
    query = None
    for chunk in chunks:
        words = _WORD.findall(chunk)
        if not words:
            continue
        # PostgreSQL's parser reads the chunk as it read the document (2026/15, 12.5, Івано-Франківська);
        # each of its words may also be the beginning of a written one.
        term = SearchQuery(chunk, config=SEARCH_CONFIG, search_type="plain")
        beginnings = None
        for word in words:
            beginning = SearchQuery(f"'{word}':*", config="simple", search_type="raw")
            beginnings = beginning if beginnings is None else beginnings & beginning
        term = term | beginnings
        query = term if query is None else query & term
    return query


def _normalise_value(value):
    if isinstance(value, str):
        return normalise_apostrophes(value)
    if isinstance(value, list | tuple):
        return [_normalise_value(item) for item in value]
    return value


class UkrainianSearchField(index.SearchField):
    """A SearchField whose indexed text has every apostrophe variant turned into ʼ."""

    def get_value(self, obj):
        return _normalise_value(super().get_value(obj))


def ukrainian_search_fields(fields):
    """Keep the given fields (Wagtail checks Page's core fields are there) and index an
    apostrophe-normalised copy of each plain SearchField, e.g. Page's title."""
    extra = [
        UkrainianSearchField(field.field_name, boost=field.boost, **field.kwargs)
        for field in fields
        if type(field) is index.SearchField
    ]
    return list(fields) + extra


def _postgres_sharedir() -> Path | None:
    """The server's own share directory: asked from the server first (superusers may read pg_config),
    since a client's pg_config can belong to another PostgreSQL version."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT setting FROM pg_config WHERE name = 'SHAREDIR'")
            row = cursor.fetchone()
        if row and Path(row[0]).exists():
            return Path(row[0])
    except Exception:  # not a superuser: fall back to the local tools
        pass
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--sharedir"], capture_output=True, text=True, check=False)
        if out.returncode == 0 and out.stdout.strip():
            return Path(out.stdout.strip())
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    candidate = Path(f"/usr/share/postgresql/{major}")
    return candidate if candidate.exists() else None


def install_hunspell_files() -> bool:
    """Copy the Ukrainian hunspell files into PostgreSQL's tsearch_data (works when the server is local)."""
    if hunspell_dir() is None:
        return False
    sharedir = _postgres_sharedir()
    if sharedir is None:
        return False
    try:
        return copy_into_tsearch_data(sharedir)
    except OSError as error:
        logger.warning("Could not copy the Ukrainian dictionary into %s: %s", sharedir / "tsearch_data", error)
        return False


def ensure_search_configuration(schema_editor=None) -> bool:
    """Create ``portal_uk`` (idempotent). Returns True when the Ukrainian dictionary is in use."""
    conn = schema_editor.connection if schema_editor else connection
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [SEARCH_CONFIG])
        if not cursor.fetchone():
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = simple)")
        cursor.execute("SELECT 1 FROM pg_ts_dict WHERE dictname = %s", [ISPELL_DICTIONARY])
        has_dictionary = bool(cursor.fetchone())
        if not has_dictionary:
            try:
                with transaction.atomic(using=conn.alias):
                    cursor.execute(
                        f"CREATE TEXT SEARCH DICTIONARY {ISPELL_DICTIONARY} "
                        "(TEMPLATE = ispell, DictFile = uk_ua, AffFile = uk_ua)"
                    )
                has_dictionary = True
            except Exception as error:  # files missing on the server: keep `simple`, say so
                logger.warning(
                    "Ukrainian search dictionary unavailable (%s); search falls back to 'simple'. "
                    "Install hunspell-uk and run `manage.py setup_ukrainian_search`.",
                    str(error).splitlines()[0],
                )
        if has_dictionary:
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} "
                f"ALTER MAPPING FOR word, hword, hword_part WITH {ISPELL_DICTIONARY}, simple"
            )
    return has_dictionary


def stored_search_columns() -> list[tuple[type, str]]:
    """(model, column) of every stored text-search column (a generated ``SearchVectorField``: petitions, forum
    topics, appeals, places)."""
    from django.apps import apps
    from django.contrib.postgres.search import SearchVectorField

    return [(model, field.column) for model in apps.get_models() if not model._meta.proxy
            for field in model._meta.local_concrete_fields
            if isinstance(field, GeneratedField) and isinstance(field.output_field, SearchVectorField)]


def recompute_stored_search_columns() -> int:
    """Computes every stored search column again with the configuration as it is now. PostgreSQL computes a stored
    generated column when a row is written, not when the text-search configuration it uses changes: rows written
    before the Ukrainian dictionary was switched on keep words no query finds (the query's «парку» is «парк», the
    row's still «парку»). Returns the number of rows written."""
    written = 0
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in dict.fromkeys(model for model, _column in stored_search_columns()):
            # PostgreSQL computes a generated column again when a column it reads is written: all of them are.
            columns = [quote(field.column) for field in model._meta.local_concrete_fields
                       if not field.primary_key and not isinstance(field, GeneratedField)]
            assignments = ", ".join(f"{column} = {column}" for column in columns)
            cursor.execute(f"UPDATE {quote(model._meta.db_table)} SET {assignments}")
            written += cursor.rowcount
    return written


def ukrainian_dictionary_installed() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_ts_config_map m JOIN pg_ts_config c ON c.oid = m.mapcfg "
            "JOIN pg_ts_dict d ON d.oid = m.mapdict WHERE c.cfgname = %s AND d.dictname = %s",
            [SEARCH_CONFIG, ISPELL_DICTIONARY],
        )
        return cursor.fetchone() is not None


class CountedSearch:
    """Wraps Wagtail search results so paginators count and slice them in the database, not in memory."""

    def __init__(self, results):
        self.results = results

    def all(self):
        return self

    def count(self) -> int:
        return self.results.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window):
        return list(self.results[window])
