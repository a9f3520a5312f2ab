import pytest


@pytest.mark.django_db
def test_the_case_owner_sees_the_case_overview(personas, client_for):
    response = client_for(personas.alice).get(f"/cases/{personas.case.crn}/")
    assert response.status_code == 200
    assert b"Jordan Archer" in response.content
