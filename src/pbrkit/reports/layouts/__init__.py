"""Per-command layouts: which sections, tables, charts and findings a command reports."""
