"""Each kind of broken content file gives the right message at the right file and line."""
from __future__ import annotations

COURSE = "basic/demo/course.yaml"
LESSON = "basic/demo/demo-two.md"
QUIZ = "basic/demo/tasks/demo-quiz.yaml"
COPY = "basic/demo/tasks/demo-copy.yaml"
REPLY = "basic/demo/tasks/demo-reply.yaml"


def test_yaml_syntax_error(mini):
    mini.edit(COPY, "pass_score: 70", "pass_score: [70")
    errors = mini.errors()
    assert [e[:1] for e in errors] == [(COPY,)]
    assert "YAML syntax error" in errors[0][2]


def test_broken_tracks_yaml_does_not_cascade_into_placement(mini):
    mini.edit("tracks.yaml", "- slug: basic", "- slug: basic\n  oops: [")
    errors = mini.errors()
    assert [e[0] for e in errors] == ["tracks.yaml"], errors


def test_yaml_syntax_error_in_front_matter_counts_the_dashes(mini):
    mini.edit(LESSON, "minutes: 5", "minutes: [5")
    line = mini.line_of(LESSON, "minutes")
    errors = mini.errors()
    assert len(errors) == 1 and errors[0][0] == LESSON and "YAML syntax" in errors[0][2]
    assert line <= errors[0][1] <= line + 1


def test_every_error_is_reported_not_just_the_first(mini):
    mini.edit(COPY, "pass_score: 70", "pass_score: 170")
    mini.edit(REPLY, "hints: [先道歉，再给办法]", "hints: []")
    mini.edit(LESSON, "minutes: 5", "minutes: 0")
    assert {e[0] for e in mini.errors()} == {COPY, REPLY, LESSON}


def test_unknown_key(mini):
    mini.edit(COPY, "pass_score: 70\n", "pass_score: 70\ncolour: red\n")
    mini.assert_error(COPY, mini.line_of(COPY, "colour"), "unknown key 'colour'")


def test_unknown_key_in_nested_mapping(mini):
    mini.edit(COPY, "  product: 赣南脐橙\n", "  product: 赣南脐橙\n  price: 39\n")
    mini.assert_error(COPY, mini.line_of(COPY, "price: 39"), "brief: unknown key 'price'")


def test_missing_field_points_at_the_mapping(mini):
    mini.edit(COURSE, "summary_en: A small course for tests.\n", "")
    mini.assert_error(COURSE, 1, "missing required key 'summary_en'")


def test_missing_field_in_list_item(mini):
    mini.edit(QUIZ, "        explanation: 只写事实。\n", "")
    mini.assert_error(QUIZ, mini.line_of(QUIZ, "- id: b"), "option 2: missing required key 'explanation'")


def test_a_file_that_is_not_a_mapping_gives_one_error(mini):
    mini.write(COURSE, "just a sentence\n")
    assert mini.errors() == [(COURSE, 1, "course.yaml: expected a mapping of keys")]


def test_empty_value_is_reported_at_its_key(mini):
    mini.edit(COPY, "pass_score: 70", "pass_score:")
    mini.assert_error(COPY, mini.line_of(COPY, "pass_score"), "'pass_score' is empty")


def test_wrong_type(mini):
    mini.edit(QUIZ, "pass_score: 60", "pass_score: sixty")
    mini.assert_error(QUIZ, mini.line_of(QUIZ, "pass_score"), "'pass_score' must be a whole number")
    mini.edit(COPY, "hints: [先写产地和规格]", "hints: 先写产地和规格")
    mini.assert_error(COPY, mini.line_of(COPY, "hints"), "'hints' must be a list")


def test_bad_slug(mini):
    mini.edit(COURSE, "demo-two,", "Demo_Two,")
    mini.assert_error(COURSE, mini.line_of(COURSE, "lessons:"), "'Demo_Two' is not a valid slug")


def test_duplicate_yaml_key(mini):
    mini.edit(COPY, "pass_score: 70\n", "pass_score: 70\npass_score: 80\n")
    mini.assert_error(COPY, mini.line_of(COPY, "pass_score", 2), "duplicate key 'pass_score'")


