"""Errors raised while loading course content."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one content file: path relative to the content root, 1-based line."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class CatalogError(Exception):
    """The catalog has one or more content errors; `errors` lists all of them."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(errors)
        lines = "\n".join(str(e) for e in self.errors)
        super().__init__(f"{len(self.errors)} content error(s):\n{lines}")


class Reporter:
    """Collects errors for one file."""

    def __init__(self, file: str, errors: list[ContentError]):
        self.file = file
        self.errors = errors
        self.count = 0

    def error(self, line: int, message: str) -> None:
        """Record an error at a 1-based line of this file."""
        self.errors.append(ContentError(self.file, max(line, 1), message))
        self.count += 1
