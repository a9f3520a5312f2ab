"""The standards the inspection measures against, as data: the 2018 case-supervision standards and
the themes of the 2016–17 inspections. Each prompt lists the indicators that can decide it; a prompt
with none (or whose indicator cannot decide) is answered by an inspector."""

CASE_SUPERVISION_2018 = {
    "code": "hmip-2018-case-supervision",
    "name": "Case supervision standards",
    "version": "2018",
    "standards": [
        (
            "2.1",
            "Assessment",
            [
                (
                    "2.1.1",
                    "Does assessment focus sufficiently on engaging the service user?",
                    [
                        (
                            "a",
                            "Does assessment take account of the person's diversity "
                            "and personal circumstances?",
                            ["diversity_considered"],
                        ),
                        (
                            "b",
                            "Does assessment consider the person's motivation and readiness to engage?",
                            [],
                        ),
                    ],
                ),
                (
                    "2.1.2",
                    "Does assessment focus sufficiently on the factors linked to offending and desistance?",
                    [
                        (
                            "a",
                            "Was a full assessment of offending and needs completed on time?",
                            ["assessment_timely"],
                        ),
                        (
                            "b",
                            "Does assessment draw on information from other agencies?",
                            ["partner_involvement"],
                        ),
                    ],
                ),
                (
                    "2.1.3",
                    "Does assessment focus sufficiently on keeping other people safe?",
                    [
                        (
                            "a",
                            "Was risk of serious harm assessed on time, and countersigned where required?",
                            ["assessment_timely"],
                        ),
                        (
                            "b",
                            "Were the right checks made with the police and children's services?",
                            ["partner_involvement"],
                        ),
                    ],
                ),
            ],
        ),
        (
            "2.2",
            "Planning",
            [
                (
                    "2.2.1",
                    "Does planning focus sufficiently on engaging the service user?",
                    [
                        ("a", "Was the plan completed on time?", ["plan_timely"]),
                        (
                            "b",
                            "Does the plan take account of diversity needs and adjustments?",
                            ["diversity_considered"],
                        ),
                        ("c", "Was the person meaningfully involved in planning?", []),
                    ],
                ),
                (
                    "2.2.2",
                    "Does planning focus sufficiently on reducing reoffending and supporting desistance?",
                    [
                        (
                            "a",
                            "Does the plan address the person's criminogenic needs and requirements?",
                            ["plan_addresses_needs"],
                        ),
                    ],
                ),
                (
                    "2.2.3",
                    "Does planning focus sufficiently on keeping other people safe?",
                    [
                        (
                            "a",
                            "Does the plan set actions for each identified risk of harm?",
                            ["risk_followed_through"],
                        ),
                        ("b", "Are there effective contingency arrangements?", []),
                    ],
                ),
            ],
        ),
        (
            "2.3",
            "Implementation and delivery",
            [
                (
                    "2.3.1",
                    "Is the delivery of services effectively supporting the service user's engagement?",
                    [
                        ("a", "Was the first appointment timely?", ["first_contact_timely"]),
                        ("b", "Was contact at the level the case needs?", ["contact_level_met"]),
                        ("c", "Was enforcement action taken when appropriate?", ["enforcement_appropriate"]),
                        (
                            "d",
                            "Has continuity of the responsible officer been maintained?",
                            ["ro_continuity"],
                        ),
                    ],
                ),
                (
                    "2.3.2",
                    "Is the delivery of services effectively supporting desistance?",
                    [
                        (
                            "a",
                            "Are partner agencies involved in delivering the rehabilitative work?",
                            ["partner_involvement"],
                        ),
                        ("b", "Are the interventions delivered the right ones, delivered well?", []),
                    ],
                ),
                (
                    "2.3.3",
                    "Is the delivery of services effective in keeping other people safe?",
                    [
                        (
                            "a",
                            "Were all reasonable actions taken to keep risk of harm to a minimum?",
                            ["risk_minimised"],
                        ),
                        (
                            "b",
                            "Was any reduction in contact compatible with the risks?",
                            ["step_down_compatible"],
                        ),
                    ],
                ),
            ],
        ),
        (
            "2.4",
            "Reviewing",
            [
                (
                    "2.4.1",
                    "Does reviewing focus sufficiently on supporting the service user's "
                    "compliance and engagement?",
                    [
                        ("a", "Did reviewing involve the person and respond to changes in compliance?", []),
                    ],
                ),
                (
                    "2.4.2",
                    "Does reviewing focus sufficiently on supporting desistance?",
                    [
                        ("a", "Was progress reviewed and the plan adjusted?", []),
                    ],
                ),
                (
                    "2.4.3",
                    "Does reviewing focus sufficiently on keeping other people safe?",
                    [
                        (
                            "a",
                            "Was management oversight sufficient for the level of risk?",
                            ["oversight_sufficient"],
                        ),
                        ("b", "Was a Serious Further Offence notified on time?", ["sfo_notified_timely"]),
                    ],
                ),
            ],
        ),
    ],
}

