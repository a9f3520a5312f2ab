"""Benchmark the full indicator refresh (and the snapshot and the dashboard's reads) on PostgreSQL.

    bash scripts/with-postgres.sh .venv/bin/python scripts/bench_indicators.py --people 10000 50000 250000

It migrates the (throwaway) database, then grows a synthetic caseload to each size in turn — people with
sentences, allocations, about 25 contacts each, contact levels and step-downs, risk assessments with
needs, identified risks and actions, partner checks, significant events, MAPPA, oversight, SFOs,
sentence plans with objectives, referrals, partner exchanges and enforcement decisions — written
straight into the tables with COPY, and at each size runs `probation indicators refresh` and
`probation indicators snapshot` as separate processes under `time`, then prints the figures.

It refuses a database that already holds cases it did not make. Nothing here is used by the service.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "probation.settings")
os.environ.setdefault("PROBATION_MODE", "test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402

from probation.lib.workingdays import add_working_days  # noqa: E402

LONDON = ZoneInfo("Europe/London")
PREFIX = "bench"
PEOPLE_PER_OFFICER = 40
OFFICERS_PER_TEAM = 8
NEEDS = [
    "accommodation",
    "ete",
    "finance",
    "relationships",
    "lifestyle",
    "drugs",
    "alcohol",
    "emotional_wellbeing",
    "thinking_behaviour",
    "attitudes",
]


@cache
def wd(day: date, n: int) -> date:
    return add_working_days(day, n)


class Table:
    """Rows for one model written with COPY. Rows are tuples in the order of `columns` (attnames); every
    other column takes the model field's default. Ids are given by the caller."""

    def __init__(self, model, columns: list[str]):
        self.model = model
        self.columns = columns
        self.rows: list[tuple] = []
        now = datetime.now(tz=LONDON)
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise SystemExit(f"{model._meta.label}: no columns {sorted(unknown)}")
        self.tail_columns, self.tail = [], []
        for name, f in fields.items():
            if name in columns or f.primary_key:  # a primary key not given comes from its sequence
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            elif isinstance(f, models.JSONField):
                value = f.get_default() if f.has_default() else None
            elif f.has_default() and callable(f.default):
                value = f.default  # a fresh value for every row (e.g. a new external id)
            elif f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            elif isinstance(f, (models.CharField, models.TextField)):
                value = ""
            else:
                raise SystemExit(f"{model._meta.label}.{name} needs a value")
            if isinstance(f, models.JSONField):
                value = json.dumps(value)
            self.tail_columns.append(f.column)
            self.tail.append(value)
        self.column_sql = ", ".join(connection.ops.quote_name(fields[c].column) for c in columns) + "".join(
            ", " + connection.ops.quote_name(c) for c in self.tail_columns
        )
        self.tail = tuple(self.tail)
        self.per_row = any(callable(v) for v in self.tail)

    def add(self, *row) -> None:
        tail = tuple(v() if callable(v) else v for v in self.tail) if self.per_row else self.tail
        self.rows.append(row + tail)

    def flush(self) -> int:
        n = len(self.rows)
        if not n:
            return 0
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({self.column_sql}) FROM STDIN") as copy:
                for row in self.rows:
                    copy.write_row(row)
        self.rows = []
        return n


class Ids:
    def __init__(self):
        self.next: dict[str, int] = {}

    def start(self, model) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")
            self.next[model._meta.label] = cursor.fetchone()[0] + 1

    def take(self, model) -> int:
        label = model._meta.label
        value = self.next[label]
        self.next[label] = value + 1
        return value


def reset_sequences(all_models) -> None:
    with connection.cursor() as cursor:
        for model in all_models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)",
                [table],
            )


