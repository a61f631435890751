"""Generic renderers: a :class:`~pbrkit.reports.document.Document` as JSON, Excel, HTML."""
