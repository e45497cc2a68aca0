"""``manage.py seed_demo``: a demo database for Hà Trung.

Councils, units, award types and logins are configuration rows written here;
people, households and every dossier go through the services, so the flow
processes, the history and the notices exist as if users had clicked.  The
values live in ``demo/demo_data.py``.

The story is today's: the 2023 past (the town of Hà Trung under its district, its 2023 round
and decision), the reorganisation of 1 July 2025 (no district, the town a commune directly
under the province, a quarter merged into another) through the setup services, then the
current year's round on the commune.
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from collections import Counter
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython
from django.utils import timezone

from common.text import fold
from councils import profile_services, setup_services
from councils.models import Council, CouncilMembership, CouncilRole, Unit, UnitMembership, User
from decisions.models import (
    AgendaItem,
    AttendanceState,
    BallotCast,
    Choice,
    CouncilSession,
    Decision,
    DecisionStatus,
    Honour,
    SessionStatus,
    SignerCapacity,
)
from decisions.services.results import session_results
from decisions.services.sessions import attendance_record, recusals, voting_members
from demo import demo_data as data
from nominations import award_services
from nominations import services as nomination_services
from nominations.models import (
    AwardRate,
    AwardType,
    BaseSalary,
    DocumentKind,
    Household,
    Nomination,
    NominationStatus,
    NomineeKind,
    Person,
    Round,
    RoundAwardType,
    RoundKind,
)
from workflows import decisions as workflow_decisions
from workflows import services as flow_services
from workflows import session_services


def _plain(text: str) -> str:
    """``text`` without diacritics, case kept ("Tờ trình" -> "To trinh")."""
    text = text.translate({ord("đ"): "d", ord("Đ"): "D", ord("–"): "-", ord("“"): '"', ord("”"): '"'})
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).encode("ascii", "replace").decode()


def demo_pdf(*lines: str) -> bytes:
    """A small but well-formed one-page A4 PDF showing ``lines`` in Helvetica.

    Helvetica's standard encoding has no Vietnamese letters, so the text is
    written without diacritics; the file only has to be a real PDF.
    """
    text_ops = []
    for line in lines:
        escaped = _plain(line).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        text_ops.append(f"({escaped}) Tj T*")
    content = ("BT /F1 12 Tf 16 TL 72 770 Td " + " ".join(text_ops) + " ET").encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(out)


class Seeder:
    """Builds the demo rows in order; every lookup by the keys of ``demo_data``.

    Three chapters, each as it happened: the 2023 past (``build_past``), the reorganisation of
    1 July 2025 (``reorganise``) and today (``build_today``)."""

    def __init__(self, *, now: dt.datetime) -> None:
        self.now = now
        self.year = timezone.localtime(now).year
        self.councils: dict[str, Council] = {}
        self.units: dict[str, Unit] = {}
        self.awards: dict[tuple[str, str], AwardType] = {}
        self.users: dict[str, Any] = {}
        self.people: dict[tuple[int, str], Person] = {}
        self.households: dict[tuple[str, str], Household] = {}
        self.round: Round | None = None

    # --- 1. the 2023 past -----------------------------------------------------------------

    def build_past(self) -> None:
        """The councils, units, award types and logins as they were in 2023 (the town under the
        district), and the town's 2023 round taken the whole way to its registered decision."""
        self.make_councils()
        self.make_units()
        self.make_award_types()
        self.make_base_salaries()
        self.make_users()
        merged = {merger.source for merger in data.MERGERS}
        named = {line.name for seed in data.DOSSIERS_2023 for line in seed.lines if line.kind == NomineeKind.INDIVIDUAL}
        self.make_people([seed for seed in data.PEOPLE if seed.full_name in named or seed.unit in merged])
        self.make_households(data.HOUSEHOLDS_2023)
        round_2023 = self._make_round(
            self.councils[data.TOWN],
            year=data.YEAR_2023,
            # nomination_create takes dossiers only in an open round: the round is open now
            # while its dossiers are made, and is set back to its 2023 dates below
            opens_at=self.now - dt.timedelta(days=1),
            closes_at=self.now + dt.timedelta(days=30),
        )
        for seed in data.DOSSIERS_2023:
            self.make_dossier(seed, round_2023)
        self.make_session_2023(round_2023)
        # Not a faked clock: the round's own dates, written back as a plain configuration
        # update once its dossiers exist (the services refuse a round that is not open now).
        Round.objects.filter(pk=round_2023.pk).update(
            opens_at=self._at(*data.ROUND_2023_OPENS), closes_at=self._at(*data.ROUND_2023_CLOSES)
        )

    def make_session_2023(self, round_: Round) -> Decision:
        """The town council's session of 15/12/2023: every voting member votes (the vote then
        closes by itself), the chairman approves every passing line and the office registers
        the decision signed on 20/12/2023, so it cites the bases in force that day."""
        town = self.councils[data.TOWN]
        secretariat, chairman = self.users["thuky"], self.users["chutich"]
        session = session_services.session_start(
            actor=secretariat,
            round=round_,
            held_at=self._at(*data.SESSION_2023_HELD),
            place=data.SESSION_2023_PLACE,
            chair=chairman,
            secretary=secretariat,
            allow_written_votes=True,
        )
        members = voting_members(town.pk, on=data.SESSION_2023_HELD[0])
        attendance_record(actor=secretariat, session=session, states=dict.fromkeys(members, AttendanceState.PRESENT))
        # no closing time: a closing time must lie in the future, and the vote closes by itself
        # once every member has voted
        session = session_services.session_open_voting(actor=secretariat, session=session)
        recused = recusals(session)
        items = list(AgendaItem.objects.filter(session=session).order_by("position"))
        for user_id in members:
            member = User.objects.get(pk=user_id)
            choices: dict[int, str] = {
                item.pk: Choice.AGREE for item in items if user_id not in recused.get(item.pk, set())
            }
            session_services.session_ballot_cast(member=member, session=session, choices=choices)
        session.refresh_from_db()
        if session.status != SessionStatus.CLOSED:
            raise CommandError(f"demo_data: the 2023 session did not close ({session.status})")
        passed = [item_id for item_id, result in session_results(session).items() if result.passed]
        draft = session_services.session_chairman_decide(
            chairman=chairman, session=session, approve_item_ids=passed, subject=data.DECISION_2023_SUBJECT
        )
        if draft is None:
            raise CommandError("demo_data: the 2023 session made no decision")
        return workflow_decisions.decision_register(
            actor=secretariat,
            decision=draft,
            signed_on=data.DECISION_2023_SIGNED,
            signer_name=data.DECISION_2023_SIGNER,
            signer_capacity=SignerCapacity.CHAIRMAN,
        )

    # --- 2. the reorganisation of 1 July 2025 ----------------------------------------------

    def reorganise(self) -> None:
        """No district tier and no thị trấn from 1 July 2025: the district council stops, the
        town's council becomes the commune's under the province, the award types and units
        follow, and Tiểu khu 8 is merged into Tiểu khu 7.  Done through the setup services as
        the council admin (``admin``) would; the tree itself (a council's parent, a council
        that stops) has no service yet, so those two fields are written directly."""
        admin = self.users["admin"]
        province, district = self.councils[data.PROVINCE], self.councils[data.DISTRICT]
        town = self.councils[data.TOWN]
        Council.objects.filter(pk=district.pk).update(is_active=False)
        Council.objects.filter(pk=town.pk).update(parent=province)
        town = profile_services.council_profile_update(
            actor=admin,
            council=town,
            name=data.COMMUNE.name,
            locality=data.COMMUNE.locality,
            place_name=data.COMMUNE.place_name,
            issuing_body=data.COMMUNE.issuing_body,
        )
        self.councils[data.TOWN] = town
        for code in data.AWARDS_ENDED:
            award = award_services.award_type_update(
                actor=admin, award_type=self.awards[(data.TOWN, code)], parent_award_type=None
            )
            self.awards[(data.TOWN, code)] = award_services.award_type_deactivate(actor=admin, award_type=award)
        for code, province_code in data.AWARD_PARENTS.items():
            self.awards[(data.TOWN, code)] = award_services.award_type_update(
                actor=admin,
                award_type=self.awards[(data.TOWN, code)],
                parent_award_type=self.awards[(data.PROVINCE, province_code)],
            )
        for (council_key, code), award in list(self.awards.items()):
            if council_key != data.TOWN:
                continue
            changes: dict[str, Any] = {}
            if code in data.AWARD_RENAMES:
                changes["name_vi"], changes["name_en"] = data.AWARD_RENAMES[code]
            if award.issuing_authority in data.ISSUING_AUTHORITY_RENAMES:
                changes["issuing_authority"] = data.ISSUING_AUTHORITY_RENAMES[award.issuing_authority]
            if changes:
                self.awards[(council_key, code)] = award_services.award_type_update(
                    actor=admin, award_type=award, **changes
                )
        for key, unit in list(self.units.items()):
            if unit.council_id != town.pk:
                continue
            name = unit.name
            for old, new in data.UNIT_RENAMES:
                name = name.replace(old, new)
            if name != unit.name:
                self.units[key] = setup_services.unit_update(
                    actor=admin,
                    unit=unit,
                    name=name,
                    kind=unit.kind,
                    staff_count=unit.staff_count,
                    household_count=unit.household_count,
                )
        for merger in data.MERGERS:
            setup_services.unit_merge(
                actor=admin,
                source=self.units[merger.source],
                target=self.units[merger.target],
                merged_on=merger.merged_on,
                reason=merger.reason,
            )
            for key in (merger.source, merger.target):
                self.units[key].refresh_from_db()

    # --- 3. today -----------------------------------------------------------------------

    def build_today(self) -> None:
        """The commune's people and households, this year's and last year's rounds, dossiers
        in every state and a session with voting open."""
        self.make_people(
            [seed for seed in data.PEOPLE if (self.units[seed.unit].council_id, seed.full_name) not in self.people]
        )
        self.make_households(data.HOUSEHOLDS)
        self.make_rounds()
        assert self.round is not None  # noqa: S101  type narrowing for mypy, not a check
        for dossier in data.DOSSIERS:
            self.make_dossier(dossier, self.round)
        self.make_session()

    # --- configuration rows --------------------------------------------------

    def make_councils(self) -> None:
        for seed in data.COUNCILS:
            council = Council(
                name=seed.name,
                level=seed.level,
                locality=seed.locality,
                place_name=seed.place_name,
                issuing_body=seed.issuing_body,
                parent=self.councils[seed.parent] if seed.parent else None,
            )
            council.full_clean()
            council.save()
            self.councils[seed.key] = council

    def make_units(self) -> None:
        for seed in data.UNITS:
            unit = Unit(
                council=self.councils[seed.council],
                name=seed.name,
                kind=seed.kind,
                staff_count=seed.staff_count,
                household_count=seed.household_count,
            )
            unit.full_clean()
            unit.save()
            self.units[seed.key] = unit

    def make_award_types(self) -> None:
        for seed in data.AWARD_TYPES:
            award = AwardType(
                council=self.councils[seed.council],
                code=seed.code,
                name_vi=seed.name_vi,
                name_en=seed.name_en,
                kind=seed.kind,
                for_individual=seed.for_individual,
                for_collective=seed.for_collective,
                for_household=seed.for_household,
                deciding_level=seed.deciding_level,
                issuing_authority=seed.issuing_authority,
                needs_vote=seed.needs_vote,
                carries_money=seed.carries_money,
                threshold_share=seed.threshold_share,
                threshold_comparison=seed.threshold_comparison,
                threshold_base=seed.threshold_base,
                required_documents=[str(kind) for kind in seed.required_documents],
                ministry_0603_column=seed.ministry_0603_column,
            )
            award.full_clean()
            award.save()
            ordered = sorted(seed.rates, key=lambda r: (r.nominee_kind, r.valid_from))
            for index, rate_seed in enumerate(ordered):
                following = ordered[index + 1] if index + 1 < len(ordered) else None
                rate = AwardRate(
                    award_type=award,
                    nominee_kind=rate_seed.nominee_kind,
                    multiplier=rate_seed.multiplier,
                    valid_from=rate_seed.valid_from,
                    # a rate applies until the day before its next version, which never overlaps it
                    valid_until=(
                        following.valid_from - dt.timedelta(days=1)
                        if following is not None and following.nominee_kind == rate_seed.nominee_kind
                        else None
                    ),
                )
                rate.full_clean()
                rate.save()
            self.awards[(seed.council, seed.code)] = award
        parents = {seed.key: seed.parent for seed in data.COUNCILS}
        for seed in data.AWARD_TYPES:
            if seed.parent_code:
                award = self.awards[(seed.council, seed.code)]
                award.parent_award_type = self.awards[(parents[seed.council], seed.parent_code)]
                award.full_clean()
                award.save(update_fields=["parent_award_type"])

    def make_base_salaries(self) -> None:
        for amount, valid_from in data.BASE_SALARIES:
            BaseSalary.objects.update_or_create(valid_from=valid_from, defaults={"amount": amount})

    def make_users(self) -> None:
        user_model = User
        # One hash for the shared password: hashing it twenty times costs seconds.
        password = make_password(data.PASSWORD)
        for seed in data.USERS:
            user = user_model(
                username=seed.username,
                first_name=seed.given,
                last_name=seed.family_and_middle,
                email=f"{seed.username}@example.com",
                is_staff=seed.superuser,
                is_superuser=seed.superuser,
            )
            user.password = password
            user.full_clean()
            user.save()
            for role in seed.council_roles:
                CouncilMembership.objects.create(
                    council=self.councils[role.council],
                    user=user,
                    role=role.role,
                    position=role.position,
                    unit=self.units[role.unit] if role.unit else None,
                )
            for unit_key in seed.units:
                UnitMembership.objects.create(unit=self.units[unit_key], user=user)
            self.users[seed.username] = user

    # --- people and households, through the services --------------------------

    def make_people(self, seeds: list[data.PersonSeed]) -> None:
        for seed in seeds:
            unit = self.units[seed.unit]
            person = nomination_services.person_create(
                council_id=unit.council_id,
                full_name=seed.full_name,
                birth_date=seed.birth_date,
                gender=seed.gender,
                position=seed.position,
                unit=unit,
            )
            key = (unit.council_id, person.full_name)
            if key in self.people:
                raise CommandError(f"demo_data: “{seed.full_name}” is listed twice in one council")
            self.people[key] = person

    def make_households(self, seeds: tuple[data.HouseholdSeed, ...]) -> None:
        for seed in seeds:
            unit = self.units[seed.unit]
            household = nomination_services.household_find_or_create(
                council_id=unit.council_id,
                head_name=seed.head_name,
                address=seed.address,
                unit=unit,
                # the demo's heads are named Vietnamese style: a woman's middle name begins with "Thị"
                head_gender="female" if " Thị " in f" {seed.head_name} " else "male",
            )
            self.households[(seed.unit, household.head_name)] = household

    # --- rounds -------------------------------------------------------------------

    def _at(self, day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())

    def make_rounds(self) -> None:
        town = self.councils[data.TOWN]
        today = timezone.localtime(self.now).date()
        self.round = self._make_round(
            town,
            year=self.year,
            opens_at=self._at(today - dt.timedelta(days=30), 7),
            closes_at=self._at(today + dt.timedelta(days=30), 17),
        )
        last_year = self.year - 1
        self._make_round(
            town,
            year=last_year,
            opens_at=self._at(dt.date(last_year, 11, 1), 7),
            closes_at=self._at(dt.date(last_year, 12, 10), 17),
        )

    def _make_round(self, council: Council, *, year: int, opens_at: dt.datetime, closes_at: dt.datetime) -> Round:
        round_ = Round(
            council=council,
            name=data.ROUND_NAME.format(year=year),
            year=year,
            kind=RoundKind.YEARLY,
            opens_at=opens_at,
            closes_at=closes_at,
        )
        round_.full_clean()
        round_.save()
        for code in data.ROUND_AWARD_CODES:
            RoundAwardType.objects.create(
                round=round_,
                award_type=self.awards[(data.TOWN, code)],
                quota_percent=data.ROUND_QUOTA_PERCENT.get(code),
            )
        return round_

    # --- the council's session, through the session services ------------------------

    def make_session(self) -> None:
        """A session on the accepted dossiers, voting open this morning until 17:00: four members
        have voted, the chairman and one member have not (they can try the ballot page); the
        secretariat closes it, the chairman decides, the office registers the decision and
        prints the certificates."""

        town = self.councils[data.TOWN]
        assert self.round is not None  # noqa: S101  type narrowing for mypy, not a check
        today = timezone.localtime(self.now).date()
        secretariat, chairman = self.users["thuky"], self.users["chutich"]
        session = session_services.session_start(
            actor=secretariat,
            round=self.round,
            held_at=self._at(today, 8),
            place=data.SESSION_PLACE,
            chair=chairman,
            secretary=secretariat,
            allow_written_votes=True,
        )
        members = voting_members(town.pk)
        attendance_record(
            actor=secretariat,
            session=session,
            states={user_id: AttendanceState.PRESENT for user_id in members},
        )
        closes = max(self._at(today, 17), self.now + dt.timedelta(hours=2))
        session = session_services.session_open_voting(actor=secretariat, session=session, closes_at=closes)
        recused = recusals(session)
        items = list(AgendaItem.objects.filter(session=session).order_by("position"))
        for username in data.SESSION_VOTERS:
            member = self.users[username]
            choices: dict[int, str] = {
                item.pk: Choice.AGREE for item in items if member.pk not in recused.get(item.pk, set())
            }
            session_services.session_ballot_cast(member=member, session=session, choices=choices)

    # --- dossiers, through the flow services ---------------------------------------

    def text(self, value: str, year: int | None = None) -> str:
        return value.format(year=year or self.year)

    def make_dossier(self, seed: data.DossierSeed, round_: Round) -> Nomination:
        unit = self.units[seed.unit]
        user = self.users[seed.user]
        year = round_.year
        nomination = flow_services.dossier_create(
            user=user, unit=unit, round=round_, title=self.text(seed.title, year), note=self.text(seed.note, year)
        )
        for line in seed.lines:
            nomination_services.line_add(
                actor=nomination.created_by,
                nomination=nomination,
                award_type=self.awards[(data.TOWN, line.award)],
                nominee=self.nominee(seed.unit, line),
                achievement=self.text(line.achievement, year),
                method=line.method,
                subject_category=line.subject,
            )
        if seed.bulk_households:
            nomination_services.lines_bulk_add(
                actor=nomination.created_by,
                nomination=nomination,
                rows=self.household_rows(seed.unit, seed.bulk_households),
                default_award=self.awards[(data.TOWN, "GDVH")],
                default_kind=NomineeKind.HOUSEHOLD,
            )
        for kind in seed.documents:
            self.attach(nomination, unit, user, kind)
        for step in seed.steps:
            nomination = self.apply(nomination, unit, user, step, year)
        return nomination

    def nominee(self, unit_key: str, line: data.LineSeed) -> nomination_services.NomineeData:
        council_id = self.units[unit_key].council_id
        if line.kind == NomineeKind.INDIVIDUAL:
            return nomination_services.NomineeData(kind=line.kind, person=self.people[(council_id, line.name)])
        if line.kind == NomineeKind.HOUSEHOLD:
            household = self.households[(unit_key, line.name)]
            return nomination_services.NomineeData(
                kind=line.kind, household_head=household.head_name, household_address=household.address
            )
        return nomination_services.NomineeData(kind=line.kind, collective_name=line.name)

    def household_rows(self, unit_key: str, count: int) -> list[list[str]]:
        households = [seed for seed in (*data.HOUSEHOLDS_2023, *data.HOUSEHOLDS) if seed.unit == unit_key][:count]
        rows = [list(data.GDVH_HEADER)]
        for number, seed in enumerate(households):
            rows.append([seed.head_name, seed.address, data.GDVH_ACHIEVEMENTS[number % len(data.GDVH_ACHIEVEMENTS)]])
        return rows

    def attach(self, nomination: Nomination, unit: Unit, user: Any, kind: str, file_name: str = "") -> None:
        stem = file_name or data.DOC_FILE_NAMES[kind]
        name = f"{stem}-{fold(unit.name).replace(' ', '-')}.pdf"
        year = nomination.round.year
        # the file's own name and the dossier's number in it: a dossier refuses a file it already has
        pdf = demo_pdf(
            str(DocumentKind(kind).label),
            unit.name,
            nomination.title,
            f"Ho so so {nomination.pk}: {name}",
            f"Tai lieu mau (demo) {year}",
        )
        nomination_services.attachment_add(
            nomination=nomination,
            upload=SimpleUploadedFile(name, pdf, content_type="application/pdf"),
            kind=kind,
            actor=user,
        )

    def apply(self, nomination: Nomination, unit: Unit, unit_user: Any, step: data.Step, year: int) -> Nomination:
        actor = self.users[step.actor] if step.actor else unit_user
        reason = self.text(step.reason, year)
        if step.action == "submit":
            return flow_services.dossier_submit(user=actor, nomination=nomination)
        if step.action == "open":
            return flow_services.dossier_open(user=actor, nomination=nomination)
        if step.action == "accept":
            return flow_services.dossier_review(user=actor, nomination=nomination, accept=True, reason=reason)
        if step.action == "return":
            line_ids = dict(nomination.lines.values_list("position", "id"))
            line_reasons = {line_ids[position]: self.text(text, year) for position, text in step.line_reasons}
            return flow_services.dossier_review(
                user=actor, nomination=nomination, accept=False, reason=reason, line_reasons=line_reasons
            )
        if step.action == "recall":
            return flow_services.dossier_recall(user=actor, nomination=nomination, reason=reason)
        if step.action == "withdraw":
            return flow_services.dossier_withdraw(user=actor, nomination=nomination, reason=reason)
        if step.action == "attach":
            self.attach(nomination, unit, actor, step.document, step.file_name)
            return nomination
        raise CommandError(f"demo_data: unknown step “{step.action}”")


