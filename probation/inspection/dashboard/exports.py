"""The dashboard's current table as CSV or Excel: one row per place (the focus and the level below it)
and indicator, with the counts and the share met."""

import csv
import io

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

HEADER = [
    "Level",
    "Name",
    "Theme",
    "Indicator",
    "Applicable cases",
    "Met",
    "Not met",
    "Needs a human",
    "% met",
]


def table_rows(page: dict) -> list[list]:
    rows = []
    for entity, counts_by_slug in page["export_entities"]:
        for ind in page["indicators"]:
            counts = counts_by_slug.get(ind.slug)
            applicable = counts.applicable if counts else 0
            percent = round(counts.percent, 1) if counts and counts.percent is not None else None
            rows.append(
                [
                    entity.level.title(),
                    entity.name,
                    ind.theme,
                    ind.name,
                    applicable,
                    counts.met if counts else 0,
                    counts.not_met if counts else 0,
                    counts.undecided if counts else 0,
                    percent,
                ]
            )
    return rows


def _filename(page: dict, ext: str) -> str:
    return f"indicators-{slugify(page['focus'].name)}-{page['today']:%Y-%m-%d}.{ext}"


def as_csv(page: dict) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in table_rows(page):
        # A cell that starts like a formula is written as text, so a spreadsheet never runs it.
        writer.writerow(["'" + v if isinstance(v, str) and v[:1] in "=+-@" else v for v in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(page, "csv")}"'
    return response


def as_xlsx(page: dict) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = "Indicators"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table_rows(page):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a name, never a formula
    for column, width in zip("ABCDEFGHI", (10, 30, 26, 44, 16, 8, 8, 14, 8), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(page, "xlsx")}"'
    return response
