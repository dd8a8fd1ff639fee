"""Search over the public directory, on PostgreSQL and on SQLite.

PostgreSQL searches with its German text search configuration: word forms
match ("Beschaffungen" finds "Beschaffung"), the last word also matches as a
prefix ("Siegel" finds "Siegelklarheit"), results are ranked by where they
match (name before teaser before description) and come with a headline that
marks the matches. It reads the weighted words of each row from a stored
column that the database keeps current (core/search_document.py), through its
GIN index: a search costs what its matches cost, not what the table holds.
Other databases, SQLite for local runs, match every word, without a common
German ending, as a part of any field and rank by the same weights.
"""

import operator
import re
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connections, models
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

TEXT_SEARCH_CONFIG = "german"
MAX_TERMS = 8
# The weights of PostgreSQL's ranking (A is the most important), repeated as
# points for the simple matching elsewhere.
WEIGHT_POINTS = {"A": 8, "B": 4, "C": 2, "D": 1}
# PostgreSQL marks the matches in its headline with these; they are turned
# into <mark> elements after the rest of the text has been escaped.
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_LENGTH = 220
# Common German inflection endings, dropped for the simple matching.
GERMAN_ENDINGS = ("ungen", "en", "er", "es", "e", "n", "s")


def search_terms(query):
    """The words of a query, without punctuation or operators: safe to pass on."""
    return re.findall(r"\w+", query or "")[:MAX_TERMS]


def simple_stem(term):
    """The term without a common German ending: "Beschaffungen" becomes "Beschaffung"."""
    for ending in GERMAN_ENDINGS:
        if term.lower().endswith(ending) and len(term) - len(ending) >= 4:
            return term[: -len(ending)] + ("ung" if ending == "ungen" else "")
    return term