# The migrations whose (idempotent) RunPython fills the tables every council shares: the dated
# legal bases, the public holidays, the beat schedules.  ``flush`` empties them with the rest.
SHARED_TABLE_SEEDS = (
    ("decisions", "0005_legal_bases"),
    ("nominations", "0005_seed_holidays_2025_2027"),
    ("workflows", "0003_beat_schedules"),
)


def reseed_shared_tables() -> None:
    """Fill the shared tables again after ``flush``, as ``migrate`` did: each migration's seeding
    code with the models as that migration knew them.  Without the legal bases, the 2023
    decision would cite nothing."""
    loader = MigrationLoader(connection)
    # only the argument RunPython passes: these seeds write rows and never alter the schema, so
    # the editor is not entered (SQLite refuses to enter one inside a transaction)
    editor = connection.schema_editor()
    for app_label, name in SHARED_TABLE_SEEDS:
        migration = loader.get_migration(app_label, name)
        state = loader.project_state((app_label, name), at_end=True)
        for operation in migration.operations:
            if isinstance(operation, RunPython):
                operation.code(state.apps, editor)


class Command(BaseCommand):
    help = (
        "Tạo cơ sở dữ liệu mẫu: năm 2023 thị trấn Hà Trung thuộc huyện Hà Trung (đợt xét và quyết định "
        "khen thưởng năm 2023), sắp xếp ngày 01/7/2025 (xã Hà Trung trực thuộc tỉnh Thanh Hoá, sáp nhập "
        "Tiểu khu 8 vào Tiểu khu 7), rồi đợt xét năm nay của xã: đơn vị, hình thức khen thưởng, tài khoản "
        "(mật khẩu chung demo12345), cá nhân, hộ gia đình và hồ sơ ở mọi trạng thái."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Xoá toàn bộ dữ liệu (manage.py flush) rồi tạo lại dữ liệu mẫu."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Cho phép chạy khi DEBUG=False (dữ liệu mẫu có tài khoản quản trị với mật khẩu công khai).",
        )

    def handle(self, *args: Any, reset: bool, force: bool, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG=False: đây có vẻ là máy chủ thật. Dữ liệu mẫu tạo tài khoản quản trị với mật khẩu công khai; "
                "dùng --force nếu thật sự muốn."
            )
        if reset:
            call_command("flush", interactive=False, verbosity=0)
            reseed_shared_tables()
            self.stdout.write("Đã xoá toàn bộ dữ liệu cũ (flush).")
        else:
            existing = self.existing_demo()
            if existing:
                self.stdout.write(
                    self.style.WARNING(
                        f"Cơ sở dữ liệu đã có dữ liệu mẫu ({existing}); không tạo thêm gì. "
                        "Dùng --reset để xoá hết và tạo lại."
                    )
                )
                return
        # Eager Celery logs every delivered notice; keep the output to the summary.
        loggers = {name: logging.getLogger(name) for name in ("celery", "kombu")}
        levels = {name: logger.level for name, logger in loggers.items()}
        if options["verbosity"] < 2:
            for logger in loggers.values():
                logger.setLevel(logging.ERROR)
        seeder = Seeder(now=timezone.now())
        try:
            # The past is committed on its own first: its decision's papers are built on commit,
            # and so carry the town's names of 2023, as they were printed then.
            with transaction.atomic():
                seeder.build_past()
            try:
                with transaction.atomic():
                    seeder.reorganise()
                    seeder.build_today()
            except Exception as exc:
                raise CommandError(
                    f"Đã tạo dữ liệu năm 2023 nhưng không tạo được phần còn lại ({exc}); "
                    "chạy lại với --reset để xoá hết và tạo lại."
                ) from exc
        finally:
            for name, logger in loggers.items():
                logger.setLevel(levels[name])
        self.report()

    def existing_demo(self) -> str:
        town = next(seed for seed in data.COUNCILS if seed.key == data.TOWN)
        for name in (data.COMMUNE.name, town.name):
            if Council.objects.filter(name=name).exists():
                return f"đã có “{name}”"
        usernames = [seed.username for seed in data.USERS]
        taken = sorted(User.objects.filter(username__in=usernames).values_list("username", flat=True))
        if taken:
            return "đã có tài khoản " + ", ".join(taken)
        return ""

    def report(self) -> None:
        statuses = Counter(Nomination.objects.values_list("status", flat=True))
        counts = [
            ("Hội đồng", Council.objects.count()),
            ("Đơn vị", Unit.objects.count()),
            ("Hình thức khen thưởng", AwardType.objects.count()),
            ("Cá nhân", Person.objects.count()),
            ("Hộ gia đình", Household.objects.count()),
            ("Đợt xét", Round.objects.count()),
            ("Hồ sơ", sum(statuses.values())),
        ]
        self.stdout.write(self.style.SUCCESS("Đã tạo dữ liệu mẫu."))
        for label, count in counts:
            self.stdout.write(f"  {label}: {count}")
        by_status = ", ".join(
            f"{NominationStatus(status).label}: {statuses[status]}"
            for status in NominationStatus.values
            if statuses[status]
        )
        self.stdout.write(f"  Hồ sơ theo trạng thái – {by_status}")
        for session in CouncilSession.objects.filter(status=SessionStatus.VOTING):
            self.stdout.write(
                f"  Phiên họp đang bỏ phiếu: {session.items.count()} dòng, "
                f"{BallotCast.objects.filter(session=session).count()}/{session.members_total} thành viên đã bỏ phiếu "
                "(chutich, uyvien5 chưa bỏ; thuky kết thúc bỏ phiếu, chutich quyết định, thuky vào số và in Giấy khen)"
            )
        self.stdout.write(f"  {self.history_line()}")
        self.stdout.write("")
        self.stdout.write(f"Tài khoản đăng nhập (mật khẩu chung: {data.PASSWORD})")
        rows = [("Tên đăng nhập", "Họ và tên", "Vai trò")] + [
            (seed.username, seed.full_name, self.describe_roles(seed.username)) for seed in data.USERS
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(2)]
        for index, (username, name, roles) in enumerate(rows):
            self.stdout.write(f"  {username.ljust(widths[0])}  {name.ljust(widths[1])}  {roles}")
            if index == 0:
                self.stdout.write(f"  {'-' * widths[0]}  {'-' * widths[1]}  {'-' * 40}")

    def history_line(self) -> str:
        """One line on the past: the 2023 decision and the reorganisation of 1 July 2025."""
        parts = []
        decision = (
            Decision.objects.filter(year=data.YEAR_2023, status=DecisionStatus.REGISTERED).order_by("number").first()
        )
        if decision is not None and decision.signed_on is not None:
            honours = Honour.objects.filter(decision=decision).count()
            parts.append(
                f"Năm 2023: thị trấn Hà Trung thuộc huyện Hà Trung, Quyết định số {decision.reference} "
                f"ngày {decision.signed_on:%d/%m/%Y} ({honours} khen thưởng trong sổ)"
            )
        merged = "; ".join(
            f"{unit.name} sáp nhập vào {unit.merged_into.name}"
            for unit in Unit.objects.filter(merged_into__isnull=False).select_related("merged_into").order_by("name")
            if unit.merged_into is not None
        )
        parts.append(
            f"từ {data.REORGANISED_ON:%d/%m/%Y} không còn cấp huyện: {data.COMMUNE.name} trực thuộc tỉnh"
            + (f", {merged}" if merged else "")
        )
        return "Lịch sử – " + "; ".join(parts) + "."

    def describe_roles(self, username: str) -> str:
        """The roles as they stand after the seeding, read back from the database."""
        user = User.objects.filter(username=username).first()
        if user is None:
            return ""
        parts = ["Quản trị hệ thống (superuser)"] if user.is_superuser else []
        memberships = CouncilMembership.objects.filter(user=user, is_active=True).select_related("council", "unit")
        for membership in memberships.order_by("pk"):
            council = membership.council
            text = f"{CouncilRole(membership.role).label} – HĐTĐKT {council.locality}"
            if membership.role == CouncilRole.MEMBER and membership.unit:
                text += f" (đơn vị: {membership.unit.name})"
            parts.append(text + self.past_council_note(council))
        for unit_membership in UnitMembership.objects.filter(user=user).select_related("unit__council").order_by("pk"):
            unit = unit_membership.unit
            parts.append(
                f"Cán bộ đơn vị {unit.name} – HĐTĐKT {unit.council.locality}" + self.past_council_note(unit.council)
            )
        return "; ".join(parts)

    @staticmethod
    def past_council_note(council: Council) -> str:
        if council.is_active:
            return ""
        return f" (hội đồng của thời trước {data.REORGANISED_ON:%d/%m/%Y}, đã ngừng hoạt động)"
