"""Absolute terms by grammar: 最 + a word, ranks (排名第1, 全市第①), chart words (销量王), 天花板.

A list cannot hold every 最 + adjective, so the rule reads 最 + whatever follows as a superlative
claim unless the pair is one of a closed set of ordinary words (最近, 最后, 最好 as "had better",
最多/最少/最长 + a quantity, 最低气温 ...). Word lists stay in absolute_terms.yaml.
"""

from __future__ import annotations

import re

from tutor.rules.context import clause_after, clause_before, spans
from tutor.rules.lexicon import _to_compact
from tutor.text import Normalized

_NUM = "0-9一二三两四五六七八九十百千万半几"
# 最X that is always ordinary: time, order, place, "at least".
ALWAYS_ORDINARY = ("近", "后", "初", "迟", "早", "晚", "终", "末", "起码", "中间", "低限度")
# 最 + a place word is ordinary only as a place: 最下层, 最里面, 最前排 (最下饭 is praise).
_PLACE = re.compile("^[上下底里外前左右顶边尾][面边层头端部排格方侧处]")
_FIRST = re.compile("^先(?!进)")  # 最先发货 is order; 最先进 is a claim
# 最X that is ordinary before a quantity, a time or a verb of keeping/sending (最多放一周, 最快明天到).
MEASURE_WORDS = ("多", "少", "长", "短", "快", "慢", "高", "低", "大", "小", "重", "轻", "远")
_QUANTITY_NEXT = re.compile(
    f"^(?:[{_NUM}]|能|可|可以|可达|达到|达|不超过|不过|约|大约|只|只要|也|才|要|需|需要|就|还|还有|剩|只剩|有|"
    f"放|存|保存|储存|冷藏|冷冻|发|发货|送|送达|到|到货|隔天|当天|次日|明天|今天|后天|"
    f"气温|温度|零下|零上|起订|购买|消费|限购|限|每|一次|单次|一单|不要|别|不|等)")
# 最多/最少 + an action verb + a quantity is a count (每箱最多装30枚, 最少买两斤, 最多泡三次).
_VERB_QUANTITY = re.compile(
    f"^(?:能|可以|可|只|只能|要|得)?[装放买卖拍订发寄吃喝用泡煮蒸存冻腌晒摘挖拿带备做炖冲等配送选领抢]"
    f"(?:了|过|上|下|到)?[{_NUM}]")
# 最好 / 最佳 / 最适 as advice or a period ("最好三天内吃完", "最佳赏味期", "最适宜温度").
_BEST_ADVICE = re.compile(
    "^(?:食用|赏味|饮用|采摘|保存|储存|存放|冲泡|口感期|食用期|时间|时期|时机|温度|季节|种植|播种|"
    "采收|上市|收获)")
# 最高的那片, 最甜的这几个: one of the seller's own lot, not a claim over others.
_OWN_LOT = re.compile("^[\u4e00-\u9fff]{1,2}的(?:那|这)(?:一|几|两)?[个只颗粒根条块头斤枚串棵片批箱袋]")
_SIZE_OF_ONE = re.compile(f"^的?(?:也|都)?(?:有|能|可|约|达)?[{_NUM}]|^的?(?:[{_NUM}]?[个只颗粒根条块头斤枚果串棵]|果子|果|那个|那只)[^，。]{{0,3}}?"
                          f"(?:有|能|可|约|达|[{_NUM}])")
_PRAISE_END = re.compile("^(?:$|[的了又还呀啊吧啦哦嘛、得之]|不过|极了|到)")
_HAOCHI = re.compile("^[吃喝用看穿闻卖玩听养](?![完掉光前])")
_HAO_DE_ORDINARY = re.compile("^的(?:办法|方法|吃法|做法|喝法|用法|保存|储存|时候|时间|时机|季节|选择是|建议)")
_QUALITY_BEFORE = re.compile("(?:得|销量|卖得|人气|口碑|品质|质量|口感|味道|效果|回购|好评|评价|颜值)$")

RANK = re.compile(
    "(?:排名|排行|位列|位居|名列|荣获|获评|评为|荣登|登顶|稳居|雄居|勇夺|夺得|斩获|"
    "(?:全国|全省|全市|全县|全区|全镇|全乡|全村|全网|全球|全世界|世界|中国|亚洲|天下|行业|同行|"
    "同类目?|品类|类目|本地|当地|省内|市内|县内|区内|国内|业内|全平台|平台|本县|本市|本省|"
    "镇上|村里|全店|店内|榜单|热销榜|排行榜|销量榜|好评榜)"
    "(?:销量|销售额|排名|排行|人气|口碑|好评|产量|销售)?(?:排名|排行)?)"
    "(?:里|中|内|之中)?(?:排名?|排行|位列|位居|名列)?"
    "第(?:一|1)(?:名|位)?(?![0-9]|次|批|口|天|步|个|眼|时间|件|单|茬|季|年|周|月|期|波|轮|场|站|道|层)")
