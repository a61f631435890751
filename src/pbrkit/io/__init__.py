"""Files in, typed tables out: workbook opening, sheet contracts, value parsing, limits."""