def moment(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


class Region:
    """Grows the synthetic caseload from `done` people to `target`."""

    def __init__(self, as_at: date, seed: int, contacts: int):
        from probation.allocation.models import Allocation
        from probation.contacts.models import Contact, ContactLevel
        from probation.enforcement.models import EnforcementAction
        from probation.interventions.models import Intervention, PartnerAgency, PartnerExchange, Referral
        from probation.oversight.models import OversightRecord, QualifyingOffence, SeriousFurtherOffence
        from probation.people.models import Person
        from probation.plans.models import Objective, SentencePlan
        from probation.risk.models import (
            IdentifiedRisk,
            MappaRegistration,
            NeedRating,
            PartnerCheck,
            RiskAction,
            RiskAssessment,
            SignificantEvent,
        )
        from probation.sentences.models import Disposal, Event, Offence, Requirement
        from probation.workforce.models import Area, Provider, ResponsibleOfficerAssignment, Staff, Team

        self.m = {
            m.__name__: m
            for m in [
                Allocation,
                Contact,
                ContactLevel,
                EnforcementAction,
                PartnerExchange,
                Referral,
                OversightRecord,
                SeriousFurtherOffence,
                Person,
                Objective,
                SentencePlan,
                IdentifiedRisk,
                MappaRegistration,
                NeedRating,
                PartnerCheck,
                RiskAction,
                RiskAssessment,
                SignificantEvent,
                Disposal,
                Event,
                Offence,
                Requirement,
                Area,
                Provider,
                ResponsibleOfficerAssignment,
                Staff,
                Team,
            ]
        }
        self.m["ObjectiveRequirement"] = Objective.requirements.through
        self.as_at, self.seed, self.contacts_each = as_at, seed, contacts
        self.done = Person.objects.filter(external_id__startswith=f"{PREFIX}-").count()
        others = Person.objects.exclude(external_id__startswith=f"{PREFIX}-").count()
        if others:
            raise SystemExit(
                f"The database holds {others} cases this script did not make: use a throwaway one"
            )
        self.interventions = list(Intervention.objects.values_list("pk", flat=True))
        self.agencies = list(PartnerAgency.objects.values_list("pk", flat=True))
        self.offences = list(QualifyingOffence.objects.values_list("pk", flat=True))
        self.ids = Ids()
        self.providers = self._organisation()

    # Organisation ----------------------------------------------------------------------------------
    def _organisation(self):
        Provider, Area = self.m["Provider"], self.m["Area"]
        nps = Provider.objects.get_or_create(
            code="BNPS",
            defaults=dict(
                name="Bench National Probation Service", type="public", external_id=f"{PREFIX}-provider-nps"
            ),
        )[0]
        crc = Provider.objects.get_or_create(
            code="BCRC",
            defaults=dict(
                name="Bench Community Rehabilitation Company",
                type="private",
                external_id=f"{PREFIX}-provider-crc",
            ),
        )[0]
        self.areas = [
            Area.objects.get_or_create(
                name=f"Bench area {i}", defaults=dict(external_id=f"{PREFIX}-area-{i}")
            )[0]
            for i in range(4)
        ]
        return [nps, crc]

    def _ensure_staff(self, officer_count: int) -> None:
        """Teams of OFFICERS_PER_TEAM officers with a manager each; officers numbered from 0."""
        Staff, Team = self.m["Staff"], self.m["Team"]
        have = Staff.objects.filter(external_id__startswith=f"{PREFIX}-officer-").count()
        for k in range(have, officer_count):
            t = k // OFFICERS_PER_TEAM
            provider = self.providers[t % 2]
            area = self.areas[t % len(self.areas)]
            team = Team.objects.filter(external_id=f"{PREFIX}-team-{t}").first()
            if team is None:
                team = Team.objects.create(
                    external_id=f"{PREFIX}-team-{t}", name=f"Bench team {t}", provider=provider, area=area
                )
                manager = Staff.objects.create(
                    username=f"{PREFIX}-spo-{t}",
                    external_id=f"{PREFIX}-spo-{t}",
                    first_name="Senior",
                    last_name=f"Officer {t}",
                    provider=provider,
                    area=area,
                    team=team,
                    grade="SPO",
                    roles=["manager", "quality_assurance"],
                    password="!",
                )
                team.manager = manager
                team.save(update_fields=["manager"])
            Staff.objects.create(
                username=f"{PREFIX}-officer-{k}",
                external_id=f"{PREFIX}-officer-{k}",
                first_name="Officer",
                last_name=str(k),
                provider=provider,
                area=area,
                team=team,
                grade="PO" if k % 3 else "PSO",
                roles=["practitioner"],
                password="!",
            )
        self.officers = {
            int(ext.rsplit("-", 1)[1]): (pk, team_id, provider_id)
            for ext, pk, team_id, provider_id in Staff.objects.filter(
                external_id__startswith=f"{PREFIX}-officer-"
            ).values_list("external_id", "pk", "team_id", "provider_id")
        }
        self.managers = dict(
            Team.objects.filter(external_id__startswith=f"{PREFIX}-team-").values_list("pk", "manager_id")
        )

    # People and their facts --------------------------------------------------------------------------
    def grow(self, target: int, report) -> None:
        if target <= self.done:
            return
        self._ensure_staff((target + PEOPLE_PER_OFFICER - 1) // PEOPLE_PER_OFFICER)
        m = self.m
        for model in m.values():
            if model._meta.pk.name == "id":
                self.ids.start(model)
        block = 5000
        for start in range(self.done, target, block):
            end = min(target, start + block)
            with transaction.atomic():
                # Synthetic rows are consistent by construction: skip the per-row foreign-key triggers
                # (superuser only, which a throwaway server's owner is).
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL session_replication_role = replica")
                tables = self._tables()
                rng = random.Random(self.seed * 1_000_003 + start)
                for i in range(start, end):
                    self._person(i, rng, tables)
                for name in ORDER:
                    tables[name].flush()
            report(end)
        reset_sequences([model for model in m.values() if model._meta.pk.name == "id"])
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.done = target

    def _tables(self) -> dict[str, Table]:
        m = self.m
        return {
            "Person": Table(
                m["Person"],
                [
                    "id",
                    "external_id",
                    "crn",
                    "first_name",
                    "last_name",
                    "date_of_birth",
                    "sex",
                    "disability",
                    "interpreter_required",
                    "literacy_need",
                    "caring_responsibilities",
                    "provider_id",
                    "team_id",
                    "officer_id",
                    "tier",
                    "rosh",
                ],
            ),
            "ResponsibleOfficerAssignment": Table(
                m["ResponsibleOfficerAssignment"],
                [
                    "external_id",
                    "person_id",
                    "officer_id",
                    "provider_id",
                    "team_id",
                    "start_date",
                    "end_date",
                    "reason",
                ],
            ),
            "Event": Table(
                m["Event"], ["id", "external_id", "person_id", "number", "conviction_date", "court"]
            ),
            "Offence": Table(m["Offence"], ["external_id", "event_id", "description", "category", "is_main"]),
            "Disposal": Table(
                m["Disposal"],
                [
                    "id",
                    "external_id",
                    "event_id",
                    "type",
                    "sentence_date",
                    "start_date",
                    "length_months",
                    "release_date",
                    "expected_end_date",
                    "terminated_on",
                ],
            ),
            "Requirement": Table(
                m["Requirement"], ["id", "external_id", "disposal_id", "type", "length", "start_date"]
            ),
            "Allocation": Table(
                m["Allocation"],
                [
                    "external_id",
                    "person_id",
                    "disposal_id",
                    "received_on",
                    "status",
                    "provider_id",
                    "decided_by_id",
                    "decided_on",
                    "allocation_due",
                    "first_appointment_due",
                    "acknowledged_by_id",
                    "acknowledged_on",
                ],
            ),
            "Contact": Table(
                m["Contact"],
                [
                    "id",
                    "external_id",
                    "person_id",
                    "officer_id",
                    "type",
                    "starts_at",
                    "national_standard",
                    "outcome",
                    "outcome_recorded_at",
                ],
            ),
            "ContactLevel": Table(
                m["ContactLevel"],
                [
                    "external_id",
                    "person_id",
                    "frequency",
                    "method",
                    "effective_from",
                    "effective_to",
                    "is_step_down",
                    "status",
                    "rationale",
                    "requested_by_id",
                    "approved_by_id",
                ],
            ),
            "RiskAssessment": Table(
                m["RiskAssessment"],
                [
                    "id",
                    "external_id",
                    "person_id",
                    "sequence",
                    "status",
                    "assessed_by_id",
                    "started_on",
                    "submitted_on",
                    "countersigned_by_id",
                    "countersigned_on",
                    "completed_on",
                    "rosh_overall",
                ],
            ),
            "NeedRating": Table(m["NeedRating"], ["assessment_id", "need", "severity"]),
            "IdentifiedRisk": Table(
                m["IdentifiedRisk"],
                [
                    "id",
                    "external_id",
                    "assessment_id",
                    "person_id",
                    "group",
                    "level",
                    "description",
                    "carried_from_id",
                ],
            ),
            "RiskAction": Table(
                m["RiskAction"],
                ["external_id", "person_id", "risk_id", "action", "due_on", "status", "delivered_on"],
            ),
            "PartnerCheck": Table(
                m["PartnerCheck"],
                ["external_id", "person_id", "kind", "agency", "requested_on", "answered_on"],
            ),
            "SignificantEvent": Table(
                m["SignificantEvent"],
                ["external_id", "person_id", "type", "occurred_on", "recorded_on", "review_due"],
            ),
            "MappaRegistration": Table(
                m["MappaRegistration"], ["external_id", "person_id", "category", "level", "start_date"]
            ),
            "OversightRecord": Table(
                m["OversightRecord"],
                [
                    "external_id",
                    "person_id",
                    "recorded_by_id",
                    "recorded_on",
                    "trigger",
                    "decision",
                    "rationale",
                ],
            ),
            "SeriousFurtherOffence": Table(
                m["SeriousFurtherOffence"],
                [
                    "external_id",
                    "person_id",
                    "offence_id",
                    "charged_on",
                    "status",
                    "notification_due",
                    "notified_on",
                ],
            ),
            "SentencePlan": Table(
                m["SentencePlan"],
                [
                    "id",
                    "external_id",
                    "person_id",
                    "disposal_id",
                    "status",
                    "starts_from",
                    "due_by",
                    "author_id",
                    "started_on",
                    "submitted_on",
                    "completed_on",
                    "needs_countersignature",
                    "countersigned_by_id",
                    "adjustments",
                ],
            ),
            "Objective": Table(
                m["Objective"], ["id", "external_id", "plan_id", "description", "needs", "target_date"]
            ),
            "ObjectiveRequirement": Table(m["ObjectiveRequirement"], ["objective_id", "requirement_id"]),
            "Referral": Table(
                m["Referral"],
                [
                    "external_id",
                    "person_id",
                    "intervention_id",
                    "status",
                    "need",
                    "desired_outcomes",
                    "risk_information",
                    "referred_on",
                    "referred_by_id",
                    "last_progress_on",
                ],
            ),
            "PartnerExchange": Table(
                m["PartnerExchange"],
                [
                    "external_id",
                    "person_id",
                    "agency_id",
                    "direction",
                    "subject",
                    "occurred_on",
                    "response_received_on",
                    "recorded_by_id",
                ],
            ),
            "EnforcementAction": Table(
                m["EnforcementAction"],
                [
                    "external_id",
                    "person_id",
                    "disposal_id",
                    "contact_id",
                    "route",
                    "failure_on",
                    "judged_on",
                    "recommended_kind",
                    "kind",
                    "status",
                    "decision_by_id",
                    "decided_on",
                    "due_by",
                    "letter_issued_on",
                ],
            ),
        }

    def _person(self, i: int, rng: random.Random, t: dict[str, Table]) -> None:
        take, m, as_at = self.ids.take, self.m, self.as_at
        officer, team, provider = self.officers[i // PEOPLE_PER_OFFICER]
        manager = self.managers[team]
        pid = take(m["Person"])
        rosh = rng.choices(["low", "medium", "high", "very_high"], [45, 35, 17, 3])[0]
        tier = rng.choice("ABCD") + str(rng.randint(0, 3))
        disability = "Dyslexia" if rng.random() < 0.08 else ""
        t["Person"].add(
            pid,
            f"{PREFIX}-person-{i}",
            f"B{i:06d}",
            "Sam",
            f"Bench{i}",
            date(1970, 1, 1) + timedelta(days=rng.randint(0, 15000)),
            rng.choice(["male", "male", "male", "female"]),
            disability,
            rng.random() < 0.03,
            rng.random() < 0.05,
            "Cares for a parent" if rng.random() < 0.1 else "",
            provider,
            team,
            officer,
            tier,
            rosh,
        )
        start = as_at - timedelta(days=rng.randint(5, 540))
        t["ResponsibleOfficerAssignment"].add(
            f"{PREFIX}-roa-{i}-0", pid, officer, provider, team, start, None, "initial"
        )
        for k in range(rng.choices([0, 1, 2, 3], [60, 25, 10, 5])[0]):
            # Earlier officers, closed (the current assignment stays the only open one).
            t["ResponsibleOfficerAssignment"].add(
                f"{PREFIX}-roa-{i}-{k + 1}",
                pid,
                officer,
                provider,
                team,
                start + timedelta(days=20 * (k + 1)),
                start + timedelta(days=20 * (k + 1)),
                "reallocation",
            )
        event = take(m["Event"])
        t["Event"].add(event, f"{PREFIX}-event-{i}", pid, 1, start, "Bench Magistrates' Court")
        t["Offence"].add(f"{PREFIX}-offence-{i}", event, "Assault", "violence", True)
        kind = rng.choices(["community_order", "suspended_sentence", "licence", "pss"], [60, 15, 20, 5])[0]
        disposal = take(m["Disposal"])
        custodial = kind in ("licence", "pss")
        terminated = start + timedelta(days=rng.randint(60, 300)) if rng.random() < 0.08 else None
        if terminated and terminated > as_at:
            terminated = None
        t["Disposal"].add(
            disposal,
            f"{PREFIX}-disposal-{i}",
            event,
            kind,
            start - timedelta(days=200) if custodial else start,
            start,
            12,
            start if custodial else None,
            start + timedelta(days=365),
            terminated,
        )
        requirements = []
        if not custodial:
            for k, req in enumerate(
                rng.sample(["unpaid_work", "rar", "curfew", "drug_rehabilitation"], rng.randint(1, 2))
            ):
                rid = take(m["Requirement"])
                requirements.append(rid)
                t["Requirement"].add(
                    rid, f"{PREFIX}-req-{i}-{k}", disposal, req, 100 if req == "unpaid_work" else 20, start
                )
        highest = tier.startswith("A")
        first_due = wd(start, 2 if highest else 5)
        t["Allocation"].add(
            f"{PREFIX}-alloc-{i}",
            pid,
            disposal,
            start,
            "acknowledged",
            provider,
            manager,
            start,
            wd(start, 1 if highest else 3),
            first_due,
            officer,
            start,
        )
        # Contacts: roughly weekly from the first appointment.
        failures = []
        first = start + timedelta(days=rng.choice([1, 2, 3, 4, 6, 9]))
        for k in range(self.contacts_each):
            day = first + timedelta(days=7 * k + rng.randint(0, 2))
            ctype = rng.choices(
                ["office", "home_visit", "telephone", "intervention_session", "note"], [70, 8, 12, 5, 5]
            )[0]
            if day <= as_at:
                outcome = rng.choices(
                    [
                        "attended_complied",
                        "attended_failed",
                        "acceptable_absence",
                        "unacceptable_absence",
                        "awaiting_evidence",
                    ],
                    [82, 3, 7, 6, 2],
                )[0]
                recorded = moment(day, 17)
            else:
                outcome, recorded = "", None
            if ctype == "note":
                outcome, recorded = "", None
            cid = take(m["Contact"])
            t["Contact"].add(
                cid,
                f"{PREFIX}-contact-{i}-{k}",
                pid,
                officer,
                ctype,
                moment(day, 10 + k % 6),
                rng.random() < 0.95,
                outcome,
                recorded,
            )
            if outcome in ("attended_failed", "unacceptable_absence"):
                failures.append((cid, day))
        frequency = rng.choice(["weekly", "weekly", "fortnightly"])
        if rng.random() < 0.15:
            step = start + timedelta(days=rng.randint(60, 200))
            t["ContactLevel"].add(
                f"{PREFIX}-level-{i}-0",
                pid,
                frequency,
                "face_to_face",
                start,
                step - timedelta(days=1),
                False,
                "approved",
                "",
                officer,
                None,
            )
            approved = manager if rng.random() < 0.5 else None
            t["ContactLevel"].add(
                f"{PREFIX}-level-{i}-1",
                pid,
                "monthly",
                rng.choice(["face_to_face", "telephone"]),
                step,
                None,
                True,
                "approved",
                "Good progress",
                officer,
                approved,
            )
        else:
            t["ContactLevel"].add(
                f"{PREFIX}-level-{i}-0",
                pid,
                frequency,
                "face_to_face",
                start,
                None,
                False,
                "approved",
                "",
                officer,
                None,
            )
        # Risk assessments: the first after the start, sometimes a second that supersedes it.
        previous_risks: list[int] = []
        count = rng.choices([0, 1, 2], [8, 62, 30])[0]
        done_on = start + timedelta(days=rng.randint(3, 30))
        for seq in range(1, count + 1):
            aid = take(m["RiskAssessment"])
            status = "complete" if seq == count else "superseded"
            high = rosh in ("high", "very_high")
            if done_on > as_at:
                done_on = as_at
            t["RiskAssessment"].add(
                aid,
                f"{PREFIX}-ra-{i}-{seq}",
                pid,
                seq,
                status,
                officer,
                done_on - timedelta(days=2),
                done_on,
                manager if high else None,
                done_on if high else None,
                done_on,
                rosh,
            )
            for need in NEEDS:
                t["NeedRating"].add(aid, need, rng.choices(["none", "standard", "severe"], [55, 35, 10])[0])
            risks = []
            for k in range(rng.choices([0, 1, 2, 3], [30, 40, 20, 10])[0]):
                rid = take(m["IdentifiedRisk"])
                carried = previous_risks[k] if k < len(previous_risks) else None
                t["IdentifiedRisk"].add(
                    rid, f"{PREFIX}-risk-{i}-{seq}-{k}", aid, pid, "public", rosh, "Violence", carried
                )
                risks.append(rid)
                for a in range(rng.choices([0, 1, 2], [15, 60, 25])[0]):
                    due = done_on + timedelta(days=rng.randint(7, 90))
                    delivered = due - timedelta(days=rng.randint(-5, 5)) if rng.random() < 0.75 else None
                    if delivered and delivered > as_at:
                        delivered = None
                    t["RiskAction"].add(
                        f"{PREFIX}-action-{i}-{seq}-{k}-{a}",
                        pid,
                        rid,
                        "Home visit",
                        due,
                        "delivered" if delivered else "open",
                        delivered,
                    )
            previous_risks = risks
            done_on = done_on + timedelta(days=rng.randint(60, 200))
        if rng.random() < 0.3:
            asked = start + timedelta(days=rng.randint(0, 40))
            answered = asked + timedelta(days=rng.randint(1, 20)) if rng.random() < 0.8 else None
            t["PartnerCheck"].add(
                f"{PREFIX}-check-{i}",
                pid,
                "police_domestic_abuse",
                "Bench Police",
                min(asked, as_at),
                answered if answered and answered <= as_at else None,
            )
        if rng.random() < 0.15:
            happened = start + timedelta(days=rng.randint(10, 300))
            if happened <= as_at:
                t["SignificantEvent"].add(
                    f"{PREFIX}-event-{i}",
                    pid,
                    rng.choice(["arrest_or_charge", "address_change"]),
                    happened,
                    happened,
                    wd(happened, 10),
                )
        if rng.random() < 0.04:
            t["MappaRegistration"].add(f"{PREFIX}-mappa-{i}", pid, 2, rng.choice([1, 2, 3]), start)
        if rosh in ("high", "very_high") and rng.random() < 0.7:
            for k in range(rng.randint(1, 3)):
                t["OversightRecord"].add(
                    f"{PREFIX}-oversight-{i}-{k}",
                    pid,
                    manager,
                    as_at - timedelta(days=rng.randint(0, 120)),
                    "periodic",
                    "Continue",
                    "Reviewed",
                )
        if rng.random() < 0.002 and self.offences:
            charged = as_at - timedelta(days=rng.randint(0, 200))
            due = wd(charged, 10)
            notified = charged + timedelta(days=rng.randint(1, 20)) if rng.random() < 0.8 else None
            notified = notified if notified and notified <= as_at else None
            t["SeriousFurtherOffence"].add(
                f"{PREFIX}-sfo-{i}",
                pid,
                rng.choice(self.offences),
                charged,
                "notified" if notified else "awaiting_notification",
                due,
                notified,
            )
        if rng.random() < 0.9:
            plan = take(m["SentencePlan"])
            due = wd(start, 5 if highest else 15)
            completed = start + timedelta(days=rng.randint(5, 30))
            completed = completed if completed <= as_at else None
            high = rosh in ("high", "very_high")
            t["SentencePlan"].add(
                plan,
                f"{PREFIX}-plan-{i}",
                pid,
                disposal,
                "active" if completed else "draft",
                start,
                due,
                officer,
                start,
                completed,
                completed,
                high,
                manager if high and completed else None,
                "Large print" if disability and rng.random() < 0.7 else "",
            )
            needs = rng.sample(NEEDS, 3)
            for k in range(rng.randint(1, 3)):
                oid = take(m["Objective"])
                t["Objective"].add(
                    oid,
                    f"{PREFIX}-objective-{i}-{k}",
                    plan,
                    "Objective",
                    json.dumps(needs[k : k + 1]),
                    start + timedelta(days=120),
                )
                if k < len(requirements):
                    t["ObjectiveRequirement"].add(oid, requirements[k])
        if rng.random() < 0.35 and self.interventions:
            referred = start + timedelta(days=rng.randint(5, 60))
            if referred <= as_at:
                t["Referral"].add(
                    f"{PREFIX}-referral-{i}",
                    pid,
                    rng.choice(self.interventions),
                    rng.choice(["referred", "accepted", "in_progress", "completed"]),
                    rng.choice(NEEDS),
                    "Outcome",
                    "Risk",
                    referred,
                    officer,
                    referred,
                )
        if rng.random() < 0.25 and self.agencies:
            day = start + timedelta(days=rng.randint(1, 90))
            if day <= as_at:
                t["PartnerExchange"].add(
                    f"{PREFIX}-exchange-{i}",
                    pid,
                    rng.choice(self.agencies),
                    "requested",
                    "Check",
                    day,
                    day + timedelta(days=5) if rng.random() < 0.7 else None,
                    officer,
                )
        for k, (cid, day) in enumerate(failures):
            if rng.random() < 0.75:
                due = wd(day, 2)
                issued = due - timedelta(days=rng.randint(-2, 2))
                issued = issued if issued <= as_at else None
                t["EnforcementAction"].add(
                    f"{PREFIX}-enf-{i}-{k}",
                    pid,
                    disposal,
                    cid,
                    "order",
                    day,
                    day,
                    "warning",
                    "warning",
                    "complete" if issued else "letter_due",
                    officer,
                    day,
                    due,
                    issued,
                )


ORDER = [
    "Person",
    "ResponsibleOfficerAssignment",
    "Event",
    "Offence",
    "Disposal",
    "Requirement",
    "Allocation",
    "Contact",
    "ContactLevel",
    "RiskAssessment",
    "NeedRating",
    "IdentifiedRisk",
    "RiskAction",
    "PartnerCheck",
    "SignificantEvent",
    "MappaRegistration",
    "OversightRecord",
    "SeriousFurtherOffence",
    "SentencePlan",
    "Objective",
    "ObjectiveRequirement",
    "Referral",
    "PartnerExchange",
    "EnforcementAction",
]


def timed(args: list[str]) -> tuple[float, str]:
    """Run a `probation` command in its own process; wall-clock seconds and its last line of output."""
    started = time.monotonic()
    result = subprocess.run(
        [str(ROOT / ".venv/bin/probation"), *args], capture_output=True, text=True, cwd=ROOT
    )
    elapsed = time.monotonic() - started
    if result.returncode:
        raise SystemExit(f"probation {' '.join(args)} failed:\n{result.stderr}")
    lines = [line for line in (result.stderr + result.stdout).splitlines() if line.strip()]
    return elapsed, "\n".join(lines)


def dashboard_reads(user_pk: int) -> dict[str, float]:
    """Time the dashboard's reads for a quality-assurance user of the larger provider (every team)."""
    try:
        from probation.inspection.dashboard import selectors
    except ImportError:
        return {}
    from probation.workforce.models import Staff

    user = Staff.objects.get(pk=user_pk)
    out = {}
    for name, call in selectors.benchmark_calls(user).items():
        started = time.monotonic()
        call()
        out[name] = time.monotonic() - started
    return out


def table_sizes() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE relname IN "
            "('people_person', 'contacts_contact', 'inspection_caseindicator', 'risk_needrating') "
            "ORDER BY relname"
        )
        return dict(cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, nargs="+", default=[10_000, 50_000, 250_000])
    parser.add_argument("--contacts", type=int, default=25, help="Contacts per person")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-at", type=date.fromisoformat, default=date.today())
    parser.add_argument(
        "--load-only", action="store_true", help="Grow the caseload to the largest size and stop"
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit(
            "Run it against PostgreSQL: "
            "bash scripts/with-postgres.sh .venv/bin/python scripts/bench_indicators.py"
        )
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        print(cursor.fetchone()[0])
    region = Region(args.as_at, args.seed, args.contacts)
    if args.load_only:
        region.grow(max(args.people), lambda n: print(f"  loaded {n:,} people", file=sys.stderr, flush=True))
        return
    results = []
    for size in sorted(args.people):
        started = time.monotonic()
        region.grow(size, lambda n: print(f"  loaded {n:,} people", file=sys.stderr, flush=True))
        load = time.monotonic() - started
        refresh, refresh_out = timed(["indicators", "refresh", "--no-progress"])
        again, _ = timed(["indicators", "refresh", "--no-progress"])
        snapshot, _ = timed(["indicators", "snapshot"])
        from probation.inspection.indicators import refresh_for_people
        from probation.people.models import Person

        one = Person.objects.filter(external_id=f"{PREFIX}-person-0").values_list("pk", flat=True)[0]
        t = time.monotonic()
        refresh_for_people([one])
        incremental = time.monotonic() - t
        qa = region.managers[region.officers[0][1]]
        reads = dashboard_reads(qa)
        sizes = table_sizes()
        results.append((size, load, refresh, again, snapshot, incremental, reads, sizes))
        print(f"\n{size:,} people ({sizes}) loaded in {load:.0f} s")
        print(refresh_out)
        print(
            f"full refresh {refresh:.1f} s (again {again:.1f} s); snapshot {snapshot:.1f} s; "
            f"one case incrementally {incremental * 1000:.0f} ms"
        )
        for name, secs in reads.items():
            print(f"  dashboard {name}: {secs * 1000:.0f} ms")
    print("\n| people | contacts | full refresh | again | snapshot | one case |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size, _load, refresh, again, snapshot, incremental, _reads, sizes in results:
        print(
            f"| {size:,} | {sizes.get('contacts_contact', 0):,} | {refresh:.1f} s | {again:.1f} s | "
            f"{snapshot:.1f} s | {incremental * 1000:.0f} ms |"
        )


if __name__ == "__main__":
    main()
