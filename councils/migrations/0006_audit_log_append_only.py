"""The audit log is append-only in the database itself: triggers on PostgreSQL and SQLite refuse
an UPDATE or a DELETE of a log row (and a TRUNCATE on PostgreSQL).  See councils/audit.py."""

from django.db import migrations


def install(apps, schema_editor):
    from councils import audit

    audit.install_triggers(schema_editor.connection)


def drop(apps, schema_editor):
    from councils import audit

    audit.drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0005_temporary_passwords"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(install, drop)]
