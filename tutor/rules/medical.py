"""Medical claims by structure: a treat/prevent verb + a disease or symptom, or a suitability claim.

The diseases and symptoms come from diseases.txt (CMeKG via PyCMeKG, see tutor/data/README.md)
plus the colloquial names in medical_claims.yaml (三高, 上火, 老胃病). What makes a claim is the
structure around the name: 专治/根治/预防/缓解 + name, name + 患者也能放心吃, 适合 + name + 人群,
对 + name + 有好处. A negated verb (不能治疗, 不具有预防…功能) is a disclaimer and stays silent.
"""

from __future__ import annotations

import re
from functools import cache

from tutor.rules.context import clause_after, clause_before, sentence_of
from tutor.rules.lexicon import DATA, load_words
from tutor.text import Normalized, PhraseSet

# Verbs that claim to treat, prevent or relieve what follows them. 治 alone only when it is not
# part of 政治/自治/整治 ….
VERB = re.compile(
    "(?:专治|根治|主治|治疗|治愈|医治|治好|防治|包治|可治|能治|(?<![政自统整法惩救医])治|疗|"
    "预防|防止|防范|防|抗|抵抗|抵御|对抗|远离|告别|摆脱|赶走|消除|缓解|改善|减轻|减少|降低|调理|"
    "调节|辅助治疗|辅助|克服|解决|对付|抑制|杀死|杀灭|清除|修复|不再|不会再|再也不|不会|不易|不容易|不怕|有助于|有利于|"
    "有益于|帮助|帮您|帮你)")
# Words that may stand between the verb and the name: 专治各种老胃病, 缓解孩子的便秘.
MODIFIER = re.compile(
    "(?:各种|多种|一切|所有|顽固性?|慢性|急性|老|久|多年的?|长期的?|常见的?|你的|您的|家人的?|孩子的?|"
    "宝宝的?|小孩的?|老人的?|中老年人?的?|女性的?|男性的?|的|和|及|预防|缓解|改善|治疗|降低|减少|控制|"
    "调理|减轻|消除|解决|患|得|了|我|我的|了我|身上的|体内的){0,4}")
# A verb negated anywhere shortly before it in its clause (不具有预防和治疗…) or by a bare 不/无.
# 注意防止中暑 is advice to the buyer, not a claim about the product.
NEGATION = re.compile("不能|不可|不具|没有|并非|不是|无法|不得|不用于|代替|替代|不作为|不宣称|[不无非勿]$|"
                      "(?:注意|当心|小心|谨防|以免|避免|谨记)$")
# After a name: 糖尿病人也能放心吃, 高血压人群适合, 对失眠有好处.
SUITABLE_AFTER = re.compile(
    "^(?:患者|病人|病友|人群|的人|人士|者|朋友|老人|的朋友|的老人|家庭|一族)?(?:也|都|同样|照样|完全)?"
    "(?:能|可以|可|放心|适合|适用|适宜|首选|必备|专用|福音|推荐|长期|多吃|常吃)"
    "(?:放心|长期|经常|天天|每天|多|常|安心)*(?:吃|喝|食用|饮用|服用|用)?")
SUITABLE_BEFORE = re.compile("(?<!不)(?:适合|适宜|适用于|适用|推荐给|专为|专供|特别适合|非常适合)(?:的)?$")
GOOD_FOR_AFTER = re.compile("^(?:(?:很|也|都)?有(?:一定的?|很大的?|明显的?)?(?:好处|效果|帮助|疗效|改善|益处|作用|奇效)|"
                            "有效|很好|特别好|管用|有用|好)")
# A testimonial that the condition went away: 喝了半个月，胃痛好多了.
CURED_AFTER = re.compile("^(?:的人|患者|病人|的朋友)?(?:吃了|喝了|用了|泡了|吃|喝|用)?(?:以后|之后|后)?"
                         "(?:都|就|也|竟然|居然|明显)?(?:好得快|好得很快|很快就好|好多了|好了很多|好了|全好了|没了|不见了|消失了|减轻了|痊愈|"
                         "好转|缓解了|改善了|降下来了?|降了|稳住了|正常了)")


@cache
def conditions() -> PhraseSet:
    """Disease and symptom names: the CMeKG list plus the colloquial names in the YAML."""
    names = []
    with open(DATA / "diseases.txt", encoding="utf-8") as fh:
        names += [line.strip() for line in fh if line.strip() and not line.startswith("#")]
    names += load_words("medical_claims").get("conditions", [])
    return PhraseSet(names)


