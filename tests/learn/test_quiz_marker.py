"""Every multiple-choice question of the real catalog says （多选） once — and only those do."""

from __future__ import annotations

import re


def test_no_quiz_question_shows_the_multiple_choice_marker_twice(client, real_synced, login_as):
    login_as("learner")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh-CN"
    quizzes = [t for t in real_synced.tasks.values() if t.kind == "quiz"]
    multiple = 0
    for quiz in quizzes:
        html = client.get(f"/learn/tasks/{quiz.slug}").get_data(as_text=True)
        legends = re.findall(r"<legend>(.*?)</legend>", html, re.DOTALL)
        assert len(legends) == len(quiz.questions), quiz.slug
        for question, legend in zip(quiz.questions, legends, strict=True):
            want = 1 if question.type == "multiple" else 0
            assert legend.count("多选") == want, (quiz.slug, question.id, legend)
            multiple += want
    assert multiple >= 18   # the catalog has many; all of them were checked
