from datetime import date, timedelta

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from probation.core import reference
from probation.workforce.models import ResponsibleOfficerAssignment

from ..registry import indicator


@indicator(
    "ro_continuity",
    "Continuity of the responsible officer",
    "Applies to every case with a responsible officer; met when the case had fewer than "
    "`continuity.warn_at_change` (default 3) changes of officer in the 12 months before the date.",
    theme="Implementation and delivery",
)
def ro_continuity(people, on: date):
    year_ago = on - timedelta(days=365)
    changes = (
        ResponsibleOfficerAssignment.objects.filter(person=OuterRef("pk"), start_date__gt=year_ago,
                                                    start_date__lte=on)
        .exclude(reason="initial")
        .order_by()
        .values("person")
        .annotate(n=Count("pk"))
        .values("n")
    )
    latest = ResponsibleOfficerAssignment.objects.filter(person=OuterRef("pk")).order_by("-start_date", "-id")
    limit = int(reference.value("continuity.warn_at_change"))
    return people.annotate(
        ro_changes=Coalesce(Subquery(changes, output_field=IntegerField()), Value(0)),
    ).annotate(
        ind_applicable=Exists(ResponsibleOfficerAssignment.objects.filter(person=OuterRef("pk"))),
        ind_met=ExpressionWrapper(Q(ro_changes__lt=limit), output_field=BooleanField()),
        ind_evidence_type=Value("workforce.responsibleofficerassignment"),
        ind_evidence_id=Subquery(latest.values("pk")[:1]),
    )
