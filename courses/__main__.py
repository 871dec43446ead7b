"""`python -m courses check [--json] [--root DIR]`: validate the content files."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from courses.loader import DEFAULT_ROOT, check_catalog
from courses.summary import catalog_summary


def main(argv: list[str] | None = None) -> int:
    """Print every error as `file:line: message` (exit 1) or the summary (exit 0)."""
    parser = argparse.ArgumentParser(prog="python -m courses")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate every content file")
    check.add_argument("--json", action="store_true", help="print the catalog summary as JSON")
    check.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="content folder")
    args = parser.parse_args(argv)
    catalog, errors = check_catalog(args.root)
    if errors or catalog is None:
        # Plain mode: one `file:line: message` per line on stdout, like a linter.
        # JSON mode: stdout stays JSON ({"errors": [...]}), the lines go to stderr.
        out = sys.stderr if args.json else sys.stdout
        for error in errors:
            print(error, file=out)
        print(f"{len(errors)} error(s) in {args.root}", file=sys.stderr)
        if args.json:
            payload = [{"file": e.file, "line": e.line, "message": e.message} for e in errors]
            print(json.dumps({"errors": payload}, ensure_ascii=False, indent=2))
        return 1
    if args.json:
        print(json.dumps(catalog_summary(catalog), ensure_ascii=False, indent=2))
    else:
        n_lessons = sum(len(c.lessons) for c in catalog.courses)
        print(f"ok: {len(catalog.tracks)} tracks, {len(catalog.courses)} courses, "
              f"{n_lessons} lessons, {len(catalog.tasks)} tasks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
