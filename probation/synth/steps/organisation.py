"""Areas, providers (the National Probation Service across all areas; a Community Rehabilitation
Company per area, shared where one CRC covered several), their offices and teams."""

from __future__ import annotations

import math

from ..context import GenerationContext, SynthArea, SynthProvider, SynthTeam
from ..data.places import area_data
from ..registry import step
from ..util import largest_remainder, postcode, slug

NPS_SHARE = 0.30  # of cases managed by the NPS; the rest by a CRC
CASES_PER_TEAM = 250


def expected_cases(area: SynthArea, public: bool) -> float:
    return area.people * (NPS_SHARE if public else 1 - NPS_SHARE)


@step("organisation", order=10)
def organisation(ctx: GenerationContext, rng):
    datas = [area_data(name) for name in ctx.area_names]
    counts = largest_remainder(ctx.people_count, [d.weight for d in datas])
    nps = SynthProvider("provider-nps", "National Probation Service", "NPS", True, {})
    nps.record = {"type": "provider", "id": nps.id, "name": nps.name, "code": "NPS", "sector": "public"}
    ctx.providers["NPS"] = nps
    yield nps.record
    used_letters = {"X"}  # X is kept for hand-made test cases
    for data, people in zip(datas, counts, strict=True):
        letter = next(c for c in data.crn_letter + "ABCDEFGHJKLMNPQRTUVWYZ" if c not in used_letters)
        used_letters.add(letter)
        # The same id the factories and the interventions directory give an area: "area-" and its name.
        area = SynthArea(id=f"area-{data.name}", data=data, crn_letter=letter, people=people)
        ctx.areas.append(area)
        yield {"type": "area", "id": area.id, "name": data.name}
        crc = ctx.providers.get(data.crc_code)
        if crc is None:
            crc = SynthProvider(
                f"provider-{data.crc_code.lower()}-crc", data.crc_name, data.crc_code, False, {}
            )
            crc.record = {
                "type": "provider",
                "id": crc.id,
                "name": crc.name,
                "code": crc.code,
                "sector": "private",
            }
            ctx.providers[crc.code] = crc
            yield crc.record
        area.nps, area.crc = nps, crc
        for provider, offices in ((nps, data.nps_offices), (crc, data.crc_offices)):
            office_ids = []
            for n, (office_name, town_name) in enumerate(offices, 1):
                office_id = f"office-{provider.code.lower()}-{slug(data.name)}-{n}"
                office_ids.append(office_id)
                town = next((t for t in data.towns if t.name == town_name), data.towns[0])
                street = office_name.split(", ", 1)[-1]
                yield {
                    "type": "office",
                    "id": office_id,
                    "name": office_name,
                    "provider": provider.id,
                    "area": area.id,
                    "address": "\n".join(
                        (f"{rng.randint(1, 120)} {street}", town.name, postcode(town.districts[0], rng))
                    ),
                }
            area.teams[provider.code] = list(_teams(area, provider, office_ids))
            yield from (team.record for team in area.teams[provider.code])


def _teams(area: SynthArea, provider: SynthProvider, office_ids: list[str]):
    n = max(1, round(expected_cases(area, provider.public) / CASES_PER_TEAM))
    places = area.data.team_places
    for i in range(n):
        name = places[i] if i < len(places) else f"{places[i % len(places)]} {i // len(places) + 1}"
        team_id = f"team-{provider.code.lower()}-{slug(name)}"
        office = office_ids[i % len(office_ids)]
        record = {
            "type": "team",
            "id": team_id,
            "name": name,
            "provider": provider.id,
            "area": area.id,
            "office": office,
        }
        yield SynthTeam(team_id, name, provider, area, office, record)


def practitioners_needed(area: SynthArea, provider: SynthProvider) -> int:
    """Officers holding cases in each of the provider's teams in the area."""
    caseload = 40 if provider.public else 55
    per_team = expected_cases(area, provider.public) / len(area.teams[provider.code])
    return max(2, math.ceil(per_team / caseload))