def test_duplicate_lesson_and_task_slugs_across_catalog(mini):
    mini.edit("tracks.yaml", "courses: [demo]", "courses: [demo, other]")
    mini.write("basic/other/course.yaml", mini.path(COURSE).read_text().replace(
        "lessons: [demo-one, demo-two, demo-three]", "lessons: [demo-one, other-two, other-three]"))
    for slug in ("one", "two", "three"):
        src = mini.path(f"basic/demo/demo-{slug}.md").read_text()
        mini.write(f"basic/other/{'demo' if slug == 'one' else 'other'}-{slug}.md", src)
    mini.write("basic/other/tasks/demo-quiz.yaml", mini.path(QUIZ).read_text())
    mini.write("basic/other/tasks/demo-copy.yaml", mini.path(COPY).read_text())
    mini.write("basic/other/tasks/demo-reply.yaml", mini.path(REPLY).read_text())
    mini.assert_error("basic/other/demo-one.md", 1, "lesson slug 'demo-one' is already used by basic/demo/demo-one.md")
    mini.assert_error("basic/other/tasks/demo-quiz.yaml", 1, "task slug 'demo-quiz' is already used")


def test_course_folder_not_listed(mini):
    mini.write("basic/extra/course.yaml", "title: x\n")
    mini.assert_error("basic/extra/course.yaml", 1, "course folder 'extra' is not listed in tracks.yaml")


def test_track_folder_not_listed(mini):
    mini.write("advanced/x/course.yaml", "title: x\n")
    mini.assert_error("advanced", 1, "track folder 'advanced' is not listed")


def test_stray_files_outside_course_folders(mini):
    mini.write("basic/notes.md", "# notes\n")
    mini.write("extra.yaml", "a: 1\n")
    mini.write("basic/demo/tasks/demo-extra.yml", "kind: quiz\n")
    mini.assert_error("basic/notes.md", 1, "unexpected file in a track folder")
    mini.assert_error("extra.yaml", 1, "unexpected file in the content root")
    mini.assert_error("basic/demo/tasks/demo-extra.yml", 1, "unexpected file: task files end in .yaml")


def test_course_listed_but_missing(mini):
    mini.edit("tracks.yaml", "courses: []", "courses: [ghost]")
    mini.assert_error("tracks.yaml", 12, "course 'ghost' is listed but livestream/ghost/course.yaml is missing")


def test_lesson_listed_but_missing_and_file_not_listed(mini):
    mini.path("basic/demo/demo-three.md").rename(mini.path("basic/demo/demo-3.md"))
    mini.assert_error(COURSE, 5, "lesson 'demo-three' is listed but basic/demo/demo-three.md is missing")
    mini.assert_error("basic/demo/demo-3.md", 1, "lesson file is not listed in course.yaml")


def test_task_listed_but_missing_and_file_not_listed(mini):
    mini.path(REPLY).rename(mini.path("basic/demo/tasks/reply.yaml"))
    mini.assert_error(COURSE, 6, "task 'demo-reply' is listed but basic/demo/tasks/demo-reply.yaml is missing")
    mini.assert_error("basic/demo/tasks/reply.yaml", 1, "task file is not listed in course.yaml")


def test_too_few_lessons(mini):
    mini.edit(COURSE, "lessons: [demo-one, demo-two, demo-three]", "lessons: [demo-one, demo-two]")
    mini.assert_error(COURSE, 5, "'lessons' must have 3–12 items (got 2)")


def test_broken_lesson_and_task_links(mini):
    rel = "basic/demo/demo-one.md"
    mini.edit(rel, "(lesson:demo-two)", "(lesson:nowhere)")
    mini.edit(rel, "(task:demo-copy)", "(task:no-task)")
    line = mini.line_of(rel, "lesson:nowhere")
    mini.assert_error(rel, line, "broken link 'lesson:nowhere': no such lesson")
    mini.assert_error(rel, line, "broken link 'task:no-task': no such task")


def test_link_line_inside_a_multiline_paragraph(mini):
    mini.edit(LESSON, "记住：价格不要比成本低，", "记住：价格不要比成本低，\n见[这里](lesson:gone)。\n")
    mini.assert_error(LESSON, mini.line_of(LESSON, "lesson:gone"), "broken link 'lesson:gone'")


