"""Vietnam's public holidays and Tết for 2025, 2026 and 2027, the working-day
calendar's first table.

The days come from the Labour Code (Bộ luật Lao động 2019, art. 112, as amended:
Quốc khánh is 2/9 and the day before or after it; Ngày Văn hóa Việt Nam 24/11
from 2026) and, for the days the Prime Minister fixes each year, from the
official notices known when this was written (cross-checked with the
open-source ``holidays`` package, 0.108):

* 2025: Tết Ất Tỵ 25/01–02/02 (9 days for civil servants); 30/4–4/5 with Fri
  02/5 swapped with Sat 26/4 (worked); Quốc khánh 1–2/9.
* 2026: Tết Bính Ngọ 14/02–22/02 (9 days); Giỗ Tổ falls on Sunday 26/4, so
  Monday 27/4 is the day off in lieu (art. 111(3)); Quốc khánh 1–2/9 with Mon
  31/8 swapped with Sat 22/8 (worked); Ngày Văn hóa Việt Nam 24/11.
* 2027: no decision yet.  Tết Đinh Mùi (mùng 1 on Saturday 06/02) is seeded
  04/02–10/02 (29 Tết to mùng 5, as in 2024 when Tết also began on a
  Saturday); 1/5 falls on Saturday, so Monday 3/5 is the day off in lieu;
  Quốc khánh 2–3/9; 24/11.

Councils must check the official decisions each year (the Prime Minister's
decision on Tết, the Ministry of Home Affairs' notice on swapped days, any new
holiday) and edit the table in the admin ("Ngày nghỉ lễ, Tết"); a weekend day
worked in exchange is a row whose "là ngày nghỉ" is unticked.

Seeding is idempotent (by date) and leaves rows an administrator already edited alone.
"""

import datetime as dt

from django.db import migrations

NEW_YEAR = "Tết Dương lịch"
HUNG_KINGS = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
REUNIFICATION = "Ngày Chiến thắng (30/4)"
LABOUR_DAY = "Ngày Quốc tế Lao động (1/5)"
NATIONAL_DAY = "Quốc khánh"
CULTURE_DAY = "Ngày Văn hóa Việt Nam (24/11)"


def _span(first: dt.date, last: dt.date, name: str) -> list[tuple[dt.date, str, bool]]:
    days = (last - first).days
    return [(first + dt.timedelta(days=n), name, True) for n in range(days + 1)]


HOLIDAYS: list[tuple[dt.date, str, bool]] = [
    # 2025
    (dt.date(2025, 1, 1), NEW_YEAR, True),
    *_span(dt.date(2025, 1, 25), dt.date(2025, 2, 2), "Tết Nguyên đán Ất Tỵ"),
    (dt.date(2025, 4, 7), HUNG_KINGS, True),
    (dt.date(2025, 4, 26), "Làm bù cho thứ Sáu 02/5/2025", False),
    (dt.date(2025, 4, 30), REUNIFICATION, True),
    (dt.date(2025, 5, 1), LABOUR_DAY, True),
    (dt.date(2025, 5, 2), "Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)", True),
    (dt.date(2025, 9, 1), NATIONAL_DAY, True),
    (dt.date(2025, 9, 2), NATIONAL_DAY, True),
    # 2026
    (dt.date(2026, 1, 1), NEW_YEAR, True),
    *_span(dt.date(2026, 2, 14), dt.date(2026, 2, 22), "Tết Nguyên đán Bính Ngọ"),
    (dt.date(2026, 4, 26), HUNG_KINGS, True),
    (dt.date(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương (trùng Chủ nhật)", True),
    (dt.date(2026, 4, 30), REUNIFICATION, True),
    (dt.date(2026, 5, 1), LABOUR_DAY, True),
    (dt.date(2026, 8, 22), "Làm bù cho thứ Hai 31/8/2026", False),
    (dt.date(2026, 8, 31), "Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)", True),
    (dt.date(2026, 9, 1), NATIONAL_DAY, True),
    (dt.date(2026, 9, 2), NATIONAL_DAY, True),
    (dt.date(2026, 11, 24), CULTURE_DAY, True),
    # 2027 (provisional: check the official decisions)
    (dt.date(2027, 1, 1), NEW_YEAR, True),
    *_span(dt.date(2027, 2, 4), dt.date(2027, 2, 10), "Tết Nguyên đán Đinh Mùi (dự kiến, cần đối chiếu quyết định)"),
    (dt.date(2027, 4, 16), HUNG_KINGS, True),
    (dt.date(2027, 4, 30), REUNIFICATION, True),
    (dt.date(2027, 5, 1), LABOUR_DAY, True),
    (dt.date(2027, 5, 3), "Nghỉ bù Ngày Quốc tế Lao động (trùng thứ Bảy)", True),
    (dt.date(2027, 9, 2), NATIONAL_DAY, True),
    (dt.date(2027, 9, 3), NATIONAL_DAY, True),
    (dt.date(2027, 11, 24), CULTURE_DAY, True),
]


def seed_holidays(apps, schema_editor):
    Holiday = apps.get_model("nominations", "Holiday")
    for date, name, is_day_off in HOLIDAYS:
        Holiday.objects.get_or_create(date=date, defaults={"name": name, "is_day_off": is_day_off})


def unseed_holidays(apps, schema_editor):
    Holiday = apps.get_model("nominations", "Holiday")
    Holiday.objects.filter(date__in=[date for date, _name, _off in HOLIDAYS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0004_holiday_round_reminder_days"),
    ]

    operations = [
        migrations.RunPython(seed_holidays, unseed_holidays),
    ]
