"""Staff: per team a senior probation officer who manages it, probation officers, probation
services officers and an administrator; per provider in each area a head of service and
quality-assurance staff."""

from __future__ import annotations

import re
import unicodedata

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


class _StaffMaker:
    def __init__(self, ctx: GenerationContext, rng):
        self.ctx, self.rng = ctx, rng
        self.usernames: set[str] = set()

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
