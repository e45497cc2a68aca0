"""Award money rates get an end date.  Rates stored until now had only a start date, the
next version taking over from its own start: each such older version is ended the day
before the next one begins, so the versions of a rate never overlap."""

import datetime as dt

from django.db import migrations, models


def end_superseded_rates(apps, schema_editor):
    AwardRate = apps.get_model("nominations", "AwardRate")
    previous = {}
    for rate in AwardRate.objects.order_by("award_type_id", "nominee_kind", "valid_from", "pk"):
        key = (rate.award_type_id, rate.nominee_kind)
        older = previous.get(key)
        if older is not None and older.valid_until is None and older.valid_from < rate.valid_from:
            older.valid_until = rate.valid_from - dt.timedelta(days=1)
            older.save(update_fields=["valid_until"])
        previous[key] = rate


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0012_round_quotas"),
    ]

    operations = [
        migrations.AddField(
            model_name="awardrate",
            name="valid_until",
            field=models.DateField(blank=True, null=True, verbose_name="áp dụng đến hết ngày"),
        ),
        migrations.AddConstraint(
            model_name="awardrate",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("valid_until__isnull", True), ("valid_until__gte", models.F("valid_from")), _connector="OR"
                ),
                name="award_rate_dates_in_order",
            ),
        ),
        migrations.RunPython(end_superseded_rates, migrations.RunPython.noop),
    ]
