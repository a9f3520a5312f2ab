"""The predictor calculator: OGRS3, OGP and OVP worked out from entered values, with nothing saved."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from probation.core.forms import DateField
from probation.people.constants import Sex
from probation.risk.rules import (
    OFFENCE_CATEGORIES,
    OgpInputs,
    Ogrs3Inputs,
    OvpInputs,
    calculate_ogp,
    calculate_ogrs3,
    calculate_ovp,
)

ZERO_TO_TWO = [(0, "0 – no problem"), (1, "1 – some problems"), (2, "2 – significant problems")]


def _score(label: str, **kwargs):
    return forms.TypedChoiceField(label=label, choices=ZERO_TO_TWO, coerce=int, initial=0, **kwargs)


class Ogrs3Form(forms.Form):
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices)
    date_of_birth = DateField(label="Date of birth")
    conviction_date = DateField(label="Date of current conviction")
    follow_up_start = DateField(
        label="Start of follow-up",
        help_text="Sentence date for a community sentence, release date after custody",
    )
    sanctions = forms.IntegerField(
        label="Number of sanctions, including this one", min_value=1, max_value=200
    )
    first_sanction_age = forms.IntegerField(label="Age at first sanction", min_value=0, max_value=120)
    offence = forms.ChoiceField(label="Current offence", choices=list(OFFENCE_CATEGORIES.items()))


class OgpForm(forms.Form):
    ogrs3_two_year = forms.IntegerField(label="OGRS3 two-year %", min_value=0, max_value=100)
    no_fixed_abode = forms.BooleanField(label="No fixed abode or transient", required=False)
    unemployed = forms.BooleanField(label="Unemployed", required=False)
    regular_offending = _score("Regular activities encourage offending")
    drug_misuse = _score("Current drug misuse")
    drug_motivation = _score("Motivation to tackle drug misuse (2 = not motivated)")
    problem_solving = _score("Problem-solving skills")
    awareness_of_consequences = _score("Awareness of consequences")
    understands_others_views = _score("Understands other people's views")
    pro_criminal_attitudes = _score("Pro-criminal attitudes")


class OvpForm(forms.Form):
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices)
    age_at_follow_up = forms.IntegerField(label="Age at start of follow-up", min_value=18, max_value=120)
    previous_sanctions = forms.IntegerField(label="Previous sanctions", min_value=0)
    violent_sanctions = forms.IntegerField(label="Violent sanctions", min_value=0)
    non_violent_sanctions = forms.IntegerField(label="Non-violent sanctions", min_value=0)
    does_not_recognise_impact = forms.BooleanField(
        label="Does not recognise the impact of offending", required=False
    )
    no_fixed_abode = forms.BooleanField(label="No fixed abode", required=False)
    unemployed = forms.BooleanField(label="Unemployed", required=False)
    alcohol_problem = _score("Current alcohol use is a problem")
    alcohol_excessive = _score("Binge or excessive alcohol use")
    psychiatric_treatment = forms.BooleanField(label="Current psychiatric treatment", required=False)
    temper_control = _score("Temper control")
    pro_criminal_attitudes = _score("Pro-criminal attitudes")


PREDICTORS = {
    "ogrs3": ("OGRS3: proven reoffending", Ogrs3Form, Ogrs3Inputs, calculate_ogrs3),
    "ogp": ("OGP: general reoffending", OgpForm, OgpInputs, calculate_ogp),
    "ovp": ("OVP: violent reoffending", OvpForm, OvpInputs, calculate_ovp),
}


@login_required
def calculator(request):
    kind = request.GET.get("predictor", "ogrs3")
    if kind not in PREDICTORS:
        kind = "ogrs3"
    title, form_class, inputs_class, calculate = PREDICTORS[kind]
    submitted = "submitted" in request.GET
    form = form_class(request.GET if submitted else None)
    result = None
    if submitted and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items()}
        try:
            result = calculate(inputs_class(**values))
        except ValueError as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "risk/calculator.html",
        {
            "form": form,
            "kind": kind,
            "title": title,
            "result": result,
            "predictors": [(key, value[0]) for key, value in PREDICTORS.items()],
        },
    )


urlpatterns = [path("", calculator, name="calculator")]