# A body function raised or regulated: 增强孩子的抵抗力, 提高免疫力, 改善睡眠质量.
FUNCTION = re.compile(
    "(?:增强|提高|提升|改善|调节|增加|加强|激活|恢复)(?:孩子的?|宝宝的?|老人的?|家人的?|身体的?|人体的?|您的?|你的?|"
    "自身的?|机体的?|的){0,2}(?:免疫力|抵抗力|免疫功能|免疫|记忆力|体质|睡眠质量|骨密度|新陈代谢|代谢|造血功能|性功能|"
    "肝功能|肾功能|视力)")
# Cured later in the same sentence: 咳嗽的时候喝一碗，很快就不咳了; 消化不良，吃这个就好.
CURED_LATER = re.compile(
    "(?:很快|马上|立马|当天|第二天|隔天|[一二三两几0-9]+[天周]|一晚|一次)?就(?:好了|好$|不[咳疼痛痒喘晕]了|通了|消了|"
    "退了|止住了|见效了?|缓解了|舒服了|治好了)")
_SENTENCE_REACH = 24
# English health claims on the compact view (spaces removed): curesinsomnia, helpslowerbloodpressure.
EN_CLAIM = re.compile(
    "(?:cure|treat|heal|prevent|relieve|lower|reduce|fight|boost|strengthen|regulate)s?(?:your|the)?"
    "(?:bloodpressure|bloodsugar|cholesterol|insomnia|diabetes|cancer|arthritis|constipation|coughs?|inflammation|"
    "immunity|immunesystem|hypertension|flu|colds?|gout|anxiety|depression|obesity)")


def _verb_claims(normalized: Normalized, names: PhraseSet) -> list[tuple[int, int]]:
    text = normalized.compact.text
    out = []
    for m in VERB.finditer(text):
        start = MODIFIER.match(text, m.end()).end()
        end = names.match_at(text, start)
        if end is None and start != m.end():
            start, end = m.end(), names.match_at(text, m.end())
        if end is None:
            continue
        out.append((m.start(), end))
    return out


def _name_claims(normalized: Normalized, names: PhraseSet) -> list[tuple[int, int]]:
    text = normalized.compact.text
    out = []
    for s, e, _ in names.finditer(text):
        after = clause_after(normalized, e, 10)
        before = clause_before(normalized, s, 6)
        m = SUITABLE_AFTER.match(after)
        if m and not NEGATION.search(before):
            out.append((s, e + m.end()))
        elif (b := SUITABLE_BEFORE.search(before)) is not None:
            out.append((s - (len(before) - b.start()), e))
        elif before.endswith("对") and GOOD_FOR_AFTER.match(after):
            out.append((s - 1, e + GOOD_FOR_AFTER.match(after).end()))
        elif (c := CURED_AFTER.match(after)) is not None and not NEGATION.search(before):
            out.append((s, e + c.end()))
    return out


# A clause about growing crops names plant diseases (育苗期注意防治猝倒病), not human ones.
FARMING = re.compile("育苗|苗期|病虫害|病害|虫害|植株|叶片|喷施|农药|果树|作物|大棚|田间|打药")


def keep(normalized: Normalized, start: int, end: int) -> bool:
    """False for a negated claim (本品不具有预防和治疗疾病的功能) or a farming clause."""
    if NEGATION.search(clause_before(normalized, start, 8)):
        return False
    return not (FARMING.search(clause_before(normalized, start, 24))
                or FARMING.search(clause_after(normalized, end, 24)))


def _cured_later(normalized: Normalized, names: PhraseSet) -> list[tuple[int, int]]:
    text = normalized.compact.text
    sentences = sentence_of(normalized)
    out = []
    for s, e, _ in names.finditer(text):
        stop = e
        while stop < min(len(text), e + _SENTENCE_REACH) and sentences[stop] == sentences[s]:
            stop += 1
        m = CURED_LATER.search(text[e:stop])
        if m is not None:
            out.append((s, e + m.end()))
    return out


def detect(normalized: Normalized) -> list[tuple[int, int]]:
    """Compact-view spans of disease/symptom claims found by structure."""
    names = conditions()
    text = normalized.compact.text
    out = _verb_claims(normalized, names) + _name_claims(normalized, names) + _cured_later(normalized, names)
    out += [m.span() for p in (FUNCTION, EN_CLAIM) for m in p.finditer(text)]
    return out