def test_other_link_schemes_and_raw_html(mini):
    mini.edit(LESSON, "记住：", "记住：[点我](ftp://x.y/z) <b>粗</b>")
    line = mini.line_of(LESSON, "ftp://")
    mini.assert_error(LESSON, line, "link 'ftp://x.y/z' must be http(s)")
    mini.assert_error(LESSON, line, "raw HTML is not allowed")


def test_broken_link_in_a_task_brief(mini):
    mini.edit(REPLY, "  text: 买家收到的橙子坏了三个，请你回复。\n",
              "  text: |\n    买家收到的橙子坏了三个。\n    先读[这一课](lesson:demo-nine)再回复。\n")
    mini.assert_error(REPLY, mini.line_of(REPLY, "demo-nine"), "broken link 'lesson:demo-nine'")


def test_task_lesson_key_pointing_nowhere(mini):
    mini.edit(QUIZ, "lesson: demo-one", "lesson: demo-zero")
    mini.assert_error(QUIZ, 4, "'lesson: demo-zero' names no existing lesson")


def test_rubric_weights_must_add_to_100(mini):
    mini.edit(COPY, "weight: 40", "weight: 45")
    mini.assert_error(COPY, mini.line_of(COPY, "rubric:"), "rubric weights must add up to 100 (they add up to 105)")


def test_rubric_id_invalid_for_kind(mini):
    mini.edit(REPLY, "- id: empathy", "- id: title")
    mini.assert_error(REPLY, mini.line_of(REPLY, "id: title"), "rubric id 'title' is not valid for reply tasks")


def test_rubric_missing_level(mini):
    mini.edit(REPLY, "levels: {full: 先道歉。, partial: 语气生硬。, none: 没有道歉。}",
              "levels: {full: 先道歉。, none: 没有道歉。}")
    mini.assert_error(REPLY, mini.line_of(REPLY, "full: 先道歉"), "missing required key 'partial'")


def test_single_choice_needs_exactly_one_correct(mini):
    mini.edit(QUIZ, "        correct: false\n        explanation: “全网最甜”", "        correct: true\n        explanation: “全网最甜”")
    mini.assert_error(QUIZ, mini.line_of(QUIZ, "options:"), "single question needs exactly one correct option (has 2)")


def test_truefalse_needs_exactly_one_correct(mini):
    mini.edit(QUIZ, "        correct: false\n        explanation: 生鲜可以", "        correct: true\n        explanation: 生鲜可以")
    mini.assert_error(QUIZ, mini.line_of(QUIZ, "options:", 3), "truefalse question needs exactly one correct option")


def test_multiple_choice_needs_a_correct_option(mini):
    mini.edit(QUIZ, "        text: 产地\n        correct: true", "        text: 产地\n        correct: false")
    mini.edit(QUIZ, "        text: 规格\n        correct: true", "        text: 规格\n        correct: false")
    mini.assert_error(QUIZ, mini.line_of(QUIZ, "options:", 2), "multiple question needs at least one correct option")


def test_missing_option_explanation(mini):
    mini.edit(QUIZ, "        explanation: 不能引导到平台外。\n", "")
    mini.assert_error(QUIZ, mini.line_of(QUIZ, "id: c"), "missing required key 'explanation'")


def test_duplicate_question_and_option_ids(mini):
    mini.edit(QUIZ, "  - id: q2", "  - id: q1")
    mini.edit(QUIZ, "      - id: c", "      - id: a")
    mini.assert_error(QUIZ, mini.line_of(QUIZ, "id: q1", 2), "duplicate question id 'q1'")
    mini.assert_error(QUIZ, mini.line_of(QUIZ, "id: a", 3), "duplicate option id 'a'")


def test_quiz_must_not_have_a_rubric(mini):
    mini.edit(QUIZ, "hints:", "rubric: []\nhints:")
    mini.assert_error(QUIZ, mini.line_of(QUIZ, "rubric"), "quiz task: unknown key 'rubric'")


