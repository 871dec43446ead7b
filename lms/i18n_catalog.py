"""Compile the .po catalogs to the .mo files the app reads (`lms i18n compile`)."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def compiled_bytes(po_path: Path) -> bytes:
    """The .mo bytes for one .po file."""
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=po_path.parent.parent.name)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compile_catalogs(folder: str | Path) -> list[Path]:
    """Write every catalog under `folder` whose .mo differs from its .po; returns those written."""
    written = []
    for po_path in sorted(Path(folder).glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        data = compiled_bytes(po_path)
        if mo_path.exists() and mo_path.read_bytes() == data:
            continue
        fd, tmp = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, mo_path)
        written.append(mo_path)
    return written
