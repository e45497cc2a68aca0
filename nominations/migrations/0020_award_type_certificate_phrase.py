from django.db import migrations, models

# What this step writes is fixed here, not read from code that may change later.
_OLD_TITLE_VERB = "tặng danh hiệu"
_RECOGNISED = ("văn hoá", "văn hóa")


def title_papers(apps, schema_editor):
    """A title's paper names the paper ("Giấy chứng nhận", "Giấy công nhận" for a recognised title) and
    says under the name "Đạt danh hiệu “…”": existing titles take that wording; a title still printing
    the old award line "Tặng danh hiệu" above its name loses it."""
    AwardType = apps.get_model("nominations", "AwardType")
    for award_type in AwardType.objects.filter(kind="title").only("pk", "name_vi", "paper_title", "award_verb"):
        name = award_type.name_vi.strip()
        changes = {"certificate_phrase": f"Đạt danh hiệu “{name}”"}
        if award_type.award_verb.strip().lower() == _OLD_TITLE_VERB:
            changes["award_verb"] = ""
        if any(word in name.lower() for word in _RECOGNISED) and award_type.paper_title.strip() in ("", "Giấy chứng nhận"):
            changes["paper_title"] = "Giấy công nhận"
        AwardType.objects.filter(pk=award_type.pk).update(**changes)


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0019_award_type_ministry_column"),
    ]

    operations = [
        migrations.AddField(
            model_name="awardtype",
            name="certificate_phrase",
            field=models.CharField(
                blank=True,
                help_text="Câu in dưới tên người được khen, ví dụ “Đạt danh hiệu “Lao động tiên tiến”” (danh hiệu in kèm năm của đợt xét). Để trống: danh hiệu in câu “Đạt danh hiệu …”, hình thức khen thưởng không in câu này.",
                max_length=200,
                verbose_name="lời chứng nhận",
            ),
        ),
        migrations.AlterField(
            model_name="awardtype",
            name="award_verb",
            field=models.CharField(
                blank=True,
                help_text="Dòng in trên tên giấy, ví dụ “Tặng” (→ TẶNG / GIẤY KHEN). Giấy chứng nhận danh hiệu thường không có dòng này. Để trống: theo loại hình thức.",
                max_length=100,
                verbose_name="lời tặng",
            ),
        ),
        migrations.RunPython(title_papers, migrations.RunPython.noop),
    ]