class SearchQuerySet(models.QuerySet):
    """A queryset that can search its model's `search_fields`.

    `search_fields` maps field lookups (which may follow relations, also
    many-valued ones such as tags) to a weight from "A" to "D";
    `snippet_fields` names the texts a result's snippet is taken from.
    `search_document_field` names the model's SearchVectorField in which
    PostgreSQL keeps the weighted vector of `search_fields` current (installed
    by the migration with core.search_document.KeepSearchDocument): the search
    filters and counts through its GIN index and ranks by it. Without one the
    vector is computed for every row of every search.
    """

    search_fields = {}
    snippet_fields = ()
    search_document_field = None

    def search(self, query):
        """The rows matching every word of `query`, best first, with `search_snippet`."""
        terms = search_terms(query)
        if not terms:
            return self.none()
        if connections[self.db].vendor == "postgresql":
            return self._full_text_search(terms)
        return self._simple_search(terms)

    def search_vector(self):
        """The weighted vector of `search_fields` computed per row: what the stored
        `search_document_field` holds."""
        return reduce(
            operator.add,
            (
                SearchVector(self._text_of(lookup), weight=weight, config=TEXT_SEARCH_CONFIG)
                for lookup, weight in self.search_fields.items()
            ),
        )

    def _full_text_search(self, terms):
        # The terms hold only word characters, so quoting them makes a safe
        # tsquery. Every word must match, the last one also as a prefix; the
        # rank counts each word on its own, as PostgreSQL's ranking of a
        # combined prefix query can put a match in the name far down.
        *words, last = terms
        lexemes = [*(f"'{word}'" for word in words), f"'{last}':*"]
        query = SearchQuery(" & ".join(lexemes), search_type="raw", config=TEXT_SEARCH_CONFIG)
        any_word = SearchQuery(" | ".join(lexemes), search_type="raw", config=TEXT_SEARCH_CONFIG)
        searched, document = self, self.search_document_field
        if not document:
            searched = self.alias(computed_document=self.search_vector())
            document = "computed_document"
        return (
            searched.filter(**{document: query})
            .annotate(
                search_rank=SearchRank(models.F(document), any_word),
                search_snippet=SearchHeadline(
                    self._snippet_text(),
                    query,
                    config=TEXT_SEARCH_CONFIG,
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=30,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-search_rank", *self.model._meta.ordering)
        )

    def _text_of(self, lookup):
        """The text of a field; many-valued ones (tags) joined into one text per row."""
        if not self._is_many_valued(lookup):
            return models.F(lookup)
        joined = (
            self.model._default_manager.filter(pk=models.OuterRef("pk"))
            .values("pk")
            .annotate(text=StringAgg(lookup, " ", order_by=lookup))
            .values("text")
        )
        return models.Subquery(joined, output_field=models.TextField())

    def _simple_search(self, terms):
        terms = [simple_stem(term) for term in terms]
        matches = reduce(operator.and_, (self._matches_anywhere(term) for term in terms))
        rank = reduce(
            operator.add,
            (
                models.Case(
                    models.When(self._contains(lookup, term), then=WEIGHT_POINTS[weight]),
                    default=0,
                )
                for term in terms
                for lookup, weight in self.search_fields.items()
            ),
        )
        return (
            self.filter(matches)
            .annotate(search_rank=rank, search_snippet=self._snippet_text())
            .order_by("-search_rank", *self.model._meta.ordering)
        )

    def _matches_anywhere(self, term):
        return reduce(operator.or_, (self._contains(lookup, term) for lookup in self.search_fields))

    def _contains(self, lookup, term):
        condition = models.Q(**{f"{lookup}__icontains": term})
        if self._is_many_valued(lookup):
            # A subquery rather than a join, so that no row is returned twice.
            return models.Q(pk__in=self.model._default_manager.filter(condition).values("pk"))
        return condition

    def _is_many_valued(self, lookup):
        opts = self.model._meta
        for name in lookup.split(LOOKUP_SEP)[:-1]:
            field = opts.get_field(name)
            if field.many_to_many or field.one_to_many:
                return True
            opts = field.related_model._meta
        return False

    def _snippet_text(self):
        parts = [models.F(name) for name in self.snippet_fields]
        if len(parts) == 1:
            return parts[0]
        separated = [item for part in parts for item in (part, models.Value(" "))][:-1]
        return Concat(*separated, output_field=models.TextField())


def highlight(text, terms):
    """A short passage of `text` as safe HTML, with the search terms in <mark>.

    PostgreSQL's headline has already chosen the passage and marked the word
    forms it matched; elsewhere the passage starts shortly before the first
    match and the terms are marked here.
    """
    text = " ".join((text or "").split())
    if MARK_START in text:
        marked = escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
        return mark_safe(marked)  # all but our markers is escaped
    if not terms:
        return escape(_shorten(text, 0))
    stems = sorted({simple_stem(term) for term in terms}, key=len, reverse=True)
    alternatives = "|".join(re.escape(stem) for stem in stems)
    pattern = re.compile(rf"(?:{alternatives})\w*", re.IGNORECASE)
    first = pattern.search(text)
    passage = _shorten(text, first.start() if first else 0)
    pieces = pattern.split(passage)
    found = pattern.findall(passage)
    html = escape(pieces[0]) + "".join(
        f"<mark>{escape(match)}</mark>{escape(rest)}"
        for match, rest in zip(found, pieces[1:], strict=True)
    )
    return mark_safe(html)  # built from escaped parts


def _shorten(text, position):
    """About SNIPPET_LENGTH characters of `text` around `position`, cut at spaces."""
    start = max(0, position - SNIPPET_LENGTH // 4)
    if start:
        start = text.find(" ", start, position) + 1 or start
    end = start + SNIPPET_LENGTH
    if end < len(text) and (space := text.rfind(" ", position, end)) > position:
        end = space
    passage = text[start:end].strip()
    return f"{'… ' if start else ''}{passage}{' …' if end < len(text) else ''}"


# --- How the database answers a search (for the benchmark) ------------------------------


@dataclass
class ExplainedQuery:
    sql: str
    plan: str

    @property
    def execution_ms(self):
        """The database time of the query, from its plan's "Execution Time"."""
        found = re.search(r"^Execution Time: ([\d.]+) ms$", self.plan, re.MULTILINE)
        return float(found[1]) if found else None


def explain_search(queryset, query, page_size=20):
    """How PostgreSQL answers the first page of `queryset.search(query)`, as a list page
    asks for it (paginated by `page_size`): each query sent (the count, the page, any
    prefetch), in order, with its `EXPLAIN (ANALYZE, BUFFERS)`. Each query runs twice,
    explained and then for real, so the page is built as usual."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        raise ValueError("EXPLAIN ANALYZE of a search needs PostgreSQL.")
    explained = []

    def explain(execute, sql, params, many, context):
        cursor = context["cursor"].cursor  # the driver's cursor, past these wrappers
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        explained.append(ExplainedQuery(connection.ops.compose_sql(sql, params), plan))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(explain):
        list(Paginator(queryset.search(query), page_size).page(1))
    return explained
