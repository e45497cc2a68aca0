"""What a vote fixes when it opens: the recused members of each line, the ballots the box needs
(the quorum then) and a random id of the opening.  Votes already open get their recusals from the
memberships as they are (what the close read until now)."""

from django.db import migrations, models


def freeze_recusals(apps, schema_editor):
    CouncilSession = apps.get_model("decisions", "CouncilSession")
    AgendaItem = apps.get_model("decisions", "AgendaItem")
    CouncilMembership = apps.get_model("councils", "CouncilMembership")
    for session in CouncilSession.objects.exclude(status="preparing"):
        members = {}
        for membership in CouncilMembership.objects.filter(
            council_id=session.council_id, role__in=("member", "chairman"), is_active=True, user__is_active=True
        ).order_by("role", "id"):
            members.setdefault(membership.user_id, membership)
        items = list(AgendaItem.objects.filter(session=session).select_related("line__nomination"))
        for item in items:
            item.recused_members = sorted(
                user_id
                for user_id, membership in members.items()
                if (membership.unit_id and membership.unit_id == item.line.nomination.unit_id)
                or (item.line.person_id and membership.person_id == item.line.person_id)
            )
        AgendaItem.objects.bulk_update(items, ["recused_members"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('decisions', '0002_sealed_ballot_box'),
        ('councils', '0003_sealed_box_fixed_at_opening'),
    ]

    operations = [
        migrations.AddField(
            model_name='agendaitem',
            name='recused_members',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='councilsession',
            name='box_id',
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AddField(
            model_name='councilsession',
            name='quorum_ballots',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='số phiếu tối thiểu để mở hòm'),
        ),
        migrations.RunPython(freeze_recusals, migrations.RunPython.noop),
    ]
