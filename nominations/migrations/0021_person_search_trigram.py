"""A trigram index on ``Person.search_name`` for the people search on PostgreSQL.

``person_search`` filters ``search_name LIKE '%<folded word>%'`` (``contains`` on the already folded,
lower-case key, so no UPPER() that the index could not serve).  A B-tree cannot answer a match in the
middle of a name; ``pg_trgm``'s GIN index can, so the search stays fast with hundreds of thousands of
people (bench/people_search.py).  SQLite keeps its scan: the operation does nothing there, and the
model state is untouched (a ``GinIndex`` in ``Meta.indexes`` would be created on SQLite too).

``CREATE EXTENSION`` needs a superuser, or the database's owner on PostgreSQL 13+ for this trusted
extension; where the application's user may not, an administrator creates it first
(docs/deploy.md) and ``IF NOT EXISTS`` lets this step pass.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS nominations_person_search_trgm ON nominations_person "
        "USING gin (search_name gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # the extension stays: other objects of the database may use it
    schema_editor.execute("DROP INDEX IF EXISTS nominations_person_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("nominations", "0020_award_type_certificate_phrase")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
