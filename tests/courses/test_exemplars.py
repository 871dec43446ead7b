"""Every model answer in the shipped catalog passes its own task and invents nothing.

A learner sees the exemplar after passing or after three attempts, and copies its habits. So for
every copy, reply and livestream task in `courses/content`:

(a) the exemplar, critiqued exactly as a learner's submission is (the rule critic with the task's
    rubric weights, pass score and brief, built the way `lms/services/tutoring.py` builds them),
    scores at least the task's pass score with no error finding;
(b) the exemplar uses only facts the brief gives (its text, product, facts and buyer message):
    - every number with a unit ("500g", "48 小时", "39.9 元", "1,100 米", "6 月 30 日", "19:30");
      a range "80–85 毫米" counts as 80 毫米 and 85 毫米; 克/g, 公斤/kg, 毫米/mm, ℃/度 are the
      same unit. A figure the exemplar works out (two boxes cost 256 元) must be in the brief too.
      Numbers without a unit ("扣 1") and Chinese numerals ("两袋") are not checked.
    - every place name: province and region names (PLACES), and every word ending in an
      administrative suffix (省 市 县 区 州 镇 乡 村): the one or two characters before the suffix
      must appear in the brief. Ordinary words that end or start with those characters (城市,
      山区, 乡亲, 县城…) are listed in NOT_PLACES / NOT_PLACE_STARTS.
    - every certification, licence, award or authorisation word (CLAIMS); if the brief mentions
      one only as absent ("没有有机认证"), the exemplar may only mention it as absent too.
A failure names the task and the offending fact.
"""

from __future__ import annotations

import json
import re

import pytest

from courses import CatalogError, load_catalog
from courses.model import Task

tutor = pytest.importorskip("tutor")

# --- numbers with units -------------------------------------------------------------------------

# Longest spellings first so that 公斤 is not read as 斤, 小时 not as 时.
UNITS = {
    "小时": "小时", "分钟": "分钟", "毫米": "mm", "毫升": "ml", "公斤": "kg", "千克": "kg",
    "厘米": "cm", "周岁": "岁", "kg": "kg", "mm": "mm", "ml": "ml", "cm": "cm", "g": "g",
    "克": "g", "斤": "斤", "两": "两", "米": "m", "元": "元", "块": "元", "个": "个", "枚": "枚",
    "颗": "颗", "只": "只", "箱": "箱", "袋": "袋", "瓶": "瓶", "包": "包", "盒": "盒", "罐": "罐",
    "份": "份", "单": "单", "锅": "锅", "口": "口", "户": "户", "人": "人", "位": "人", "名": "人",
    "亩": "亩", "岁": "岁", "年": "年", "月": "月", "日": "日", "号": "日", "天": "天", "秒": "秒",
    "点": "点", "周": "周", "%": "%", "℃": "度", "度": "度", "层": "层", "格": "格", "次": "次",
    "轮": "轮", "条": "条", "张": "张", "棵": "棵", "株": "株", "批": "批",
}
_NUM = r"\d+(?:\.\d+)?"
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
QUANTITY = re.compile(rf"({_NUM}(?:\s*(?:–|—|-|~|～|到|至)\s*{_NUM})*)\s*({_UNIT})")
CLOCK = re.compile(r"\b(\d{1,2}):(\d{2})\b")
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def _normalise(text: str) -> str:
    text = text.translate(str.maketrans("０１２３４５６７８９．：％", "0123456789.:%"))
    return THOUSANDS.sub("", text)


def quantities(text: str) -> set[tuple[str, str]]:
    """(value, unit) pairs of every number with a unit, and ("hh:mm", "clock") times."""
    text = _normalise(text)
    found = {(f"{int(h)}:{m}", "clock") for h, m in CLOCK.findall(text)}
    text = CLOCK.sub(" ", text)
    for numbers, unit in QUANTITY.findall(text):
        for number in re.findall(_NUM, numbers):
            found.add((str(float(number)).removesuffix(".0"), UNITS[unit]))
    return found


# --- place names -------------------------------------------------------------------------------

