"""Detectors for concrete facts (origin, spec, freshness, storage, shipping, price, numbers)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from tutor.rules.base import Document
from tutor.rules.category import freshness_applies
from tutor.rules.lexicon import DATA, load_words
from tutor.text import PhraseSet

INFO_ITEMS = ("origin", "spec", "freshness", "storage", "shipping", "price")
ITEMS_ZH_EN = {"origin": ("产地", "origin"), "spec": ("规格", "spec"), "freshness": ("新鲜度", "freshness"),
               "storage": ("保存方法", "storage"), "shipping": ("发货信息", "shipping"),
               "price": ("价格", "price")}
# A fact is (field name, start, end) in the original text of that field.
Fact = tuple[str, int, int]

# Numbers start only at the start of a digit/numeral run (lookbehind) and digit runs are atomic,
# so a 20,000-digit text costs linear time, not quadratic.
_CN = "零一二两三四五六七八九十百千万半几"
_DIGITS = r"(?<!\d)(?<!\d[.,])(?>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
NUM = rf"(?:{_DIGITS}|(?<![{_CN}])[{_CN}]+)"
_WEIGHT = r"(?:斤|公斤|千克|克|kg|g(?![a-z])|毫升|ml|升|l(?![a-z])|厘米|cm|毫米|mm|米(?!饭|粉|线|酒)|寸|码|尺)"
_COUNT = r"(?:个(?!月|小时|星期|礼拜|工作日)|枚|只|颗|根|条|片|袋|盒|箱|罐|瓶|包(?!邮)|双|粒|头|份|支|串|把|束|卷|桶|扎|坛|盘|提)"
_COUNT_NUM = rf"(?:{_DIGITS}|(?<![{_CN}])(?!一(?![{_CN}]))[零一二两三四五六七八九十百千万]+)"
SPEC_RE = re.compile(
    rf"{NUM}\s?(?:来|多|余|左右)?\s?{_WEIGHT}|{_COUNT_NUM}\s?(?:来|多|余)?\s?{_COUNT}"
    r"|规格|净含量|净重|毛重|果径|单果|尺码|码数|容量|克重|[大中小]果|特级果|一级果")
_WHEN = r"(?:今年|去年|\d{2,4}\s?年|\d{1,2}\s?月|[一二三四五六七八九十]{1,2}月|[春夏秋冬](?:季|天|末|初)?)"
_MAKE = r"(?:采|摘|收|挖|产|制|做|腌|熏|晒|上市|新|酿|杀|宰|加工|生产|烘|炒|打|榨|割|取蜜|摇蜜|取的|摇的)"
_SPAN_UNIT = r"(?:个)?(?:天|日|周|星期|个月|月|年)"
FRESH_RE = re.compile(
    rf"{_WHEN}[^\n。，,；;！!？?]{{0,6}}?{_MAKE}"
    rf"|(?:保存|存放|储存|保鲜|可存|能存|可放|能放|冷藏|冷冻|保质)[^\n。，,；;]{{0,6}}?{NUM}\s?{_SPAN_UNIT}"
    rf"|{NUM}\s?{_SPAN_UNIT}\s?内(?:吃完|食用|喝完|用完|吃)"
    r"|[刚现鲜](?:采|摘|挖|收|打|做|杀|宰|捞|捡|捕|钓|炒|烤|磨|剥|割|榨|蒸|酿)|鲜活|现摘|现挖|现采|现杀|现宰|现做|现炒|现烤|现磨|现剥|现割|鲜摘|新摘|新采|采摘|采收|采挖|采于|收获|收割"
    r"|上市|当季|应季|时令|产季|新米|新茶|新枣|新粉|新货|新麦|新面|树上熟|生产日期|出厂日期|保质期|保鲜期"
    r"|赏味期|明前|雨前|春茶|秋茶|头茬|腌制|熏制|晾晒|风干|当天(?:摘|挖|采|杀|宰|做|打|现)|烘焙|出炉|酿造"
    r"|(?:生产|出厂|包装|加工|制作|烘焙|采摘|捡蛋|灌装|罐装|收获)日期|新鲜度|取蜜|摇蜜|割蜜")
STORAGE_RE = re.compile(
    r"冷藏|冷冻|冻存|常温|阴凉|干燥处|干燥保存|通风|密封|避光|冰箱|保存|储存|存放|贮存|贮藏|储藏|防潮|冷库"
    r"|避免阳光|阳光直射|放置|保鲜|晾干|催熟|开封后|开袋后|拆封后|避免高温|挂在|挂起来")
SHIPPING_RE = re.compile(
    rf"包邮|顺丰|邮政|ems|京东物流|中通|圆通|韵达|申通|极兔|德邦|快递|物流|冷链|发货|发出|配送|运费|到货|送达"
    rf"|直发|现发|次日达|隔日达|江浙沪|偏远地区|邮费|寄出|揽收|即发|当天发|次日发|隔天发|{NUM}(?:天|小时|日)内?发")
PRICE_RE = re.compile(
    rf"[¥$]\s*\d|{NUM}\s*(?:元|块钱|毛钱|块(?={NUM}|[\s，。！!,.、]|$))"
    rf"|(?:价格|售价|价钱|到手价|直播价|活动价|秒杀价|优惠价|特价|原价|定价|券后)[^\n。]{{0,6}}?{NUM}"
    r"|(?:只要|仅需|只需|到手|秒杀|福利|直降|才)\s*\d+(?:\.\d+)?(?!\d|\.\d|\s*(?:天|小时|分钟|个|斤|克|年|月|号|次|单|点|秒))"
    r"|包邮价|福利价")
NUMBER_RE = re.compile(
    rf"{_DIGITS}|(?<![{_CN}])[零一二两三四五六七八九十百千万]+(?=[斤克两个枚只颗根条片袋盒箱罐瓶包双粒头份天年月周日度岁亩元块码米厘毫升公千])")


@lru_cache(maxsize=1)
def _places() -> tuple[PhraseSet, frozenset[str]]:
    """All origin names (places.tsv + regions.yaml) and the two-character sub-provincial ones."""
    names, short = [], set()
    with open(DATA / "places.tsv", encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                name, level = line.rstrip("\n").split("\t")
                names.append(name)
                if len(name) == 2 and level != "province":
                    short.add(name)
    regions = load_words("regions")
    names += regions["regions"] + regions["origin_phrases"]
    return PhraseSet(names), frozenset(short - set(regions["regions"]))


@lru_cache(maxsize=1)
def _border_words() -> frozenset[str]:
    """Frequent words that can straddle a short place name (避开|阳光 around 开阳)."""
    with open(DATA / "border_words.txt", encoding="utf-8") as fh:
        return frozenset(w.strip() for w in fh if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def _origin_not() -> PhraseSet:
    """Phrases containing 产地 or a place name that name no place (产地直发, 开封后)."""
    return PhraseSet(load_words("regions")["origin_not"])


def _straddles_words(text: str, s: int, e: int) -> bool:
    """A two-character name whose halves each end/start a common word: 离开|平台 ≠ 开平."""
    border = _border_words()
    return text[s - 1:s + 1] in border and text[s + 1:e + 1] in border


def _origin(text: str) -> list[tuple[int, int]]:
    """Place names and 产地-type phrases, except 产地直发, 开封后 and cross-word matches."""
    places, short = _places()
    blocked = [(s, e) for s, e, _ in _origin_not().finditer(text)]
    return [(s, e) for s, e, name in places.finditer(text)
            if not any(bs <= s < be for bs, be in blocked)
            and not (name in short and s > 0 and _straddles_words(text, s, e))]


def _regex(pattern: re.Pattern) -> Callable[[str], list[tuple[int, int]]]:
    """A detector from a compiled pattern."""
    return lambda text: [m.span() for m in pattern.finditer(text)]


DETECTORS: dict[str, Callable[[str], list[tuple[int, int]]]] = {
    "origin": _origin,
    "spec": _regex(SPEC_RE),
    "freshness": _regex(FRESH_RE),
    "storage": _regex(STORAGE_RE),
    "shipping": _regex(SHIPPING_RE),
    "price": _regex(PRICE_RE),
    "numbers": _regex(NUMBER_RE),
}


def facts(doc: Document) -> dict[str, list[Fact]]:
    """All detected facts in the document's fields, computed once per document."""
    if "facts" not in doc.cache:
        found: dict[str, list[Fact]] = {name: [] for name in DETECTORS}
        for fld in doc.fields:
            view = fld.normalized.norm
            for name, detect in DETECTORS.items():
                for s, e in detect(view.text):
                    found[name].append((fld.name, *view.span(s, e)))
        doc.cache["facts"] = found
    return doc.cache["facts"]


def concrete_fact_count(doc: Document) -> int:
    """Distinct fact spans across all information detectors (numbers excluded)."""
    spans = {f for name in INFO_ITEMS for f in facts(doc)[name]}
    return len(spans)


def required_info(doc: Document) -> tuple[str, ...]:
    """The brief's required_info, or the kind's default set (no freshness for non-food products)."""
    req = doc.brief.get("required_info")
    if req is None:
        return tuple(r for r in doc.spec.default_required_info
                     if r != "freshness" or freshness_applies(doc))
    return tuple(r for r in req if r in INFO_ITEMS)
