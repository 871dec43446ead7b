"""Fixtures for the course loader tests: a small valid catalog copied into tmp_path."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from courses import check_catalog

MINI = Path(__file__).parent / "fixtures" / "mini"


class MiniCatalog:
    """A writable copy of the mini catalog with helpers to break it."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, rel: str) -> Path:
        """Absolute path of a file in the copy."""
        return self.root / rel

    def edit(self, rel: str, old: str, new: str, count: int = 1) -> None:
        """Replace `old` by `new` in a file; fails loudly if `old` is absent."""
        path = self.path(rel)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        """Create or overwrite a file."""
        path = self.path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def line_of(self, rel: str, fragment: str, nth: int = 1) -> int:
        """1-based line of the nth line containing `fragment`."""
        hits = [i for i, ln in enumerate(self.path(rel).read_text().splitlines(), 1) if fragment in ln]
        return hits[nth - 1]

    def errors(self) -> list[tuple[str, int, str]]:
        """All errors as (file, line, message)."""
        catalog, errors = check_catalog(self.root)
        assert (catalog is None) == bool(errors)
        return [(e.file, e.line, e.message) for e in errors]

    def assert_error(self, file: str, line: int, fragment: str) -> None:
        """Assert exactly one error at file:line whose message contains `fragment`."""
        errors = self.errors()
        hits = [e for e in errors if e[0] == file and e[1] == line and fragment in e[2]]
        assert len(hits) == 1, f"wanted {file}:{line}: ...{fragment}... in {errors}"


@pytest.fixture
def mini(tmp_path: Path) -> MiniCatalog:
    """A valid small catalog in tmp_path."""
    shutil.copytree(MINI, tmp_path / "content")
    return MiniCatalog(tmp_path / "content")
