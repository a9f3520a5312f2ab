"""The report as a PDF (WeasyPrint), from the same data as the page."""

from .views import render_report_pdf

__all__ = ["render_report_pdf"]