THEMES_2016 = {
    "code": "hmip-2016-quality-and-impact",
    "name": "Quality and impact themes",
    "version": "2016",
    "standards": [
        (
            "T1",
            "Assessing the risk of harm",
            [
                (
                    "T1.1",
                    "Was risk of harm assessed well and on time?",
                    [
                        (
                            "a",
                            "Risk of serious harm assessed on time and countersigned where required",
                            ["assessment_timely"],
                        )
                    ],
                )
            ],
        ),
        (
            "T2",
            "Keeping risk of harm to a minimum",
            [
                (
                    "T2.1",
                    "Were sufficient steps taken to keep risk of harm to a minimum?",
                    [
                        (
                            "a",
                            "Each identified risk has actions that were followed through",
                            ["risk_followed_through"],
                        ),
                        ("b", "All reasonable actions taken to keep risk to a minimum", ["risk_minimised"]),
                    ],
                )
            ],
        ),
        (
            "T3",
            "Sentence planning",
            [
                (
                    "T3.1",
                    "Was sentence planning sufficient?",
                    [
                        ("a", "Plan on time", ["plan_timely"]),
                        ("b", "Plan addresses the needs", ["plan_addresses_needs"]),
                    ],
                )
            ],
        ),
        (
            "T4",
            "Management oversight",
            [
                (
                    "T4.1",
                    "Was management oversight sufficient?",
                    [("a", "Oversight recorded as often as the risk requires", ["oversight_sufficient"])],
                )
            ],
        ),
        (
            "T5",
            "Continuity of supervision",
            [
                (
                    "T5.1",
                    "Was continuity of the responsible officer maintained?",
                    [
                        ("a", "Few changes of officer", ["ro_continuity"]),
                        ("b", "Contact kept at the right level", ["contact_level_met"]),
                    ],
                )
            ],
        ),
        (
            "T6",
            "Enforcement and compliance",
            [
                (
                    "T6.1",
                    "Was enforcement appropriate?",
                    [
                        ("a", "Warnings and breach as the rule requires", ["enforcement_appropriate"]),
                        ("b", "Step-down compatible with the risks", ["step_down_compatible"]),
                    ],
                )
            ],
        ),
        (
            "T7",
            "Diversity",
            [
                (
                    "T7.1",
                    "Was individual diversity taken into account?",
                    [
                        (
                            "a",
                            "Diversity needs carried into assessment, planning and delivery",
                            ["diversity_considered"],
                        )
                    ],
                )
            ],
        ),
        (
            "T8",
            "Serious Further Offence notification",
            [
                (
                    "T8.1",
                    "Were Serious Further Offences notified on time?",
                    [("a", "Notification within the deadline", ["sfo_notified_timely"])],
                )
            ],
        ),
    ],
}

STANDARD_SETS = [CASE_SUPERVISION_2018, THEMES_2016]


def load(StandardSet, Standard, KeyQuestion, Prompt) -> None:  # noqa: N803 - historical models
    for data in STANDARD_SETS:
        standard_set, _ = StandardSet.objects.update_or_create(
            code=data["code"], defaults={"name": data["name"], "version": data["version"]}
        )
        for s_pos, (s_code, s_name, questions) in enumerate(data["standards"]):
            standard, _ = Standard.objects.update_or_create(
                standard_set=standard_set, code=s_code, defaults={"name": s_name, "position": s_pos}
            )
            for q_pos, (q_code, q_text, prompts) in enumerate(questions):
                indicators = sorted({slug for _, _, slugs in prompts for slug in slugs})
                question, _ = KeyQuestion.objects.update_or_create(
                    standard=standard,
                    code=q_code,
                    defaults={"text": q_text, "position": q_pos, "indicators": indicators},
                )
                for p_pos, (p_code, p_text, slugs) in enumerate(prompts):
                    Prompt.objects.update_or_create(
                        key_question=question,
                        code=f"{q_code}{p_code}",
                        defaults={"text": p_text, "position": p_pos, "indicators": slugs},
                    )
