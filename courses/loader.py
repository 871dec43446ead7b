"""Load and validate the whole course catalog from `courses/content/`.

`check_catalog(root)` reports every error (file relative to root, 1-based line, message);
`load_catalog(root)` raises `CatalogError` instead. Neither imports Flask or SQLAlchemy.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from courses.errors import CatalogError, ContentError, Reporter
from courses.fields import Fields
from courses.lesson_file import parse_lesson
from courses.markdown import ContentLink
from courses.model import Catalog, Course, Lesson, Placement, Task, Track
from courses.placement import parse_placement
from courses.task_file import parse_task
from courses.yamlsrc import parse_yaml

DEFAULT_ROOT = Path(__file__).resolve().parent / "content"


@dataclass
class _Scan:
    """Everything gathered while walking the files, before cross-checks."""

    root: Path
    errors: list[ContentError] = field(default_factory=list)
    links: list[ContentLink] = field(default_factory=list)
    task_lessons: list[tuple[str, int, str]] = field(default_factory=list)   # file, line, slug
    lesson_files: dict[str, str] = field(default_factory=dict)    # slug -> first file
    task_files: dict[str, str] = field(default_factory=dict)
    course_tracks: dict[str, str] = field(default_factory=dict)   # course slug -> track

    def reporter(self, path: Path) -> Reporter:
        """A reporter for a file under the root."""
        return Reporter(self.rel(path), self.errors)

    def rel(self, path: Path) -> str:
        """Path relative to the content root, with forward slashes."""
        return path.relative_to(self.root).as_posix()

    def read(self, path: Path, reporter: Reporter) -> str | None:
        """File text as UTF-8, or None (reported) if unreadable."""
        try:
            return path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            reporter.error(1, f"cannot read file: {exc}")
            return None


def check_catalog(root: Path | str = DEFAULT_ROOT) -> tuple[Catalog | None, list[ContentError]]:
    """Validate every content file; returns (catalog, []) or (None, every error sorted)."""
    scan = _Scan(Path(root))
    tracks, slugs = _load_tracks(scan)
    placement = _load_placement(scan, slugs)
    _cross_check(scan)
    if scan.errors:
        return None, sorted(set(scan.errors))
    return Catalog(tuple(tracks), placement), []


def load_catalog(root: Path | str = DEFAULT_ROOT) -> Catalog:
    """The validated catalog; raises CatalogError listing every error."""
    catalog, errors = check_catalog(root)
    if errors or catalog is None:
        raise CatalogError(errors)
    return catalog


def _load_tracks(scan: _Scan) -> tuple[list[Track], tuple[str, ...]]:
    """Tracks that loaded cleanly, and every valid track slug (for placement checks)."""
    path = scan.root / "tracks.yaml"
    r = scan.reporter(path)
    if not path.is_file():
        r.error(1, "tracks.yaml is missing")
        return [], ()
    text = scan.read(path, r)
    data = parse_yaml(text, r) if text is not None else None
    if r.count:
        return [], ()
    if not isinstance(data, list) or not data:
        r.error(1, "tracks.yaml must be a non-empty list of tracks")
        return [], ()
    tracks, seen = [], {}
    for i, item in enumerate(data):
        f = Fields(r, item, f"track {i + 1}", data.lines[i])
        slug = f.slug("slug")
        if slug in seen:
            f.error("slug", f"duplicate track slug '{slug}'")
        if slug:
            seen[slug] = None
        title, title_en = f.text("title"), f.text("title_en")
        summary, summary_en = f.text("summary"), f.text("summary_en")
        courses = f.slugs("courses", 0, 20)
        f.done()
        if slug:
            f.what = f"track '{slug}'"
            loaded = _load_courses(scan, slug, courses, f)
            if not f.failed:
                tracks.append(Track(slug, title, title_en, summary, summary_en, loaded))
    _unlisted(scan, scan.root, set(seen), "track folder '{}' is not listed in tracks.yaml")
    return tracks, tuple(seen)


def _load_courses(
    scan: _Scan, track: str, listed: list[tuple[str, int]], f: Fields
) -> tuple[Course, ...]:
    result = []
    for slug, line in listed:
        if slug in scan.course_tracks:
            f.r.error(line, f"course '{slug}' is already listed in track '{scan.course_tracks[slug]}'")
            continue
        scan.course_tracks[slug] = track
        path = scan.root / track / slug / "course.yaml"
        if not path.is_file():
            f.r.error(line, f"course '{slug}' is listed but {scan.rel(path)} is missing")
            continue
        course = _load_course(scan, track, slug, path)
        if course:
            result.append(course)
    _unlisted(
        scan, scan.root / track, {s for s, _ in listed},
        "course folder '{}' is not listed in tracks.yaml under track '" + track + "'",
    )
    return tuple(result)


def _unlisted(scan: _Scan, folder: Path, listed: set, message: str) -> None:
    """Report sub-folders of `folder` that nothing lists."""
    if not folder.is_dir():
        return
    expected = {"tracks.yaml", "placement.yaml"} if folder == scan.root else set()
    for child in sorted(folder.iterdir()):
        if child.name.startswith((".", "_")):
            continue
        if child.is_dir() and child.name not in listed:
            inner = child / "course.yaml"
            target = inner if inner.is_file() else child
            scan.reporter(target).error(1, message.format(child.name))
        elif child.is_file() and child.suffix in (".yaml", ".yml", ".md") and child.name not in expected:
            where = "the content root" if folder == scan.root else "a track folder"
            scan.reporter(child).error(1, f"unexpected file in {where}; see courses/FORMAT.md")


def _load_course(scan: _Scan, track: str, slug: str, path: Path) -> Course | None:
    r = scan.reporter(path)
    text = scan.read(path, r)
    data = parse_yaml(text, r) if text is not None else None
    if r.count:
        return None
    f = Fields(r, data, "course.yaml")
    title, title_en = f.text("title"), f.text("title_en")
    summary, summary_en = f.text("summary"), f.text("summary_en")
    lesson_slugs = f.slugs("lessons", 3, 12)
    task_slugs = f.slugs("tasks", 1, 20)
    f.done()
    folder = path.parent
    lessons = [
        _load_lesson(scan, f, track, slug, s, line, folder / f"{s}.md")
        for s, line in lesson_slugs
    ]
    tasks = [
        _load_task(scan, f, track, slug, s, line, folder / "tasks" / f"{s}.yaml")
        for s, line in task_slugs
    ]
    _stray_files(scan, folder, _listed(f, "lessons", lesson_slugs), _listed(f, "tasks", task_slugs))
    if f.failed or None in lessons or None in tasks:
        return None
    return Course(slug, track, title, title_en, summary, summary_en, tuple(lessons), tuple(tasks))


def _load_lesson(
    scan: _Scan, f: Fields, track: str, course: str, slug: str, line: int, path: Path
) -> Lesson | None:
    if not path.is_file():
        f.r.error(line, f"lesson '{slug}' is listed but {scan.rel(path)} is missing")
        return None
    r = scan.reporter(path)
    if slug in scan.lesson_files:
        r.error(1, f"lesson slug '{slug}' is already used by {scan.lesson_files[slug]}")
    scan.lesson_files.setdefault(slug, r.file)
    text = scan.read(path, r)
    if text is None:
        return None
    lesson, links = parse_lesson(text, r, slug, track, course)
    scan.links.extend(links)
    return lesson if not r.count else None


def _load_task(
    scan: _Scan, f: Fields, track: str, course: str, slug: str, line: int, path: Path
) -> Task | None:
    if not path.is_file():
        f.r.error(line, f"task '{slug}' is listed but {scan.rel(path)} is missing")
        return None
    r = scan.reporter(path)
    if slug in scan.task_files:
        r.error(1, f"task slug '{slug}' is already used by {scan.task_files[slug]}")
    scan.task_files.setdefault(slug, r.file)
    text = scan.read(path, r)
    if text is None:
        return None
    task, lesson_ref, links = parse_task(text, r, slug, track, course)
    if lesson_ref:
        scan.task_lessons.append((r.file, lesson_ref[1], lesson_ref[0]))
    scan.links.extend(links)
    return task if not r.count else None


def _listed(f: Fields, key: str, slugs: list[tuple[str, int]]) -> set[str] | None:
    """The slugs course.yaml lists under `key`, or None if it has no usable list."""
    return {s for s, _ in slugs} if isinstance(f.m.get(key), list) else None


def _stray_files(
    scan: _Scan, folder: Path, lessons: set[str] | None, tasks: set[str] | None
) -> None:
    """Report lesson and task files that course.yaml does not list, and misplaced files."""
    for path in sorted(folder.iterdir()):
        if lessons is not None and path.is_file() and path.suffix == ".md" and path.stem not in lessons:
            scan.reporter(path).error(1, "lesson file is not listed in course.yaml 'lessons'")
        elif path.is_file() and path.suffix in (".yaml", ".yml") and path.name != "course.yaml":
            scan.reporter(path).error(1, "unexpected file: tasks belong in tasks/, lessons are .md")
    task_dir = folder / "tasks"
    if task_dir.is_dir():
        for path in sorted(task_dir.iterdir()):
            if tasks is not None and path.suffix == ".yaml" and path.stem not in tasks:
                scan.reporter(path).error(1, "task file is not listed in course.yaml 'tasks'")
            elif path.is_file() and path.suffix in (".yml", ".md"):
                scan.reporter(path).error(1, "unexpected file: task files end in .yaml")


def _load_placement(scan: _Scan, tracks: tuple[str, ...]) -> Placement | None:
    path = scan.root / "placement.yaml"
    r = scan.reporter(path)
    if not path.is_file():
        r.error(1, "placement.yaml is missing")
        return None
    text = scan.read(path, r)
    return parse_placement(text, r, tracks) if text is not None else None


def _cross_check(scan: _Scan) -> None:
    """Links and `lesson:` keys must point at lessons and tasks that exist."""
    known = {"lesson": scan.lesson_files, "task": scan.task_files}
    for link in scan.links:
        if link.slug not in known[link.kind]:
            Reporter(link.file, scan.errors).error(
                link.line, f"broken link '{link.kind}:{link.slug}': no such {link.kind}"
            )
    for file, line, slug in scan.task_lessons:
        if slug not in scan.lesson_files:
            Reporter(file, scan.errors).error(line, f"'lesson: {slug}' names no existing lesson")


