"""`python -m tutor ...` entry point."""

from tutor.cli import main

raise SystemExit(main())
