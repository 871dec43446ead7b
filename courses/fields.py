"""Typed access to one parsed YAML mapping that reports every problem with its line."""
from __future__ import annotations

import re
from typing import Any

from courses.errors import Reporter
from courses.yamlsrc import YList, YMap

SLUG_RE = re.compile(r"^[a-z0-9-]{2,60}$")
ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,30}$")

_MISSING = object()


def is_slug(value: Any) -> bool:
    """True for a lowercase ASCII slug `[a-z0-9-]`, 2–60 characters."""
    return isinstance(value, str) and bool(SLUG_RE.match(value))


class Fields:
    """Reads keys of one mapping; `done()` reports keys nobody asked for."""

    def __init__(self, reporter: Reporter, value: Any, what: str, line: int = 1):
        self.r = reporter
        self.what = what
        self.ok = isinstance(value, dict)
        if not self.ok:
            reporter.error(getattr(value, "line", line), f"{what}: expected a mapping of keys")
            value = YMap()
            value.line, value.lines = line, {}
        self.m: YMap = value
        self.line = getattr(value, "line", line)
        self.seen: set[Any] = set()
        self.bad = reporter.count

    @property
    def failed(self) -> bool:
        """True if any error was reported since this mapping was opened."""
        return self.r.count > self.bad

    def key_line(self, key: str) -> int:
        """Line of `key`, or of the mapping when the key is absent."""
        return self.m.lines.get(key, self.line)

    def error(self, key: str, message: str) -> None:
        """Report an error at `key`."""
        self.r.error(self.key_line(key), f"{self.what}: {message}")

    def raw(self, key: str, required: bool = True) -> Any:
        """The value of `key` unchecked; reports it missing if required."""
        self.seen.add(key)
        value = self.m.get(key, _MISSING)
        if value is None and required:
            self.error(key, f"'{key}' is empty")
        elif value is _MISSING and required and self.ok:
            # Not a mapping at all: that one error is enough, skip a missing-key flood.
            self.r.error(self.line, f"{self.what}: missing required key '{key}'")
        return None if value is _MISSING else value

    def text(self, key: str, required: bool = True) -> str | None:
        """A non-empty string."""
        value = self.raw(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(key, f"'{key}' must be a non-empty text")
            return None
        return value.strip()

    def slug(self, key: str, required: bool = True) -> str | None:
        """A slug `[a-z0-9-]`, 2–60 characters."""
        value = self.raw(key, required)
        if value is None:
            return None
        if not is_slug(value):
            self.error(key, f"'{key}' must be a slug of a-z, 0-9 and '-', 2–60 characters (got {value!r})")
            return None
        return value

    def ident(self, key: str = "id") -> str | None:
        """A short id (letters, digits, '_' or '-'); YAML true/false become "true"/"false"."""
        value = self.raw(key)
        if isinstance(value, bool):
            value = "true" if value else "false"
        if value is None:
            return None
        if not isinstance(value, str) or not ID_RE.match(value):
            self.error(key, f"'{key}' must be a short id of letters, digits, '_' or '-' (got {value!r})")
            return None
        return value

    def integer(self, key: str, lo: int, hi: int, required: bool = True) -> int | None:
        """An integer in [lo, hi]."""
        value = self.raw(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(key, f"'{key}' must be a whole number (got {value!r})")
            return None
        if not lo <= value <= hi:
            self.error(key, f"'{key}' must be between {lo} and {hi} (got {value})")
            return None
        return value

    def boolean(self, key: str, required: bool = True) -> bool | None:
        """true or false."""
        value = self.raw(key, required)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.error(key, f"'{key}' must be true or false (got {value!r})")
            return None
        return value

    def items(self, key: str, lo: int, hi: int, required: bool = True) -> YList | None:
        """A list with lo..hi items."""
        value = self.raw(key, required)
        if value is None:
            return None
        if not isinstance(value, list):
            self.error(key, f"'{key}' must be a list")
            return None
        if not lo <= len(value) <= hi:
            self.error(key, f"'{key}' must have {lo}–{hi} items (got {len(value)})")
        return value

    def texts(self, key: str, lo: int, hi: int, required: bool = True) -> tuple[str, ...] | None:
        """A list of lo..hi non-empty strings."""
        value = self.items(key, lo, hi, required)
        if value is None:
            return None
        result = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.r.error(value.lines[i], f"{self.what}: every item of '{key}' must be a text")
            else:
                result.append(item.strip())
        return tuple(result)

    def slugs(self, key: str, lo: int, hi: int) -> list[tuple[str, int]]:
        """A list of unique slugs with their lines."""
        value = self.items(key, lo, hi)
        result: list[tuple[str, int]] = []
        seen: set[str] = set()
        for i, item in enumerate(value or []):
            line = value.lines[i]
            if not is_slug(item):
                self.r.error(line, f"{self.what}: '{key}' item {item!r} is not a valid slug")
            elif item in seen:
                self.r.error(line, f"{self.what}: '{key}' lists '{item}' twice")
            else:
                seen.add(item)
                result.append((item, line))
        return result

    def mapping(self, key: str, required: bool = True) -> YMap | None:
        """A nested mapping."""
        value = self.raw(key, required)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.error(key, f"'{key}' must be a mapping of keys")
            return None
        return value

    def sub(self, key: str, what: str | None = None, required: bool = True) -> Fields | None:
        """Fields of a nested mapping, or None if it is missing or not a mapping."""
        value = self.mapping(key, required)
        if value is None:
            return None
        nested = Fields(self.r, value, what or key, self.key_line(key))
        nested.line = self.key_line(key)  # report missing keys at the parent key, not inside
        return nested

    def done(self) -> None:
        """Report every key that is not part of this mapping's format."""
        if not self.ok:
            return
        allowed = sorted(str(k) for k in self.seen)
        for key in self.m:
            if key not in self.seen:
                self.r.error(
                    self.m.lines[key],
                    f"{self.what}: unknown key '{key}' (allowed: {', '.join(allowed)})",
                )