PLACES = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州",
    "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港",
    "澳门", "江浙沪", "珠三角", "长三角", "东北", "华北", "西北", "西南", "秦岭", "赣南", "哈尔滨",
)
ADMIN_SUFFIX = "省市县区州镇乡村"
ADMIN_MARK = "@"   # marks a suffix word among the found names
# Two-character words ending in an administrative suffix that are not place names.
NOT_PLACES = frozenset(["城市", "超市", "集市", "上市", "门市", "夜市", "全市", "本市", "市区", "山区", "地区", "小区", "社区", "产区", "园区", "景区", "城区", "厂区", "误区", "专区", "分区", "展区", "库区", "农村", "乡村", "山村", "全村", "本村", "同村", "邻村", "家乡", "老乡", "城乡", "下乡", "返乡", "回乡", "城镇", "乡镇", "全县", "本县", "外县", "各县", "州县", "市县", "全区", "本区", "各区", "苏州", "杭州", "广州", "神州", "各村", "进村", "论区", "们村"])
# Words that start with an administrative suffix character: there it is not a suffix.
NOT_PLACE_STARTS = frozenset(["市场", "市监", "市面", "市民", "市值", "县城", "县里", "县上", "县级", "区别", "区域", "区分", "镇上", "镇里", "乡亲", "乡下", "乡里", "乡镇", "乡村", "村里", "村子", "村民", "村口", "村委", "村上", "村头", "村级", "省级", "省里", "省钱", "省下", "省事", "省得", "省了", "省去", "区间", "州里"])


def place_names(text: str) -> set[str]:
    """Place names in a text: known region names, and words ending in an administrative suffix
    (returned with the two characters before the suffix, e.g. "沅陵县")."""
    found = {p for p in PLACES if p in text}
    for i, ch in enumerate(text):
        if ch not in ADMIN_SUFFIX or i == 0:
            continue
        if text[i - 1:i + 1] in NOT_PLACES or text[i:i + 2] in NOT_PLACE_STARTS:
            continue
        if not ("\u4e00" <= text[i - 1] <= "\u9fff"):
            continue
        found.add(ADMIN_MARK + text[max(0, i - 2):i + 1])
    return found


def _place_in(place: str, source: str) -> bool:
    """A region name must appear as is; for "沅陵县" the brief must have "沅陵" (it may spell
    the suffix or not) or, for one-character names like "眉县", "眉县" itself."""
    if not place.startswith(ADMIN_MARK):
        return place in source
    word = place.removeprefix(ADMIN_MARK)
    return word[:-1] in source or word[-2:] in source


# --- certifications, licences, awards -----------------------------------------------------------

CLAIMS = (
    "有机", "绿色食品", "地理标志", "地标产品", "非遗", "非物质文化遗产", "传承人", "名录", "获奖",
    "金奖", "银奖", "大奖", "奖项", "评比", "认证", "证书", "许可证", "生产许可", "SC", "检测",
    "检疫", "定点屠宰", "合格证", "溯源码", "老字号", "无公害", "富硒", "原产地", "国家级", "省级",
    "专利", "商标", "®", "授权", "蓝帽子", "保健食品", "示范", "有证",
)
NEGATION = re.compile(r"(没有|没|无|未|不是|不)[^，。；\n]{0,4}$")


def _mentions(term: str, text: str) -> tuple[bool, bool]:
    """(mentioned as present, mentioned as absent) for a claim word in a text."""
    present = absent = False
    for match in re.finditer(re.escape(term), text, re.IGNORECASE):
        if NEGATION.search(text[max(0, match.start() - 8):match.start()]):
            absent = True
        else:
            present = True
    return present, absent


def invented_claims(exemplar: str, brief: str) -> list[str]:
    """Claim words the exemplar uses that the brief does not give (or gives only as absent)."""
    problems = []
    for term in CLAIMS:
        ex_present, ex_absent = _mentions(term, exemplar)
        br_present, br_absent = _mentions(term, brief)
        if ex_present and not br_present or ex_absent and not (br_present or br_absent):
            problems.append(term)
    return problems


# --- the catalog ---------------------------------------------------------------------------------

try:
    CATALOG, LOAD_ERROR = load_catalog(), None
except CatalogError as error:   # reported by one test below instead of breaking collection
    CATALOG, LOAD_ERROR = None, error
WRITTEN = [t for t in CATALOG.tasks.values() if t.kind != "quiz"] if CATALOG else []


def brief_source(task: Task) -> str:
    """Everything the learner is given: the brief's text, product, facts and buyer message."""
    b = task.brief
    return "\n".join(filter(None, [b.text, b.product, *b.facts, b.message]))


def exemplar_source(task: Task) -> str:
    e = task.exemplar
    return "\n".join(filter(None, [e.title, e.body, e.text]))


def _definition(task: Task) -> dict:
    """The task as a TaskVersion stores it: lms.services.catalog.task_definition, as JSON."""
    return json.loads(json.dumps(task.hash_payload()))


def _tutor_brief(definition: dict) -> dict:
    """As lms.services.tutoring.tutor_brief: product, facts, required info, title limit."""
    brief = definition.get("brief") or {}
    return {k: brief[k] for k in ("product", "facts", "required_info", "title_max_bytes")
            if brief.get(k)}


