"""Deliverables for people: the Excel workbook (styles, sheets) and reading an edited workbook back."""
