import pytest

OGRS3_WORKED = {
    "predictor": "ogrs3",
    "submitted": "1",
    "sex": "male",
    "date_of_birth_0": "17",
    "date_of_birth_1": "7",
    "date_of_birth_2": "1991",
    "conviction_date_0": "5",
    "conviction_date_1": "8",
    "conviction_date_2": "2021",
    "follow_up_start_0": "12",
    "follow_up_start_1": "12",
    "follow_up_start_2": "2021",
    "sanctions": "2",
    "first_sanction_age": "21",
    "offence": "other",
}


@pytest.mark.django_db
def test_the_calculator_scores_the_worked_example(personas, client_for):
    response = client_for(personas.alice).get("/tools/predictors/", OGRS3_WORKED)
    assert response.status_code == 200
    assert b"17% in two years" in response.content
    assert b"9% in one year" in response.content


@pytest.mark.django_db
def test_the_calculator_explains_a_refused_score_in_the_error_summary(personas, client_for):
    response = client_for(personas.alice).get(
        "/tools/predictors/", {**OGRS3_WORKED, "first_sanction_age": "40"}
    )
    assert b"There is a problem" in response.content
    assert b"in two years" not in response.content


@pytest.mark.django_db
def test_the_calculator_reports_missing_fields_next_to_them(personas, client_for):
    response = client_for(personas.alice).get("/tools/predictors/", {"predictor": "ovp", "submitted": "1"})
    assert b"There is a problem" in response.content
    assert b'href="#id_age_at_follow_up"' in response.content


@pytest.mark.django_db
def test_the_calculator_scores_ovp(personas, client_for):
    response = client_for(personas.alice).get(
        "/tools/predictors/",
        {
            "predictor": "ovp",
            "submitted": "1",
            "sex": "male",
            "age_at_follow_up": "19",
            "previous_sanctions": "3",
            "violent_sanctions": "2",
            "non_violent_sanctions": "1",
            "alcohol_problem": "2",
            "alcohol_excessive": "2",
            "temper_control": "2",
            "pro_criminal_attitudes": "1",
        },
    )
    assert b"in two years" in response.content
    assert b"score" in response.content


def test_the_calculator_needs_a_signed_in_user(client):
    response = client.get("/tools/predictors/")
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]
