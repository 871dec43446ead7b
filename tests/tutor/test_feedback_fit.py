"""Feedback that fits the learner's product (issue 11, item 5).

Five product types no sample mentions — a rattan basket, Xuanwei ham, goose eggs, camellia oil
and a batik scarf — each with a realistic brief and a weak answer, checked for what the learner
reads: wording for their own product, examples from their own brief, every filler and praise word
marked, a question answered rather than apologised for, blame not counted as empathy, and one
sentence saying why the score is capped.
"""

from __future__ import annotations

import pytest

from tutor import critique

# Words that only fit fresh fruit; a basket, ham, oil or scarf must never be told them.
FRUIT_WORDS = ("现摘", "甜度", "单果", "果园", "坏果", "切面", "果径", "采摘")

BASKET_BRIEF = {
    "product": "藤编收纳篮",
    "facts": ["产地：广西玉林博白县", "材料：本地野生白藤，去皮后手工编织", "规格：直径28厘米、高18厘米，带提手",
              "一个老师傅一天只能编两个", "包装：纸箱加气泡膜，下单后3天内发货，中通包邮"],
}
BASKET = {"title": "手工藤编收纳篮 藤编 藤编篮 藤编",
          "body": "纯手工编织，做工精美，质量很好，结实耐用，放什么都好看，喜欢的亲快下单！"}

HAM_BRIEF = {"product": "宣威火腿", "required_info": ["origin", "spec", "price"],
             "facts": ["产地：云南曲靖宣威市", "规格：整腿约8斤，也有500克切片装", "2024年冬天腌制，自然发酵18个月",
                       "直播价：切片装500克68元"]}
HAM = {"segments": [
    {"start": 0, "end": 6, "text": "嗯，那个，大家好，欢迎来到直播间"},
    {"start": 6, "end": 14, "text": "今天呢给大家带来的是，嗯，我们自己家的火腿"},
    {"start": 14, "end": 22, "text": "呃，这个火腿呢，就是说，那个，味道很好"},
    {"start": 22, "end": 30, "text": "嗯，就是说我们腌了很久，呃，很香"},
    {"start": 37, "end": 44, "text": "嗯，喜欢的话，那个，就拍一下一号链接"}]}

EGG_BRIEF = {"product": "农家鹅蛋", "facts": ["产地：江苏扬州高邮市", "规格：10枚一盒，单枚约130克",
                                            "包装：蛋托加珍珠棉，一枚一格"]}
EGG_QUESTION = "你好，鹅蛋能寄到新疆吗？路上会不会碎？"

OIL_BRIEF = {"product": "山茶油", "facts": ["产地：江西赣州兴国县", "规格：5升一桶", "2025年霜降后采摘茶籽，物理压榨",
                                          "保存：避光阴凉处，开盖后半年内吃完", "顺丰包邮，下单后48小时内发货"]}
OIL = {"title": "江西山茶油 5升桶装", "body": "江西赣州山茶油，降血脂，吃了百分百身体好。5升一桶，自家茶山的茶籽压榨。"}

SCARF_BRIEF = {"product": "苗族蜡染围巾", "facts": ["产地：贵州黔东南丹寨县", "规格：180×60厘米，纯棉"]}
SCARF_COMPLAINT = "收到的蜡染围巾颜色和图片不一样，我想退货"


def learner_reads(result: dict) -> str:
    """Everything the feedback page shows in words: summary, reasons, messages, suggestions."""
    parts = [result["summary"], *(c["reason"] for c in result["criteria"])]
    parts += [f"{f['message']} {f['suggestion']}" for f in result["findings"]]
    return "\n".join(parts)


def of(result: dict, code: str) -> list[dict]:
    return [f for f in result["findings"] if f["code"] == code]


# --- 1. a rattan basket (handicraft, copy) ------------------------------------------------------

def test_basket_is_never_told_fruit_or_freshness_wording():
    result = critique("copy", BASKET, BASKET_BRIEF)
    text = learner_reads(result)
    assert not [w for w in FRUIT_WORDS if w in text], text
    assert not of(result, "info.missing_freshness")          # a basket has no harvest date
    assert "freshness" not in result["metrics"]["required_info"]