def _payload(task: Task, definition: dict) -> dict:
    """As lms.services.tutoring.payload_for: the learner's fields plus the brief's context."""
    spec = tutor.KIND_SPECS[task.kind]
    written = {"title": task.exemplar.title, "body": task.exemplar.body,
               "reply": task.exemplar.text, "text": task.exemplar.text}
    payload = {k: written[k] for k in spec.input_fields if written.get(k)}
    for key in spec.context_fields:
        if (definition.get("brief") or {}).get(key):
            payload[key] = definition["brief"][key]
    return payload


def test_the_catalog_has_exemplars_to_check():
    assert LOAD_ERROR is None, str(LOAD_ERROR)
    assert len(WRITTEN) >= 15 and all(t.exemplar and t.brief for t in WRITTEN)


def test_the_copies_match_how_the_app_critiques():
    """The brief and payload built here are the ones lms/services/tutoring.py builds."""
    tutoring = pytest.importorskip("lms.services.tutoring")
    for task in WRITTEN:
        definition = _definition(task)
        fields = {k: v for k, v in _payload(task, definition).items()
                  if k in tutor.KIND_SPECS[task.kind].input_fields}
        assert _tutor_brief(definition) == tutoring.tutor_brief(definition), task.slug
        assert _payload(task, definition) == tutoring.payload_for(task.kind, definition, fields), \
            task.slug


@pytest.mark.parametrize("task", WRITTEN, ids=lambda t: t.slug)
def test_exemplar_passes_its_own_task(task):
    definition = _definition(task)
    rubric = [{"id": c["id"], "weight": c["weight"]} for c in definition["rubric"]] or None
    result = tutor.critique(task.kind, _payload(task, definition), _tutor_brief(definition),
                            rubric=rubric, pass_score=definition["pass_score"], locale="zh_CN")
    errors = [f["code"] for f in result["findings"] if f["severity"] == "error"]
    assert not errors, f"{task.slug}: error findings {errors}"
    assert result["passed"] and result["score"] >= task.pass_score, (
        f"{task.slug}: scored {result['score']} < {task.pass_score}: "
        + "; ".join(f["code"] for f in result["findings"]))


@pytest.mark.parametrize("task", WRITTEN, ids=lambda t: t.slug)
def test_exemplar_uses_only_the_briefs_facts(task):
    brief, exemplar = brief_source(task), exemplar_source(task)
    given = quantities(brief)
    numbers = sorted(f"{v} {u}" for v, u in quantities(exemplar) - given)
    places = sorted(p.removeprefix(ADMIN_MARK) for p in place_names(exemplar)
                    if not _place_in(p, _normalise(brief)))
    claims = invented_claims(exemplar, brief)
    assert not (numbers or places or claims), (
        f"{task.slug}: the exemplar states facts its brief does not give — "
        f"numbers {numbers}, places {places}, claims {claims}")


# --- the checker itself --------------------------------------------------------------------------

def test_quantities_read_units_ranges_and_times():
    found = quantities("单果 80–85 毫米，1,100 米，500g，5斤装，6 月 30 日前，19:30 开播，扣 1")
    assert {("80", "mm"), ("85", "mm"), ("1100", "m"), ("500", "g"), ("5", "斤"),
            ("6", "月"), ("30", "日"), ("19:30", "clock")} <= found
    assert not any(v == "1" for v, _ in found)            # "扣 1" has no unit
    assert quantities("500克") == quantities("500 g")


def test_place_names_and_claims_are_caught():
    brief = "产地：湖南省怀化市沅陵县。没有有机认证。"
    assert not [p for p in place_names("我在怀化沅陵县，各位乡亲，县城包邮") if not _place_in(p, brief)]
    assert [p for p in place_names("我在湖南邵阳县") if not _place_in(p, brief)] == ["@邵阳县"]
    assert "新疆" in place_names("新疆发货")
    assert invented_claims("有机土鸡蛋", brief) == ["有机"]
    assert invented_claims("我们没有有机认证", brief) == []
    assert invented_claims("获得金奖", "产地：沅陵") == ["金奖"]


def test_an_invented_fact_fails_the_check():
    brief = "产地：江西省赣州市信丰县\n规格：净重5斤，单果果径75–80mm\n发货：下单后48小时内发货"
    honest = "信丰脐橙 5斤装\n产地：信丰县。单果75-80mm，48 小时内发货。"
    assert not quantities(honest) - quantities(brief)
    assert all(_place_in(p, brief) for p in place_names(honest)) and not invented_claims(honest, brief)
    invented = honest + "荣获 2024 年博览会金奖，宁夏中宁县直发，单果 85mm。"
    assert quantities(invented) - quantities(brief) == {("2024", "年"), ("85", "mm")}
    assert invented_claims(invented, brief) == ["金奖"]
    assert {p for p in place_names(invented) if not _place_in(p, brief)} == {"宁夏", "@中宁县"}
