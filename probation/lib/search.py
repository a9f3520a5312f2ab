"""Turn what a person types into the search box into typed search terms."""

import re
from dataclasses import dataclass, field
from datetime import date

CRN = re.compile(r"^[A-Za-z]\d{6}$")
PNC = re.compile(r"^(\d{2}|\d{4})/(\d{1,7})([A-Za-z])$")
DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass
class SearchTerms:
    crn: str = ""
    pnc: str = ""
    date_of_birth: date | None = None
    names: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.crn or self.pnc or self.date_of_birth or self.names)


def parse_search(query: str) -> SearchTerms:
    terms = SearchTerms()
    for token in query.split():
        token = token.strip(",")
        if not token:
            continue
        if CRN.match(token):
            terms.crn = token.upper()
        elif match := PNC.match(token):
            year, serial, check = match.groups()
            year = year if len(year) == 4 else _century(year)
            terms.pnc = f"{year}/{int(serial):07d}{check.upper()}"
        elif (match := DMY.match(token)) or ISO.match(token):
            terms.date_of_birth = _to_date(token)
        else:
            terms.names.append(token)
    return terms


def _century(two_digits: str) -> str:
    # PNC years run from the 1900s; a two-digit year above the current one belongs to the 1900s.
    year = int(two_digits)
    return str(2000 + year if year <= date.today().year % 100 else 1900 + year)


def _to_date(token: str) -> date | None:
    try:
        if match := ISO.match(token):
            y, m, d = match.groups()
        else:
            d, m, y = DMY.match(token).groups()
        return date(int(y), int(m), int(d))
    except ValueError:
        return None
