"""The dossier's folded search text (title and unit name, lower case, no diacritics), which the
dossier list, the task lists and the API search match, so that "huong" finds "Hường"; filled in
for the dossiers already there, a thousand at a time."""

from django.db import migrations, models

from common.text import fold

BATCH = 1000


def fill_search_text(apps, schema_editor):
    Nomination = apps.get_model("nominations", "Nomination")
    rows = Nomination.objects.using(schema_editor.connection.alias).only("pk", "title", "unit_name").order_by("pk")
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        row.search_text = fold(f"{row.title} {row.unit_name}")
        batch.append(row)
        if len(batch) >= BATCH:
            Nomination.objects.using(schema_editor.connection.alias).bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Nomination.objects.using(schema_editor.connection.alias).bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0023_person_birth_year_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="nomination",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