def test_unknown_required_info_name(mini):
    mini.edit(COPY, "shipping]", "delivery]")
    mini.assert_error(COPY, mini.line_of(COPY, "required_info"), "unknown required_info name 'delivery'")


def test_copy_needs_product_and_three_facts(mini):
    mini.edit(COPY, "  product: 赣南脐橙\n", "")
    mini.edit(COPY, "    - 发货：顺丰，48小时内发\n", "")
    mini.assert_error(COPY, mini.line_of(COPY, "brief:"), "brief: missing required key 'product'")
    mini.assert_error(COPY, mini.line_of(COPY, "facts:"), "'facts' must have 3–20 items (got 2)")


def test_reply_needs_message_and_exemplar_text(mini):
    mini.edit(REPLY, "  message: 我买的橙子坏了三个！\n", "")
    mini.edit(REPLY, "  text: 非常抱歉", "  body: 非常抱歉")
    mini.assert_error(REPLY, mini.line_of(REPLY, "brief:"), "missing required key 'message'")
    mini.assert_error(REPLY, mini.line_of(REPLY, "exemplar:"), "exemplar: missing required key 'text'")
    mini.assert_error(REPLY, mini.line_of(REPLY, "body: 非常抱歉"), "exemplar: unknown key 'body'")


def test_unknown_task_kind(mini):
    mini.edit(COPY, "kind: copy", "kind: essay")
    errors = mini.errors()
    assert errors == [(COPY, 1, "task: 'kind' must be one of quiz, copy, reply, livestream (got 'essay')")]


def test_lesson_too_short(mini):
    text = mini.path(LESSON).read_text()
    head, body = text.split("---\n", 2)[1], "## 例子：太短\n\n只有一句话。\n"
    mini.write(LESSON, f"---\n{head}---\n{body}")
    mini.assert_error(LESSON, 9, "lesson body has 11 characters; it must have 400–1200")


def test_lesson_too_long(mini):
    mini.edit(LESSON, "## 怎么开始", "## 怎么开始\n\n" + "很长的一段话。" * 120)
    errors = [e for e in mini.errors() if "characters" in e[2]]
    assert len(errors) == 1 and errors[0][:2] == (LESSON, 9)


def test_lesson_without_example_heading(mini):
    mini.edit(LESSON, "## 例子：王姐卖脐橙", "## 王姐卖脐橙")
    mini.assert_error(LESSON, 9, "worked example: a heading that starts with '例子'")


def test_lesson_without_front_matter(mini):
    mini.write(LESSON, "# 标题\n\n正文\n")
    mini.assert_error(LESSON, 1, "must start with YAML front matter")


def test_lesson_missing_key_points(mini):
    mini.edit(LESSON, "key_points:\n  - 先想清楚卖什么。\n  - 写清楚比说好听的话管用。\n", "")
    mini.assert_error(LESSON, 2, "front matter: missing required key 'key_points'")


def test_lesson_too_few_key_points(mini):
    mini.edit(LESSON, "  - 写清楚比说好听的话管用。\n", "")
    mini.assert_error(LESSON, 5, "'key_points' must have 2–6 items (got 1)")


def test_placement_points_to_unknown_track(mini):
    mini.edit("placement.yaml", "points: {basic: 2}", "points: {basics: 2}")
    mini.assert_error("placement.yaml", 8, "unknown track 'basics'")


def test_placement_needs_explanation_for_every_track(mini):
    mini.edit("placement.yaml", "  livestream: 你可以开始直播了。\n", "")
    mini.assert_error("placement.yaml", mini.line_of("placement.yaml", "explanations"),
                      "missing required key 'livestream'")


def test_placement_missing(mini):
    mini.path("placement.yaml").unlink()
    assert mini.errors() == [("placement.yaml", 1, "placement.yaml is missing")]


def test_a_multiple_choice_marker_typed_into_a_prompt_is_an_error(mini):
    """The quiz page adds （多选） to multiple questions; typed in as well, learners saw it twice."""
    mini.edit(QUIZ, "prompt: 详情页要写哪些？", "prompt: 详情页要写哪些？（多选）")
    mini.assert_error(QUIZ, mini.line_of(QUIZ, "详情页要写哪些"), "remove '（多选）' from the prompt")