def test_basket_examples_come_from_its_own_brief():
    result = critique("copy", BASKET, BASKET_BRIEF)
    assert "广西玉林博白县" in of(result, "info.missing_origin")[0]["suggestion"]
    assert "直径28厘米" in of(result, "info.missing_spec")[0]["suggestion"]
    assert "直径28厘米" in of(result, "style.vague_claims")[0]["suggestion"]
    assert "保养方法" in of(result, "info.missing_storage")[0]["message"]   # not 保存方法 for a basket


def test_basket_freshness_when_the_brief_asks_is_called_making_time():
    brief = {**BASKET_BRIEF, "facts": [], "required_info": ["freshness"]}
    (found,) = of(critique("copy", BASKET, brief), "info.missing_freshness")
    assert "制作时间" in found["message"] and not [w for w in FRUIT_WORDS if w in found["suggestion"]]


def test_a_bamboo_fruit_basket_is_a_basket_not_fruit():
    result = critique("copy", {"body": "竹编水果篮，做工精美，放水果很好看。"}, {"product": "竹编水果篮"})
    assert not of(result, "info.missing_freshness")
    assert not [w for w in FRUIT_WORDS if w in learner_reads(result)]


def test_every_praise_word_and_every_repeat_is_marked():
    result = critique("copy", BASKET, BASKET_BRIEF)
    praise = [f["excerpt"] for f in of(result, "style.vague_claims")]
    assert {"做工精美", "质量很好", "结实", "耐用", "好看"} <= set(praise)
    stuffed = of(result, "title.keyword_stuffing")
    assert len(stuffed) == 4 and {f["excerpt"] for f in stuffed} == {"藤编"}
    assert len({f["start"] for f in stuffed}) == 4
    title = next(c for c in result["criteria"] if c["id"] == "title")
    assert title["score"] == round(title["max"] * 0.5)           # one problem, not four


# --- 2. Xuanwei ham (cured meat, timed livestream) ----------------------------------------------

def test_every_filler_in_the_livestream_is_marked():
    result = critique("livestream", HAM, HAM_BRIEF)
    fillers = of(result, "live.filler_words")
    assert len(fillers) == result["metrics"]["filler_count"] == 11
    assert len({(f["start"], f["end"]) for f in fillers}) == 11
    assert {f["excerpt"] for f in fillers} == {"嗯", "那个", "呃", "就是说"}
    assert all(f["t"] is not None for f in fillers)
    assert "11 个" in fillers[0]["message"]                      # the first one explains
    delivery = next(c for c in result["criteria"] if c["id"] == "delivery")
    assert delivery["reason"].count("口头禅太多") == 1


def test_ham_feedback_speaks_of_ham():
    result = critique("livestream", HAM, HAM_BRIEF)
    text = learner_reads(result)
    assert not [w for w in FRUIT_WORDS if w in text], text
    assert "切片装500克68元" in of(result, "info.missing_price")[0]["suggestion"]
    assert "云南曲靖宣威市" in of(result, "info.missing_origin")[0]["suggestion"]
    (pause,) = of(result, "live.long_pause")
    assert "切一片" in pause["suggestion"] and "水果" not in pause["suggestion"]


# --- 3. goose eggs (a pre-sale question, reply) -------------------------------------------------

def test_a_presale_question_is_not_asked_to_apologise():
    result = critique("reply", {"message": EGG_QUESTION, "reply": "亲，可以寄到新疆，走邮政大约6天到，"
                                "每个鹅蛋都用蛋托加珍珠棉一枚一格装好，路上碎了包赔。"}, EGG_BRIEF)
    assert result["findings"] == [] and result["score"] == 100
    assert result["metrics"]["message_type"] == "question"
    assert "回答了顾客的问题" in learner_reads(result) and "道歉" not in learner_reads(result)


