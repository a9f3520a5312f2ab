"""Partnership: is rehabilitative work done with partner agencies, not by the officer alone?"""

from datetime import date, timedelta

from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When

from probation.interventions.constants import Direction, ReferralStatus
from probation.interventions.models import PartnerExchange, Referral
from probation.risk.constants import NeedSeverity
from probation.risk.models import NeedRating, PartnerCheck

from .. import policy
from ..common import boolean, label, latest_assessment, sentence_start, verdict
from ..registry import indicator


@indicator(
    "partner_involvement",
    "Partner agencies involved",
    "Applies to a case under a current sentence that began at least `partner.expected_within_days` days "
    "ago (or already shows partner work), unless its latest assessment found no criminogenic need; met "
    "when since the start there is a referral to an intervention delivered by a partner agency or another "
    "provider that was not declined, information shared with a partner agency or answered by one, or an "
    "answered partner check. Only declined referrals or unanswered requests need a human.",
    theme="Partnership",
)
def partner_involvement(people, on: date):
    expected = on - timedelta(days=policy.number("partner.expected_within_days"))
    referrals = Referral.objects.filter(
        person=OuterRef("pk"), referred_on__gte=OuterRef("pi_start"), referred_on__lte=on
    ).filter(
        Q(intervention__partner__isnull=False)
        | (Q(intervention__provider__isnull=False) & ~Q(intervention__provider=OuterRef("provider")))
    )
    declined = Q(status=ReferralStatus.DECLINED) & Q(decided_on__lte=on)
    exchanges = PartnerExchange.objects.filter(
        person=OuterRef("pk"), occurred_on__gte=OuterRef("pi_start"), occurred_on__lte=on
    )
    answered_exchange = Q(direction=Direction.SHARED) | Q(response_received_on__lte=on)
    checks = PartnerCheck.objects.filter(person=OuterRef("pk"), requested_on__gte=OuterRef("pi_start"), requested_on__lte=on)
    no_need = Exists(
        NeedRating.objects.filter(assessment_id=OuterRef("pi_assessment"))
    ) & ~Exists(
        NeedRating.objects.filter(
            assessment_id=OuterRef("pi_assessment"), severity__in=[NeedSeverity.STANDARD, NeedSeverity.SEVERE]
        )
    )
    people = people.annotate(
        pi_start=sentence_start(on),
        pi_assessment=Subquery(latest_assessment(on).values("pk")[:1]),
    ).annotate(
        pi_referral=Subquery(referrals.exclude(declined).order_by("referred_on", "id").values("pk")[:1]),
        pi_exchange=Subquery(exchanges.filter(answered_exchange).order_by("occurred_on", "id").values("pk")[:1]),
        pi_check=Subquery(checks.filter(answered_on__lte=on).order_by("requested_on", "id").values("pk")[:1]),
        pi_tried_referral=Subquery(referrals.order_by("referred_on", "id").values("pk")[:1]),
        pi_tried_exchange=Subquery(exchanges.order_by("occurred_on", "id").values("pk")[:1]),
        pi_tried_check=Subquery(checks.order_by("requested_on", "id").values("pk")[:1]),
        pi_no_need=boolean(no_need),
    )
    done = Q(pi_referral__isnull=False) | Q(pi_exchange__isnull=False) | Q(pi_check__isnull=False)
    tried = Q(pi_tried_referral__isnull=False) | Q(pi_tried_exchange__isnull=False) | Q(pi_tried_check__isnull=False)
    return people.annotate(
        ind_applicable=boolean(
            Q(pi_start__isnull=False) & Q(pi_no_need=False) & (Q(pi_start__lte=expected) | tried)
        ),
        ind_met=verdict(met=done, needs_human=tried & ~done),
        ind_evidence_type=Case(
            When(pi_referral__isnull=False, then=Value(label(Referral))),
            When(pi_exchange__isnull=False, then=Value(label(PartnerExchange))),
            When(pi_check__isnull=False, then=Value(label(PartnerCheck))),
            When(pi_tried_referral__isnull=False, then=Value(label(Referral))),
            When(pi_tried_exchange__isnull=False, then=Value(label(PartnerExchange))),
            When(pi_tried_check__isnull=False, then=Value(label(PartnerCheck))),
            default=Value(""),
        ),
        ind_evidence_id=Case(
            When(pi_referral__isnull=False, then=F("pi_referral")),
            When(pi_exchange__isnull=False, then=F("pi_exchange")),
            When(pi_check__isnull=False, then=F("pi_check")),
            When(pi_tried_referral__isnull=False, then=F("pi_tried_referral")),
            When(pi_tried_exchange__isnull=False, then=F("pi_tried_exchange")),
            When(pi_tried_check__isnull=False, then=F("pi_tried_check")),
            default=None,
        ),
    )
