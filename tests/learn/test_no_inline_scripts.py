"""Every learner page works under a Content-Security-Policy of script-src 'self': no inline
<script> body, no on*= handler, no javascript: link — behaviour lives in static files."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tests.conftest import csrf_token, make_learner, sign_in
from tests.helpers import GOOD_COPY, form_post, submit

LINK_RE = re.compile(r'href="(/learn/(?:tracks|courses|lessons|tasks)/[^"#?]+)"')


class ScriptAudit(HTMLParser):
    """Collects what a script-src 'self' policy would block."""

    def __init__(self) -> None:
        super().__init__()
        self.blocked: list[str] = []
        self.sources: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.blocked.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower() \
                    .startswith("javascript:"):
                self.blocked.append(f"<{tag} {name}={value}>")
        if tag == "script":
            self._in_script = True
            src = dict(attrs).get("src")
            if src:
                self.sources.append(src)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.blocked.append(f"<script>{data.strip()[:60]}</script>")


def audit(client, url: str) -> ScriptAudit:
    response = client.get(url)
    assert response.status_code == 200, url
    checker = ScriptAudit()
    checker.feed(response.get_data(as_text=True))
    return checker


def learner_pages(client, catalog) -> list[str]:
    """One page of each kind a learner sees: home, placement, track, course, lesson, a task of
    every kind, a quiz result, a feedback page and the account pages."""
    quiz = next(t for t in catalog.tasks.values() if t.kind == "quiz")
    answers = {f"q-{q.id}": [o.id for o in q.options if o.correct] for q in quiz.questions}
    quiz_result = form_post(client, f"/learn/tasks/{quiz.slug}/quiz",
                            {"nonce": "n-1", "version": _version(quiz.slug), **answers},
                            f"/learn/tasks/{quiz.slug}").location
    copy = next(t for t in catalog.tasks.values() if t.kind == "copy")
    feedback = submit(client, copy.slug, GOOD_COPY).location
    pages = ["/learn/", "/learn/placement",
             "/learn/placement/result?" + "&".join(f"p{i}=a" for i in range(1, 11)),
             quiz_result, feedback, "/auth/password"]
    links = {f"/learn/tracks/{track.slug}" for track in catalog.tracks}
    for prefix in ("/learn/tracks/", "/learn/courses/", "/learn/lessons/"):   # followed down
        some = sorted(u for u in links if u.startswith(prefix))[:2]
        pages += some
        for url in some:
            links |= set(LINK_RE.findall(client.get(url).get_data(as_text=True)))
    kinds: dict[str, str] = {}
    for task in catalog.tasks.values():
        kinds.setdefault(task.kind, f"/learn/tasks/{task.slug}")
    return pages + sorted(kinds.values())


def _version(slug: str) -> int:
    from tests.helpers import task

    return task(slug).current.id


def test_learner_pages_have_no_inline_script_or_handler(client, real_synced):
    learner = make_learner()
    sign_in(client, learner)
    pages = learner_pages(client, real_synced)
    assert any("/learn/lessons/" in p for p in pages) and len(pages) >= 12, pages
    found, sources = {}, set()
    for url in pages:
        checker = audit(client, url)
        sources |= set(checker.sources)
        if checker.blocked:
            found[url] = checker.blocked
    assert not found, found
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources), sources
    assert any(s.endswith("/speak.js") for s in sources) and any(s.endswith("/quiz.js") for s in sources)


def test_signed_out_pages_have_no_inline_script_or_handler(client):
    csrf_token(client)
    for url in ("/auth/login", "/auth/register"):
        assert audit(client, url).blocked == [], url
