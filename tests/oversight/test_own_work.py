"""Nobody countersigns their own work, even a manager of the team: the queue leaves it out and the
countersignature itself is refused."""

from datetime import date

from probation.risk.models import RiskAssessment
from tests import factories as f


def test_a_manager_cannot_countersign_an_assessment_they_wrote(personas, client_for):
    own = f.person(officer=personas.alice, last_name="Own")
    f.sentence(own)
    assessment = RiskAssessment.objects.create(
        external_id="ra-own",
        person=own,
        sequence=1,
        status="awaiting_countersignature",
        assessed_by=personas.maria,
        started_on=date(2026, 2, 1),
        submitted_on=date(2026, 2, 1),
        rosh_overall="high",
    )
    client = client_for(personas.maria)
    assert client.get("/oversight/").context["items"] == []
    response = client.post(f"/cases/{own.crn}/risk/assessments/1/countersign/")
    assert response.status_code in (400, 403)
    assessment.refresh_from_db()
    assert assessment.status == "awaiting_countersignature" and assessment.countersigned_by is None


def test_an_officer_cannot_countersign_their_own_assessment(personas, client_for):
    assessment = RiskAssessment.objects.create(
        external_id="ra-alice",
        person=personas.case,
        sequence=1,
        status="awaiting_countersignature",
        assessed_by=personas.alice,
        started_on=date(2026, 2, 1),
        submitted_on=date(2026, 2, 1),
        rosh_overall="high",
    )
    page = client_for(personas.alice).get(f"/cases/{personas.case.crn}/risk/assessments/1/").content.decode()
    assert "You cannot countersign your own assessment" in page
    response = client_for(personas.alice).post(f"/cases/{personas.case.crn}/risk/assessments/1/countersign/")
    assert response.status_code in (400, 403)
    assessment.refresh_from_db()
    assert assessment.status == "awaiting_countersignature"
