"""Serious Further Offences: a handful per region. A person under supervision is charged with a
qualifying offence (mostly serious violence, some sexual offences, rarely homicide); the provider
notifies within 10 working days of the charge (`sfo.notification_days`), though a per-provider
share are notified late (`late_sfo_notification` in the quality profile: the seed found notification
weak, the CRC's weaker);
a quality-assurance SPO of the provider reviews it within 60 working days of notification
(`sfo.review_days`), with a chronology and learning actions; the inspectorate rates about half of
the completed reviews, Outstanding to Inadequate. Charges fall in the year before the as-at date,
so some SFOs are still awaiting notification or review there."""

from __future__ import annotations

from datetime import timedelta

from probation.core.reference import DEFAULTS
from probation.lib.workingdays import add_working_days

from ..context import GenerationContext, SynthPerson
from ..registry import step
from ..util import Weighted

PER_AREA = (2, 4)  # SFOs in each area of the region
OFFENCE = Weighted(
    {
        "GBH_INTENT": 30,
        "RAPE": 12,
        "ASSAULT_PENETRATION": 6,
        "ATT_MURDER": 8,
        "MANSLAUGHTER": 6,
        "MURDER": 5,
        "ARSON_LIFE": 6,
        "KIDNAP": 4,
        "FALSE_IMPRISON": 7,
        "SEX_ACTIVITY_CHILD": 8,
        "CAUSE_DEATH_DRIVING": 3,
    }
)
REVIEW_TYPE = Weighted({"standard": 70, "comprehensive": 30})
RATING = Weighted({"outstanding": 5, "good": 40, "requires_improvement": 40, "inadequate": 15})
RATED_SHARE = 0.5
CHRONOLOGY = [
    "Sentenced; case allocated and induction completed.",
    "Risk of serious harm assessment completed.",
    "Missed appointment; enforcement considered and a warning issued.",
    "Police domestic-abuse call-out at the home address shared with the officer.",
    "Change of address reported; home visit not completed.",
    "Arrested and charged; the officer told by the police the next day.",
]
LEARNING = [
    ("Refresh training on risk of serious harm assessment for the team.", "Senior probation officer"),
    ("Make domestic-abuse police checks before every risk review routine.", "Head of service"),
    ("Verify every change of address with a home visit within 10 working days.", "Senior probation officer"),
    ("Record management oversight after every significant event.", "Head of service"),
    (
        "Share the plan with children's services when a child lives at the address.",
        "Senior probation officer",
    ),
]
SUMMARY = (
    "The review found the risk of serious harm under-estimated after the change of address, and "
    "information from the police not followed up. Contact levels were met."
)


def _iso(day):
    return day.isoformat()


@step("sfo", order=92)
def sfo(ctx: GenerationContext, rng):
    notification_days = int(DEFAULTS["sfo.notification_days"])
    review_days = int(DEFAULTS["sfo.review_days"])
    inspector = None
    n = 0
    for area in ctx.areas:
        candidates = [
            p
            for p in ctx.people
            if p.area is area
            and p.sentences
            and (ctx.as_at - p.current.start_date).days > 60
            and p.team.manager is not None
        ]
        serious = [p for p in candidates if p.serious or p.risk in ("high", "very_high")]
        pool = serious if len(serious) >= PER_AREA[1] else candidates
        chosen = rng.sample(pool, min(len(pool), rng.randint(*PER_AREA)))
        for person in sorted(chosen, key=lambda p: p.index):
            n += 1
            records, rated = _one(ctx, rng, person, n, notification_days, review_days)
            if rated and inspector is None:
                inspector = {
                    "type": "staff",
                    "id": "staff-inspector-sfo",
                    "username": "hmip.sfo.inspector",
                    "first_name": "Morag",
                    "last_name": "Pettigrew",
                    "email": "morag.pettigrew@hmiprobation.example",
                    "roles": ["inspector"],
                }
                yield inspector
            for record in records:
                if record.get("rated_by") == "":
                    record["rated_by"] = inspector["id"]
                yield record


def _one(ctx, rng, person: SynthPerson, n: int, notification_days: int, review_days: int):
    first = person.current.start_date + timedelta(days=30)
    earliest = max(first, ctx.as_at - timedelta(days=365))
    charged = earliest + timedelta(days=rng.randint(0, max(0, (ctx.as_at - earliest).days - 1)))
    due = add_working_days(charged, notification_days)
    sid = f"sfo-{n:04d}"
    record = {
        "type": "sfo",
        "id": sid,
        "person": person.id,
        "offence": OFFENCE.pick(rng),
        "charged_on": _iso(charged),
        "notification_due": _iso(due),
    }
    records = [record]
    if rng.random() < ctx.quality_of(person.provider).late_sfo_notification:
        notified = due + timedelta(days=rng.randint(1, 25))
    else:
        notified = charged + timedelta(days=rng.randint(1, max(1, (due - charged).days)))
    if notified > ctx.as_at:
        return records, False
    area = person.area
    reviewers = area.quality.get(person.provider.code) or [person.team.manager]
    reviewer = rng.choice(reviewers)
    review_due = add_working_days(notified, review_days)
    record.update(
        status="notified",
        notified_on=_iso(notified),
        notified_by=(area.heads.get(person.provider.code) or person.team.manager).id,
        review_type=REVIEW_TYPE.pick(rng),
        reviewer=reviewer.id,
        review_due=_iso(review_due),
    )
    start = person.current.start_date
    earlier = sorted(
        (start + timedelta(days=rng.randint(0, (charged - start).days)), text)
        for text in rng.sample(CHRONOLOGY[:-1], rng.randint(2, 4))
    )
    for i, (on, text) in enumerate([*earlier, (charged, CHRONOLOGY[-1])], start=1):
        records.append(
            {
                "type": "sfo_chronology_entry",
                "id": f"{sid}-chronology-{i}",
                "sfo": sid,
                "occurred_on": _iso(on),
                "entry": text,
            }
        )
    completed = notified + timedelta(days=rng.randint(45, 110))
    if completed > ctx.as_at:
        return records, False
    record.update(status="review_complete", review_completed_on=_iso(completed), review_summary=SUMMARY)
    for j, (action, owner) in enumerate(rng.sample(LEARNING, rng.randint(1, 3)), start=1):
        action_due = completed + timedelta(days=rng.randint(30, 120))
        learning = {
            "type": "sfo_learning_action",
            "id": f"{sid}-learning-{j}",
            "sfo": sid,
            "action": action,
            "owner": owner,
            "due_on": _iso(action_due),
        }
        done = completed + timedelta(days=rng.randint(10, 150))
        if done <= ctx.as_at and rng.random() < 0.6:
            learning.update(
                completed_on=_iso(done),
                completed_note="Done and recorded in the team meeting minutes.",
                completed_by=(area.heads.get(person.provider.code) or person.team.manager).id,
            )
        records.append(learning)
    rated = completed + timedelta(days=30) <= ctx.as_at and rng.random() < RATED_SHARE
    if rated:
        record.update(status="rated", quality_rating=RATING.pick(rng), rated_by="")
    return records, rated