def test_an_apology_is_not_an_answer_to_a_question():
    result = critique("reply", {"message": EGG_QUESTION, "reply": "非常抱歉给您带来不便，我们会尽快处理。"}, EGG_BRIEF)
    (found,) = of(result, "reply.no_solution")
    assert EGG_QUESTION in found["message"]
    assert "新疆" in found["suggestion"] and "蛋托加珍珠棉" in found["suggestion"]
    assert "抱歉" not in found["suggestion"] and not of(result, "reply.no_empathy")


@pytest.mark.parametrize(("message", "reply"), [
    ("这个能寄到新疆吗", "亲，可以寄的，新疆走邮政大约7天到，运费另加10元。"),
    ("腊肉能放多久？", "亲，挂在阴凉通风处能放3个月，真空冷藏能放半年哦。"),
    ("布鞋偏大还是偏小？我平时穿38", "亲，我们的鞋偏大半码，您平时穿38建议拍37.5。"),
    ("请问菜籽油多少钱一桶", "您好，5升一桶89元，今天下单包邮。"),
    ("这个蜂蜜结晶了是假的吗？", "亲，结晶是正常现象，天冷低于14度就会结晶，放温水里就化了，您放心。"),
])
def test_helpful_answers_to_questions_need_no_apology(message, reply):
    result = critique("reply", {"message": message, "reply": reply})
    assert not result["findings"], result["findings"]


def test_sending_a_buyer_to_the_listing_is_not_an_answer():
    result = critique("reply", {"message": "这个能寄到新疆吗", "reply": "亲，自己看详情页。"})
    assert {f["code"] for f in result["findings"]} == {"reply.no_empathy", "reply.no_solution"}
    assert of(result, "reply.no_empathy")[0]["excerpt"] == "自己看详情页"


# --- 4. camellia oil (health claim and guarantee: a capped copy) --------------------------------

def test_capped_score_is_explained_in_one_sentence():
    result = critique("copy", OIL, OIL_BRIEF, pass_score=60)
    assert result["score"] <= 59
    assert "因为有两处违规用语，总分最多 59 分；改掉它们就能拿到更高分。" in result["summary"]
    assert result["summary"].count("总分最多") == 1


def test_cap_sentence_follows_a_lower_pass_score_and_the_language():
    single = {"body": OIL["body"].replace("吃了百分百身体好。", "")}
    result = critique("copy", single, OIL_BRIEF, pass_score=50)
    assert "因为有一处违规用语，总分最多 49 分；改掉它就能拿到更高分。" in result["summary"]
    english = critique("copy", single, OIL_BRIEF, pass_score=50, locale="en")
    assert "Because of one compliance violation, the score is at most 49" in english["summary"]


def test_no_cap_sentence_without_a_compliance_problem():
    clean = {"body": "江西赣州兴国县山茶油，5升一桶，2025年霜降后采摘茶籽物理压榨，避光阴凉处保存，顺丰包邮。"}
    assert "总分最多" not in critique("copy", clean, OIL_BRIEF)["summary"]


def test_oil_is_told_how_oil_is_used_and_what_oil_after_sales_looks_like():
    result = critique("copy", OIL, OIL_BRIEF)
    (medical,) = of(result, "compliance.medical_claim")
    (guarantee,) = of(result, "compliance.guarantee")
    assert "炒菜" in medical["suggestion"] and "膳食纤维" not in medical["suggestion"]
    assert "漏油" in guarantee["suggestion"] and "坏果" not in guarantee["suggestion"]
    assert "霜降后采摘茶籽" in of(result, "info.missing_freshness")[0]["suggestion"]


def test_cured_pork_is_never_told_fruit_weights():
    result = critique("copy", {"body": "全网最好吃的湘西腊肉，2斤装，冬至腌制，阴凉处保存，顺丰包邮。"}, {"product": "腊肉"})
    (absolute,) = of(result, "compliance.absolute_term")
    assert not [w for w in FRUIT_WORDS if w in absolute["suggestion"]], absolute["suggestion"]


# --- 5. a batik scarf (blame-shifting reply to a complaint) -------------------------------------

