"""Course content as files, and the loader/validator that turns it into a typed catalog."""
from courses.errors import CatalogError, ContentError
from courses.loader import DEFAULT_ROOT, check_catalog, load_catalog
from courses.markdown import render_lesson_html, render_markdown, sanitize_html
from courses.model import (
    Brief,
    Catalog,
    Course,
    Exemplar,
    Lesson,
    Option,
    Placement,
    PlacementOption,
    PlacementQuestion,
    Question,
    RubricCriterion,
    Task,
    Track,
)
from courses.placement import TrackSuggestion, suggest_track
from courses.quiz import QuizResult, grade_quiz
from courses.summary import catalog_summary

__all__ = [
    "DEFAULT_ROOT", "Brief", "Catalog", "CatalogError", "ContentError", "Course", "Exemplar",
    "Lesson", "Option", "Placement", "PlacementOption", "PlacementQuestion", "Question",
    "QuizResult", "RubricCriterion", "Task", "Track", "TrackSuggestion", "catalog_summary",
    "check_catalog", "grade_quiz", "load_catalog", "render_lesson_html", "render_markdown",
    "sanitize_html", "suggest_track",
]
