"""Every livestream task asks the learner to record it (the tutor then hears pace, pauses and
filler words) and says that typing the script is still accepted (issue 12)."""

from __future__ import annotations

import re

from courses import check_catalog

ASKS_TO_RECORD = re.compile(r"录(音|下来|一段|一遍|视频|好)")
TYPING_ACCEPTED = re.compile(r"打字|打出来|手打|输入")


def test_every_livestream_brief_asks_for_a_recording_and_accepts_typing():
    catalog, errors = check_catalog()
    assert catalog is not None and not errors, errors
    live = [t for t in catalog.tasks.values() if t.kind == "livestream"]
    assert len(live) >= 5
    for task in live:
        assert ASKS_TO_RECORD.search(task.brief.text), f"{task.slug}: the brief never asks to record"
        assert TYPING_ACCEPTED.search(task.brief.text), f"{task.slug}: the brief does not say typing is fine"
