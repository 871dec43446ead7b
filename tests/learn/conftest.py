"""Learner-page tests read English msgids; the shared fixtures are in tests/conftest.py."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def english(client):
    """Assert on English msgids; the Chinese catalog is checked by its own test."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
