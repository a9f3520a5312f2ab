"""A person's current provider, team and officer mirror their open responsible-officer assignment
(so a caseload is a plain indexed filter). The import keeps them in step."""

from django.db.models import F
from django.utils import timezone

CASELOAD_ATTRS = ("provider_id", "team_id", "officer_id")


def _open_assignments(ctx) -> dict[str, dict]:
    current: dict[str, dict] = {}
    for assignment in ctx.values("ro_assignment").values():
        if assignment["end_date"] is None:
            current[assignment["person"]] = assignment
    return current


def current_caseload(ctx) -> dict[str, dict]:
    """For each person in the file, the provider, team and officer of their open assignment (in the
    file, or else in the database); none when they have no open assignment."""
    current = _open_assignments(ctx)
    result = {}
    for person in ctx.file_values("person"):
        assignment = current.get(person)
        if assignment is None:
            result[person] = dict.fromkeys(CASELOAD_ATTRS)
        else:
            result[person] = {
                "provider_id": ctx.pk("provider", assignment["provider"]),
                "team_id": ctx.pk("team", assignment["team"]),
                "officer_id": ctx.pk("staff", assignment["officer"]),
            }
    return result


def sync_caseloads(ctx) -> None:
    """People who are not in the file but whose assignments are: bring their caseload fields up to
    date. (People in the file were written with the right values already.)"""
    from probation.people.models import Person

    in_file = set(ctx.file_values("person"))
    people = {a["person"] for a in ctx.file_values("ro_assignment").values()} - in_file
    if not people:
        return
    current = _open_assignments(ctx)
    now = timezone.now()
    for external_id in sorted(people):
        assignment = current.get(external_id)
        want = (
            {
                "provider_id": ctx.pk("provider", assignment["provider"]),
                "team_id": ctx.pk("team", assignment["team"]),
                "officer_id": ctx.pk("staff", assignment["officer"]),
            }
            if assignment
            else dict.fromkeys(CASELOAD_ATTRS)
        )
        # Exclude the rows already right, so an unchanged person is not rewritten.
        changed = (
            Person.objects.filter(pk=ctx.pk("person", external_id))
            .exclude(**want)
            .update(**want, version=F("version") + 1, updated_at=now)
        )
        if changed:
            ctx.count("person", "updated")
