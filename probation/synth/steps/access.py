"""Limited-access cases: a few cases are restricted to the officer and their managers; a few
exclude a member of staff who knows the person. The person's `access_contact` names whom a refused
member of staff should ask."""

from __future__ import annotations

from ..context import GenerationContext
from ..registry import step


@step("access", order=60)
def access(ctx: GenerationContext, rng):
    for person in ctx.people:
        if not person.limited_access:
            continue
        team = person.team
        officer = person.officers[-1]
        prefix = f"access-{person.index:06d}"
        if person.limited_access == "restriction":
            allowed = [officer, team.manager, person.area.heads[person.provider.code]]
            unique = list(dict.fromkeys(allowed))
            for k, member in enumerate(unique, 1):
                yield {
                    "type": "access_entry",
                    "id": f"{prefix}-{k}",
                    "person": person.id,
                    "staff": member.id,
                    "access": "restriction",
                    "reason": "High-profile case: open only to the responsible officer and managers",
                }
        else:
            others = [s for s in team.officers + team.admin if s is not officer]
            if others:
                yield {
                    "type": "access_entry",
                    "id": f"{prefix}-1",
                    "person": person.id,
                    "staff": rng.choice(others).id,
                    "access": "exclusion",
                    "reason": "The member of staff knows the person outside work",
                }
