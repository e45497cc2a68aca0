"""The security event log (councils/security.py), append-only in the database itself: triggers
on PostgreSQL and SQLite refuse an UPDATE or a DELETE of a row (and a TRUNCATE on PostgreSQL),
as councils 0006 does for the audit log."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def install(apps, schema_editor):
    from councils import security

    security.install_triggers(schema_editor.connection)


def drop(apps, schema_editor):
    from councils import security

    security.drop_triggers(schema_editor.connection)


KINDS = [
    ("login_success", "đăng nhập thành công"),
    ("login_failure", "đăng nhập sai"),
    ("lockout", "khoá đăng nhập do sai nhiều lần"),
    ("unlock", "mở khoá đăng nhập"),
    ("2fa_enrol", "đăng ký xác thực hai lớp"),
    ("2fa_use", "dùng xác thực hai lớp"),
    ("password_change", "đổi mật khẩu"),
    ("password_reset", "đặt lại mật khẩu (do người khác)"),
    ("role_change", "thay đổi vai trò"),
    ("key_change", "thay đổi khoá niêm phong phiếu, khoá ký kết quả"),
    ("vote_open", "mở bỏ phiếu"),
    ("vote_close", "kết thúc bỏ phiếu"),
    ("decision_register", "vào số quyết định"),
    ("decision_revoke", "thu hồi quyết định"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0008_council_profile_and_signers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SecurityEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=KINDS, max_length=32, verbose_name="sự kiện")),
                ("at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="thời điểm")),
                ("username", models.CharField(blank=True, max_length=150, verbose_name="tên đăng nhập")),
                ("address", models.GenericIPAddressField(blank=True, null=True, verbose_name="địa chỉ IP")),
                (
                    "outcome",
                    models.CharField(
                        choices=[("success", "thành công"), ("failure", "không thành công")],
                        default="success",
                        max_length=16,
                        verbose_name="kết quả",
                    ),
                ),
                ("detail", models.CharField(blank=True, max_length=255, verbose_name="chi tiết")),
                (
                    "council",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="councils.council",
                        verbose_name="hội đồng",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người dùng",
                    ),
                ),
            ],
            options={
                "verbose_name": "sự kiện an ninh",
                "verbose_name_plural": "sự kiện an ninh",
                "ordering": ["-at", "-pk"],
                "indexes": [models.Index(fields=["council", "-at"], name="security_event_council_at")],
            },
        ),
        migrations.RunPython(install, drop),
    ]
