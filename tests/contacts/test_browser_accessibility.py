"""The contacts pages, the diary and the home page in a real browser: no serious or critical axe-core
failures, no script or stylesheet errors, and an outcome recorded from the contact list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import axe_violations, browser, describe_violations, pages  # noqa: F401
from tests.contacts.conftest import appointment, at, level

pytestmark = pytest.mark.browser


def _case_with_contacts(personas):
    personas.case.tier, personas.case.rosh = "B2", "high"
    personas.case.save(update_fields=["tier", "rosh"])
    level(personas.case, frequency="weekly")
    appointment(personas.case, when=at(-1), outcome="attended_complied", notes="Went well")
    appointment(personas.case, when=at(-2), notes="Sensitive detail", sensitive=True)
    appointment(personas.case, when=timezone.now() - timedelta(minutes=10))
    return appointment(personas.case, when=at(-3))


PAGE_TYPES = {
    "home": ("alice", lambda p, c: "/", "Home"),
    "diary": ("alice", lambda p, c: "/diary/", "Diary"),
    "contacts": ("alice", lambda p, c: f"/cases/{p.case.crn}/contacts/", "Contacts"),
    "contact detail": ("alice", lambda p, c: f"/cases/{p.case.crn}/contacts/{c.pk}/", "Contact"),
    "record outcome": (
        "alice", lambda p, c: f"/cases/{p.case.crn}/contacts/{c.pk}/outcome/", "Record outcome"
    ),
    "book": ("alice", lambda p, c: f"/cases/{p.case.crn}/contacts/book/", "Book an appointment"),
    "contact level": ("alice", lambda p, c: f"/cases/{p.case.crn}/contacts/level/", "Change contact level"),
    "approvals": ("maria", lambda p, c: "/approvals/step-downs/", "Step-downs awaiting approval"),
}


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_the_page_has_no_serious_or_critical_accessibility_failures(pages, personas, page_type):  # noqa: F811
    who, path, title = PAGE_TYPES[page_type]
    contact = _case_with_contacts(personas)
    page = pages.new(getattr(personas, who))
    page.goto(path(personas, contact))
    page.wait_for_load_state("load")
    assert page.title().startswith(title), page.title()
    violations = axe_violations(page)
    assert not violations, f"axe found problems on the {page_type} page:\n{describe_violations(violations)}"
    assert not pages.problems, pages.problems


def test_recording_an_acceptable_absence_in_the_browser(pages, personas):  # noqa: F811
    contact = _case_with_contacts(personas)
    page = pages.new(personas.alice)
    page.goto(f"/cases/{personas.case.crn}/contacts/")
    when = timezone.localtime(contact.starts_at)
    page.get_by_role("link", name=f"Record outcome for {when:%-d %b %Y %H:%M}").click()
    page.get_by_label("Failed to attend – acceptable absence").check()
    page.get_by_label("Reason for the absence").select_option("medical")
    page.get_by_role("button", name="Save outcome").click()
    page.get_by_text("Outcome recorded for Jordan Archer: Failed to attend – acceptable absence").wait_for()
    assert page.url.endswith(f"/cases/{personas.case.crn}/contacts/")
    assert not pages.problems, pages.problems