_FIRST_PLACE = re.compile("第(?:一|1)名(?!下单|拍下|付款|购买|买家|顾客|的顾客|下单的)")
CHART = re.compile(
    "(?:销量|销售|人气|口碑|带货|爆款|好评|回购|性价比|热销|网红|同类目|类目|品类|单品|全网|全国|"
    "行业|全店|店铺|复购|流量)(?:之)?王|[\u4e00-\u9fff](?:中|界)?之王|榜首|霸榜|销冠|榜一|"
    "(?:排名|位居|位列|名列)(?:首位|前茅|榜首)")
LEADING = re.compile("(?:全网|全国|全球|世界|国际|国内|行业|业内|同行|同类|全省|全市|全县)(?:销量|技术|水平|品质)?领先")
CEILING = re.compile("天花板")
_CEILING_LITERAL_BEFORE = re.compile("(?:挂在|吊在|贴在|装在|挂到|吊到|碰到|顶到|离|到|刷|吊|装修|做)$")
_CEILING_LITERAL_AFTER = re.compile("^(?:上|下|吊|灯|高|角|装|板材|材料|漏|裂|发霉)")
_ZUI = re.compile("最")
_WORDS = {"好吃", "好喝", "好用", "好看", "好穿", "好卖", "受欢迎", "畅销", "便宜", "新鲜", "正宗", "地道",
          "划算", "实惠", "适合", "适宜", "耐用", "漂亮", "专业", "权威", "天然", "健康", "营养", "安全", "纯正", "好评"}
_HAN = re.compile("[\u4e00-\u9fff]")


def _zui_is_ordinary(normalized: Normalized, i: int) -> bool:
    """Whether the 最 at compact index i starts an ordinary word rather than a superlative."""
    after = clause_after(normalized, i + 1, 8)
    if not after or not _HAN.match(after):
        return True
    if after.startswith(ALWAYS_ORDINARY) or _PLACE.match(after) or _FIRST.match(after):
        return True
    if _OWN_LOT.match(after):
        return True
    if after.startswith(MEASURE_WORDS):
        rest = after[1:]
        if after[0] in "多少" and re.match("^(?:的|人|买家|顾客|回头客|好评|销量|回购)", rest):
            return False
        if _QUALITY_BEFORE.search(clause_before(normalized, i, 4)):
            return False
        if _SIZE_OF_ONE.match(rest):  # 最大的一个有六两: the range of a batch, a spec
            return True
        if after[0] in "多少" and _VERB_QUANTITY.match(rest):  # 最多装30枚, 最少买两斤
            return True
        return bool(_QUANTITY_NEXT.match(rest))
    if after.startswith(("佳", "适", "适宜", "适合")):
        rest = after[2:] if after.startswith(("适宜", "适合")) else after[1:]
        return bool(_BEST_ADVICE.match(rest))
    if after.startswith("好"):
        rest = after[1:]
        if not rest:  # "…最好。" at the end of a clause: praise
            return False
        if _HAOCHI.match(rest):  # 最好吃的 / 最好吃。 praise; 最好喝温水 / 最好用冷水 advice
            return not _PRAISE_END.match(rest[1:])
        if rest.startswith("的"):
            return bool(_HAO_DE_ORDINARY.match(rest))
        return not _QUALITY_BEFORE.search(clause_before(normalized, i, 4))
    return False


def _zui_span(normalized: Normalized, i: int) -> tuple[int, int]:
    """最 plus the word it grades: up to three following Han characters of one clause."""
    after = clause_after(normalized, i + 1, 3)
    n = next((len(w) for w in (after[:3], after[:2]) if w in _WORDS), 1)
    return i, i + 1 + n


# English superlatives on the folded view: the best honey, world's finest, #1, best-selling.
EN_SUPERLATIVE = re.compile(
    r"\b(?:the|our|world'?s|nation'?s|china'?s)\s+(?:very\s+)?(?:best|finest|greatest|cheapest|sweetest|freshest|"
    r"purest|healthiest|safest|tastiest|most\s+(?:delicious|popular|authentic|famous|premium|advanced))\b"
    r"(?!\s+(?:way|time|before|to|if|when|served|enjoyed|kept|stored|results?|practice))"
    r"|\b(?:best[- ]selling|best[- ]seller|number\s+one|#\s?1|world[- ]class|unbeatable|unrivall?ed|unmatched|"
    r"second to none|best in the (?:world|country|market|region))\b")


def _english(normalized: Normalized) -> list[tuple[int, int]]:
    text = normalized.norm.text
    if not re.search("[a-z]{3}", text):
        return []
    return _to_compact(normalized, [m.span() for m in EN_SUPERLATIVE.finditer(text)])


def detect(normalized: Normalized) -> list[tuple[int, int]]:
    """Compact-view spans of absolute claims found by grammar."""
    text = normalized.compact.text
    out = _english(normalized)
    for i in (m.start() for m in _ZUI.finditer(text)):
        if not _zui_is_ordinary(normalized, i):
            out.append(_zui_span(normalized, i))
    for pattern in (RANK, _FIRST_PLACE, CHART, LEADING):
        out += spans(pattern, text)
    for s, e in spans(CEILING, text):
        if not (_CEILING_LITERAL_BEFORE.search(clause_before(normalized, s, 3))
                or _CEILING_LITERAL_AFTER.match(clause_after(normalized, e, 3))):
            out.append((s, e))
    return out
