"""Review caches keyed by content hash: in-memory LRU by default, sqlite on disk optionally."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol


class ReviewCache(Protocol):
    """What LLMCritic needs from a cache; the web app may plug in its own (e.g. Redis)."""

    def get(self, key: str) -> dict | None: ...

    def set(self, key: str, value: dict) -> None: ...


def cache_key(kind: str, payload: Any, brief: Any, model: str, prompt_version: str, locale: str) -> str:
    """Stable sha256 over everything that changes the LLM's answer."""
    blob = json.dumps(
        [kind, payload, brief, model, prompt_version, locale],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class MemoryCache:
    """Thread-safe LRU cache with a bounded number of entries."""

    def __init__(self, max_entries: int = 512):
        self.max_entries = max_entries
        self._items: OrderedDict[str, dict] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        """The cached value, refreshed as most recently used; None on a miss."""
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return json.loads(json.dumps(self._items[key]))

    def set(self, key: str, value: dict) -> None:
        """Store a JSON-ready value, evicting the least recently used beyond the bound."""
        with self._lock:
            self._items[key] = json.loads(json.dumps(value))
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)


class SqliteCache:
    """On-disk cache shared by processes on one machine; entries expire after `ttl` seconds."""

    def __init__(self, path: str | Path, ttl: float = 30 * 86400):
        self.path, self.ttl = str(path), ttl
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS review_cache "
                "(key TEXT PRIMARY KEY, value TEXT NOT NULL, created REAL NOT NULL)"
            )
            db.execute("CREATE INDEX IF NOT EXISTS review_cache_created ON review_cache (created)")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A short-lived connection in a transaction; WAL lets readers and a writer overlap."""
        db = sqlite3.connect(self.path, timeout=10)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            with db:
                yield db
        finally:
            db.close()

    def get(self, key: str) -> dict | None:
        """The cached value if present and fresh."""
        with self._connect() as db:
            row = db.execute(
                "SELECT value FROM review_cache WHERE key = ? AND created > ?",
                (key, time.time() - self.ttl),
            ).fetchone()
        return json.loads(row[0]) if row else None

    def set(self, key: str, value: dict) -> None:
        """Insert or replace one entry, and forget expired ones."""
        now = time.time()
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO review_cache (key, value, created) VALUES (?, ?, ?)",
                (key, json.dumps(value, ensure_ascii=False), now),
            )
            db.execute("DELETE FROM review_cache WHERE created <= ?", (now - self.ttl,))