def test_blame_shifting_is_not_empathy_whatever_it_starts_with():
    result = critique("reply", {"message": SCARF_COMPLAINT,
                                "reply": "行吧亲，要退就退，反正是您自己选错了颜色，详情页写得很清楚。"}, SCARF_BRIEF)
    blame = of(result, "reply.no_empathy")
    assert [f["excerpt"] for f in blame] == ["行吧亲", "要退就退", "反正是您自己选错了颜色", "详情页写得很清楚"]
    assert result["metrics"]["message_type"] == "complaint"
    (remedy,) = of(result, "reply.no_solution")
    assert "退货或换货" in remedy["suggestion"] and "苗族蜡染围巾" in remedy["suggestion"]
    assert "查物流" not in remedy["suggestion"]                  # it is a colour, not a late parcel


def test_an_apology_before_blame_is_still_not_empathy():
    reply = "亲，非常抱歉，反正是您自己选错了颜色，您申请退货吧。"
    result = critique("reply", {"message": SCARF_COMPLAINT, "reply": reply}, SCARF_BRIEF)
    (blame,) = of(result, "reply.no_empathy")
    assert blame["excerpt"] == "反正是您自己选错了颜色"
    assert blame["start"] == reply.index("反正") and blame["end"] == reply.index("，您申请")


def test_a_kind_reply_to_the_same_complaint_passes():
    reply = "给您添麻烦了，图片颜色拍得偏亮是我们没说清楚。您在订单里申请退货，运费我们承担，收到围巾当天给您退款。"
    assert not critique("reply", {"message": SCARF_COMPLAINT, "reply": reply}, SCARF_BRIEF)["findings"]


# --- labelled reply cases (questions and passive-aggressive replies) ----------------------------

def test_labelled_reply_cases_precision_and_recall():
    from pathlib import Path

    from tutor.eval import evaluate, load_cases

    report = evaluate(load_cases(Path(__file__).with_name("reply_cases.jsonl")))
    assert report["cases"] >= 80
    for code in ("reply.no_empathy", "reply.no_solution"):
        c = report["codes"][code]
        assert c["precision"] >= 0.95 and c["recall"] >= 0.95, (code, report["failures"])


# --- the AI tutor's example rewrite --------------------------------------------------------------

def test_an_ai_rewrite_with_fruit_wording_is_not_shown_for_a_basket():
    from tutor.llm.rewrite import rewrite_is_clean

    unfit = "标题：博白藤编收纳篮 直径28厘米\n现摘现发，甜度15度，广西玉林博白县野生白藤手工编织。"
    fit = "标题：博白藤编收纳篮 直径28厘米\n广西玉林博白县野生白藤手工编织，直径28厘米、高18厘米，下单后3天内发货，中通包邮。"
    assert not rewrite_is_clean("copy", unfit, BASKET, BASKET_BRIEF)
    assert rewrite_is_clean("copy", fit, BASKET, BASKET_BRIEF)


def test_fruit_wording_the_learner_used_is_not_held_against_the_rewrite():
    from tutor.llm.rewrite import rewrite_is_clean

    own = {"body": "苹果干，果园自己晒的，500克一袋。"}
    rewrite = "新疆阿克苏苹果干，自家果园的苹果切片晾晒，500克一袋，常温密封保存，中通包邮。"
    assert rewrite_is_clean("copy", rewrite, own, {"product": "苹果干"})
    assert not rewrite_is_clean("copy", rewrite, {"body": "苹果干，500克一袋。"}, {"product": "苹果干"})


def test_the_brief_fact_labelled_for_an_item_is_its_example():
    brief = {"product": "林下散养土鸡蛋", "facts": ["养殖：800 只土鸡在果园里散养", "规格：30 枚装，单枚 45–55 克"]}
    (spec,) = of(critique("copy", {"body": "土鸡蛋，好吃。"}, brief), "info.missing_spec")
    assert "30 枚装，单枚 45–55 克" in spec["suggestion"] and "800" not in spec["suggestion"]
