"""The one shape of a finished run: a document, rendered by the generic writers.

Every command builds one format-neutral :class:`~pbrkit.reports.document.Document`
from its result (published with ``--publish``); summary.json, report.xlsx,
report.html and summary.pdf are that document rendered. A command adds only the files
that are not the document: patient-level tables, streamed straight from the result
(docs/architecture.md, "The flow of one run").
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from functools import cached_property
from typing import Any

from pbrkit.io.output import Writer
from pbrkit.reports.document import Document


class Run(ABC):
    """A finished run of any command (nothing written until its writers are called)."""

    @abstractmethod
    def build_document(self) -> Document:
        """What every output shows (published when the run was asked to publish); called
        once per run, through :meth:`document`."""

    @cached_property
    def _document(self) -> Document:
        # Built (and published) once: summary.json, the terminal line, each report and
        # a command's own files render this one object. A frozen dataclass still has a
        # __dict__, which is where cached_property keeps it.
        return self.build_document()

    def document(self) -> Document:
        """What every output shows: built on first use, the same object after."""
        return self._document

    def files(self, document: Document) -> dict[str, Writer]:
        """The run's files besides the document's four, by file name (none by default)."""
        del document  # a command with patient-level files overrides this
        return {}

    @cached_property
    def _summary(self) -> dict[str, Any]:
        from pbrkit.reports.render import json

        return json.summary(self.document())

    def summary(self) -> dict[str, Any]:
        """The ``summary.json`` object: made once, then written, printed (``--json``) and
        read for the terminal line as made."""
        return self._summary

    def writers(self) -> dict[str, Writer]:
        """Every file the run writes, by name: its own files, then the four reports."""
        from pbrkit.reports.render import excel, html, pdf
        from pbrkit.reports.summary import write_json

        document, summary = self.document(), self.summary()
        return {
            **self.files(document),
            "summary.json": lambda path: write_json(summary, path),
            "report.xlsx": lambda path: excel.write(document, path),
            "report.html": lambda path: html.write(document, path),
            "summary.pdf": lambda path: pdf.write(document, path),
        }
