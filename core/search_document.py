"""The stored search document: a model's weighted words, kept current by PostgreSQL.

A model whose search queryset (core/search.py) names a `search_document_field` keeps in
that column the weighted text search vector of its `search_fields`, as the search would
otherwise compute it for every row of every search. The migration that adds the column
installs, with `KeepSearchDocument`, what keeps it current in the database itself, so
that every way of writing is covered (`save()`, `QuerySet.update()`, `bulk_create()`,
`loaddata`, plain SQL):

- a function computing the vector of one row, from the row and what `search_fields`
  reaches through relations (a foreign key's field, a many-to-many field's values);
- a trigger setting the column before a row is inserted or its searched columns change;
- triggers renewing the rows concerned when a related row changes: a group renamed, a
  tag renamed, tags added or removed (once a statement, for bulk inserts);
- a GIN index on the column, which the search filters and counts through.

The SQL is written from the `search_fields` mapping given to the operation (frozen in
the migration, like any migration's arguments), so the stored vector is the one the
search defines. Other databases get nothing: the column stays empty there and the
search falls back to its simple matching.
"""

from django.db.migrations.operations.base import Operation

from core.search import TEXT_SEARCH_CONFIG


class SearchDocumentSQL:
    """The SQL that keeps the field `field_name` of `model` current, for `search_fields`
    mapping field lookups to weights: `install()` and `remove()` are lists of statements.

    A lookup is a field of the model ("name"), a field across a foreign key
    ("group__name") or across a many-to-many relation with its through table
    ("tags__name", the values joined in alphabetical order).
    """

    def __init__(self, model, search_fields, field_name, quote_name):
        self.model = model
        self.search_fields = search_fields
        self.column = model._meta.get_field(field_name).column
        self.qn = quote_name
        self.table = model._meta.db_table
        self.pk = model._meta.pk.column
        self.function = f"{self.table}_search_document"
        self.index = f"{model._meta.model_name}_search_document"
        self.parts = [self._part(lookup, weight) for lookup, weight in search_fields.items()]

    # --- What each lookup reads ------------------------------------------------------

    def _part(self, lookup, weight):
        """What one lookup contributes: its text in SQL, the model's columns it reads and
        the related table (if any) whose changes must renew the vector."""
        if weight not in ("A", "B", "C", "D"):
            raise ValueError(f"The weight of {lookup!r} must be one of A, B, C, D.")
        names = lookup.split("__")
        if len(names) == 1:
            column = self.model._meta.get_field(names[0]).column
            return {"text": f"entry.{self.qn(column)}", "columns": [column], "related": None}
        if len(names) != 2:
            raise ValueError(f"{lookup!r}: only one relation can be followed.")
        relation = self.model._meta.get_field(names[0])
        target = relation.related_model
        target_column = target._meta.get_field(names[1]).column
        if relation.many_to_one:
            key = relation.target_field.column
            text = (
                f"(SELECT related.{self.qn(target_column)} FROM {self.qn(target._meta.db_table)}"
                f" AS related WHERE related.{self.qn(key)} = entry.{self.qn(relation.column)})"
            )
            related = {
                "name": names[0],
                "table": target._meta.db_table,
                "column": target_column,
                # Rows of the model that point to a changed related row (NEW).
                "entries": f"entry.{self.qn(relation.column)} = NEW.{self.qn(key)}",
            }
            return {"text": text, "columns": [relation.column], "related": related}
        if relation.many_to_many:
            through = relation.remote_field.through
            source, link = self._through_keys(through, target)
            through_table, target_table = through._meta.db_table, target._meta.db_table
            target_pk = target._meta.pk.column
            text = (
                f"(SELECT string_agg(related.{self.qn(target_column)}, ' '"
                f" ORDER BY related.{self.qn(target_column)})"
                f" FROM {self.qn(through_table)} AS link"
                f" JOIN {self.qn(target_table)} AS related"
                f" ON related.{self.qn(target_pk)} = link.{self.qn(link)}"
                f" WHERE link.{self.qn(source)} = entry.{self.qn(self.pk)})"
            )
            related = {
                "name": names[0],
                "table": target_table,
                "column": target_column,
                "entries": (
                    f"entry.{self.qn(self.pk)} IN (SELECT link.{self.qn(source)}"
                    f" FROM {self.qn(through_table)} AS link"
                    f" WHERE link.{self.qn(link)} = NEW.{self.qn(target_pk)})"
                ),
                "through": {"name": names[0], "table": through_table, "source": source},
            }
            return {"text": text, "columns": [], "related": related}
        raise ValueError(f"{lookup!r}: only foreign keys and many-to-many fields are supported.")

    def _through_keys(self, through, target):
        """The columns of `through` pointing to the model and to `target`."""
        keys = {}
        for field in through._meta.get_fields():
            if field.many_to_one and field.concrete:
                keys.setdefault(field.related_model._meta.label, field.column)
        return keys[self.model._meta.label], keys[target._meta.label]

    def vector(self):
        """The weighted vector of the row `entry`, as Django's SearchVector writes it."""
        config = f"'{TEXT_SEARCH_CONFIG}'::regconfig"
        return " || ".join(
            f"setweight(to_tsvector({config}, COALESCE({part['text']}, '')), '{weight}')"
            for part, weight in zip(self.parts, self.search_fields.values(), strict=True)
        )

    def _renew(self, condition):
        """An UPDATE giving the rows that meet `condition` their current vector."""
        return (
            f"UPDATE {self.qn(self.table)} AS entry"
            f" SET {self.qn(self.column)} = {self.qn(self.function)}(entry) WHERE {condition};"
        )

    # --- The statements ----------------------------------------------------------------

    def install(self):
        table, function = self.qn(self.table), self.qn(self.function)
        columns = sorted({column for part in self.parts for column in part["columns"]})
        statements = [
            # PL/pgSQL, not SQL: its sub-selects keep an SQL function from being inlined,
            # and PostgreSQL plans such a function's body anew in every statement (and
            # savepoint) that calls it, a third of a millisecond per row written, while
            # PL/pgSQL keeps the plan for the session (an import writes thousands of rows).
            f"CREATE FUNCTION {function}(entry {table}) RETURNS tsvector"
            f" LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN {self.vector()}; END $$;",
            f"CREATE FUNCTION {self.qn(self.function + '_row')}() RETURNS trigger"
            f" LANGUAGE plpgsql AS $$ BEGIN NEW.{self.qn(self.column)} := {function}(NEW);"
            " RETURN NEW; END $$;",
            f"CREATE TRIGGER {self.qn(self.function)} BEFORE INSERT OR UPDATE OF"
            f" {', '.join(self.qn(column) for column in columns)} ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION {self.qn(self.function + '_row')}();",
        ]
        for related in self._related():
            statements += self._related_triggers(related)
        for through in self._throughs():
            statements += self._through_triggers(through)
        # The index before the rows are filled: created after, over the filled rows'
        # updated versions, it could be used only by transactions started after every
        # transaction running at the time has ended (PostgreSQL's `indcheckxmin`). The
        # filled rows wait in the index's pending list, which every search would read
        # until a vacuum; they are moved into the index right away.
        statements += [
            f"CREATE INDEX {self.qn(self.index)} ON {table} USING gin ({self.qn(self.column)});",
            self._renew("TRUE"),
            f"SELECT gin_clean_pending_list({self.index_literal()}::regclass);",
        ]
        return statements

    def index_literal(self):
        """The index's name as a string literal (for `'name'::regclass`)."""
        return "'" + self.qn(self.index).replace("'", "''") + "'"

    def remove(self):
        statements = [f"DROP INDEX IF EXISTS {self.qn(self.index)};"]
        for through in self._throughs():
            for event in ("insert", "update", "delete"):
                name = self.qn(f"{self.function}_{through['name']}_{event}")
                statements.append(f"DROP TRIGGER IF EXISTS {name} ON {self.qn(through['table'])};")
            function = self.qn(f"{self.function}_{through['name']}_links")
            statements.append(f"DROP FUNCTION IF EXISTS {function}();")
        for related in self._related():
            name = self.qn(f"{self.function}_{related['name']}")
            statements += [
                f"DROP TRIGGER IF EXISTS {name} ON {self.qn(related['table'])};",
                f"DROP FUNCTION IF EXISTS {name}();",
            ]
        statements += [
            f"DROP TRIGGER IF EXISTS {self.qn(self.function)} ON {self.qn(self.table)};",
            f"DROP FUNCTION IF EXISTS {self.qn(self.function + '_row')}();",
            f"DROP FUNCTION IF EXISTS {self.qn(self.function)}({self.qn(self.table)});",
        ]
        return statements

    def _related(self):
        """Per relation followed, the related table and the columns of it that are read."""
        relations = {}
        for part in self.parts:
            if related := part["related"]:
                entry = relations.setdefault(related["name"], {**related, "columns": []})
                entry["columns"].append(related["column"])
        return relations.values()

    def _related_triggers(self, related):
        """A related row inserted (e.g. by loaddata after the rows pointing to it) or
        with a read column changed renews the rows that reach it."""
        name = self.qn(f"{self.function}_{related['name']}")
        columns = sorted(set(related["columns"]))
        unchanged = " AND ".join(
            f"OLD.{self.qn(column)} IS NOT DISTINCT FROM NEW.{self.qn(column)}"
            for column in columns
        )
        return [
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            f" IF TG_OP = 'UPDATE' THEN IF {unchanged} THEN RETURN NULL; END IF; END IF;"
            f" {self._renew(related['entries'])} RETURN NULL; END $$;",
            f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OF"
            f" {', '.join(self.qn(column) for column in columns)}"
            f" ON {self.qn(related['table'])} FOR EACH ROW EXECUTE FUNCTION {name}();",
        ]

    def _throughs(self):
        return [related["through"] for related in self._related() if "through" in related]

    def _through_triggers(self, through):
        """Links added, removed or changed renew their rows, once per statement: a bulk
        insert of many links renews each row once."""
        function = self.qn(f"{self.function}_{through['name']}_links")
        table, source = self.qn(through["table"]), self.qn(through["source"])

        def renew(*transition_tables):
            rows = " UNION ".join(f"SELECT {source} FROM {t}" for t in transition_tables)
            return self._renew(f"entry.{self.qn(self.pk)} = ANY (ARRAY({rows}))")

        statements = [
            f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            f" IF TG_OP = 'INSERT' THEN {renew('new_links')}"
            f" ELSIF TG_OP = 'DELETE' THEN {renew('old_links')}"
            f" ELSE {renew('old_links', 'new_links')} END IF; RETURN NULL; END $$;"
        ]
        transitions = {
            "insert": "NEW TABLE AS new_links",
            "update": "OLD TABLE AS old_links NEW TABLE AS new_links",
            "delete": "OLD TABLE AS old_links",
        }
        for event, referencing in transitions.items():
            name = self.qn(f"{self.function}_{through['name']}_{event}")
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} REFERENCING"
                f" {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
            )
        return statements


class KeepSearchDocument(Operation):
    """A migration operation: on PostgreSQL, install the function, triggers and GIN index
    that keep the field `field_name` of the model current for `search_fields`, and fill
    it; remove them when migrating back. Other databases: nothing."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name, search_fields, field_name="search_document"):
        self.model_name = model_name
        self.search_fields = dict(search_fields)
        self.field_name = field_name

    def deconstruct(self):
        kwargs = {"model_name": self.model_name, "search_fields": self.search_fields}
        if self.field_name != "search_document":
            kwargs["field_name"] = self.field_name
        return self.__class__.__qualname__, [], kwargs

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._run(app_label, schema_editor, to_state, "install")

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._run(app_label, schema_editor, from_state, "remove")

    def _run(self, app_label, schema_editor, state, statements):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = state.apps.get_model(app_label, self.model_name)
        sql = SearchDocumentSQL(
            model, self.search_fields, self.field_name, schema_editor.quote_name
        )
        for statement in getattr(sql, statements)():
            schema_editor.execute(statement, params=None)

    def describe(self):
        return f"Keep the search document of {self.model_name} current (PostgreSQL)"

    @property
    def migration_name_fragment(self):
        return f"keep_search_document_{self.model_name.lower()}"
