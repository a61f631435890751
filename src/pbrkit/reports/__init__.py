"""Render result objects as summary.json, report.xlsx and report.html.

Reports never read files and never recompute figures: they take the result object of
a command and lay it out, so the three outputs can never disagree (README, Outputs).
"""
