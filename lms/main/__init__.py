"""Landing redirect, language switch, health check."""
