"""Staff: per team a senior probation officer who manages it, probation officers, probation
services officers and an administrator; per provider in each area a head of service and
quality-assurance staff. Most work full time (37 hours); some part time (`CONTRACTED_HOURS`).

A second step, `workload_reductions`, takes time off some practitioners' hours as workload
measurement does: trainee officers 80, 60 or 40 % in their first, second and third year, newly
qualified officers 20 % in their first year, long-term leave 100 %, union duties a few hours a week.
The CRC, with fewer qualified officers, trains more of them (`TRAINEE_SHARE`)."""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta

from ..context import GenerationContext, SynthArea, SynthProvider, SynthStaff, SynthTeam
from ..data import names
from ..registry import step
from ..util import Weighted, drama_landline
from .organisation import practitioners_needed

STAFF_HERITAGE = Weighted(
    [
        (names.WHITE_BRITISH, 80),
        (names.SOUTH_ASIAN_INDIAN, 6),
        (names.SOUTH_ASIAN_MUSLIM, 5),
        (names.BLACK_CARIBBEAN, 4),
        (names.WHITE_IRISH, 2),
        (names.BLACK_AFRICAN, 2),
        (names.EASTERN_EUROPEAN, 1),
    ]
)
PO_SHARE = {True: 0.7, False: 0.4}  # of practitioners who are POs, NPS and CRC
# Weekly contracted hours and how many staff work them.
CONTRACTED_HOURS = Weighted({37: 80, 30: 9, 22.5: 7, 18.5: 4})
# The share of practitioners who are trainee officers, by provider (public or not).
TRAINEE_SHARE = {True: 0.08, False: 0.14}
NEWLY_QUALIFIED = 0.07
LONG_TERM_LEAVE = 0.03
UNION_DUTIES = 0.02


class _StaffMaker:
    def __init__(self, ctx: GenerationContext, rng):
        self.ctx, self.rng = ctx, rng
        self.usernames: set[str] = set()
        # Their own stream, so that hours never change anyone's name.
        self.hours_rng = ctx.rng("staff-hours")

    def make(
        self,
        *,
        grade: str,
        roles: list[str],
        provider: SynthProvider,
        area: SynthArea,
        team: SynthTeam | None,
    ) -> tuple[SynthStaff, dict]:
        rng = self.rng
        male, female, family = STAFF_HERITAGE.pick(rng)
        first = rng.choice(female if rng.random() < 0.7 else male)
        last = rng.choice(family)
        username = self._username(first, last)
        staff = SynthStaff(
            id=f"staff-{len(self.ctx.staff) + 1:05d}",
            name=f"{first} {last}",
            grade=grade,
            roles=roles,
            provider=provider,
            area=area,
            team=team,
            phone=drama_landline(rng),
        )
        self.ctx.staff.append(staff)
        record = {
            "type": "staff",
            "id": staff.id,
            "username": username,
            "first_name": first,
            "last_name": last,
            "email": f"{username}@{provider.code.lower()}.probation.example",
            "provider": provider.id,
            "area": area.id,
        }
        if team is not None:
            record["team"] = team.id
        if grade:
            record["grade"] = grade
        record["roles"] = roles
        record["phone"] = staff.phone
        hours = CONTRACTED_HOURS.pick(self.hours_rng)
        if hours != 37:
            record["contracted_hours"] = hours
        self.ctx.extra.setdefault("contracted_hours", {})[staff.id] = hours
        return staff, record

    def _username(self, first: str, last: str) -> str:
        plain = unicodedata.normalize("NFKD", f"{first}.{last}").encode("ascii", "ignore").decode().lower()
        base = re.sub(r"[^a-z.]", "", plain)
        username, n = base, 1
        while username in self.usernames:
            n += 1
            username = f"{base}{n}"
        self.usernames.add(username)
        return username


@step("staff", order=20)
def staff(ctx: GenerationContext, rng):
    maker = _StaffMaker(ctx, rng)
    for area in ctx.areas:
        for provider in (area.nps, area.crc):
            head, record = maker.make(
                grade="HEAD", roles=["manager"], provider=provider, area=area, team=None
            )
            area.heads[provider.code] = head
            yield record
            teams = area.teams[provider.code]
            area.quality[provider.code] = []
            for _ in range(1 + len(teams) // 4):
                qa, record = maker.make(
                    grade="SPO", roles=["quality_assurance"], provider=provider, area=area, team=None
                )
                area.quality[provider.code].append(qa)
                yield record
            needed = practitioners_needed(area, provider)
            for team in teams:
                roles = ["manager", "quality_assurance"] if rng.random() < 0.3 else ["manager"]
                team.manager, record = maker.make(
                    grade="SPO", roles=roles, provider=provider, area=area, team=team
                )
                team.record["manager"] = team.manager.id
                yield record
                pos = max(1, round(needed * PO_SHARE[provider.public]))
                for i in range(needed):
                    grade = "PO" if i < pos else "PSO"
                    officer, record = maker.make(
                        grade=grade, roles=["practitioner"], provider=provider, area=area, team=team
                    )
                    team.officers.append(officer)
                    yield record
                admin, record = maker.make(
                    grade="", roles=["administrator"], provider=provider, area=area, team=team
                )
                team.admin.append(admin)
                yield record


def _reduction(staff: SynthStaff, n: int, reason: str, start, end=None, *, percent=None, hours=None) -> dict:
    record = {
        "type": "workload_reduction",
        "id": f"reduction-{staff.id}-{n}",
        "staff": staff.id,
        "reason": reason,
        "start_date": start.isoformat(),
    }
    if percent is not None:
        record["percent"] = percent
    if hours is not None:
        record["hours"] = hours
    if end is not None:
        record["end_date"] = end.isoformat()
    return record


@step("workload_reductions", order=21)
def workload_reductions(ctx: GenerationContext, rng):
    today = ctx.as_at
    year = timedelta(days=365)
    for staff in ctx.staff:
        if "practitioner" not in staff.roles:
            continue
        n = 0
        if staff.grade == "PO" and rng.random() < TRAINEE_SHARE[staff.provider.public]:
            # Trainees hold cases as PSOs while they train; their reduction steps down each year.
            started = today - timedelta(days=rng.randint(0, 3 * 365 - 1))
            for y, percent in enumerate((80, 60, 40)):
                begins = started + y * year
                if begins > today:
                    break
                n += 1
                yield _reduction(
                    staff,
                    n,
                    f"Trainee officer, year {y + 1}",
                    begins,
                    begins + year - timedelta(days=1),
                    percent=percent,
                )
        elif staff.grade == "PO" and rng.random() < NEWLY_QUALIFIED:
            began = today - timedelta(days=rng.randint(0, 364))
            n += 1
            yield _reduction(
                staff, n, "Newly qualified officer", began, began + year - timedelta(days=1), percent=20
            )
        if rng.random() < LONG_TERM_LEAVE:
            began = today - timedelta(days=rng.randint(14, 200))
            ends = began + timedelta(days=rng.randint(60, 300))
            n += 1
            yield _reduction(
                staff, n, "Long-term sick leave", began, ends if ends < today else None, percent=100
            )
        if rng.random() < UNION_DUTIES:
            n += 1
            yield _reduction(
                staff, n, "Union duties", today - timedelta(days=rng.randint(30, 900)), hours=7.4
            )
