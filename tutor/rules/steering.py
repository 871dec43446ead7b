"""Off-platform steering as intent: a contact id, a private group, another way to pay or order.

The word list (off_platform.yaml) knows the spellings of 微信/QQ; this module reads what the
seller asks the buyer to do: join a group (进群号 六六八八九九), pay another way (用银行卡直接打给我),
order elsewhere (去我微店下单), or reach an id or phone number written in digits, Chinese numerals
or circled digits and split by spaces. A seller warning buyers against all of this (本店从不在平台外
收款；谨防诈骗，不要加陌生人微信) is good practice: `keep` drops hits negated in their clause.
"""

from __future__ import annotations

import re

from tutor.rules.context import clause_before, sentence_of, spans
from tutor.rules.lexicon import _to_compact
from tutor.text import Normalized

# Chinese numerals as digits, one character for one, so offsets stay those of the compact view.
_DIGITS = str.maketrans("零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖", "001234567891123456789")

_ID = "[a-z0-9]"
# A channel word, then its id: 微信号 abc123, 群号 六六八八九九, 电话 一三八…, QQ ②③④⑤⑥.
CONTACT_ID = re.compile(
    "(?:(?<![a-z])(?:vx|wx|qq|wechat|weixin|whatsapp|telegram)|微信|v信|薇信|威信|维信|徽信|扣扣|企鹅|"
    "[微薇威维徽溦嶶v]♥+信?|卫星|电话|手机|手机号|联系方式|号码|群号|钉钉|飞书|小红书|微博|闲鱼|咸鱼|私人号|个人号|小号)"
    f"(?:号码?|id|账号|名|是|为|同号|搜|搜索|加|找我|联系我?)?{_ID}{{5,}}")
PHONE = re.compile("(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
# Joining a private group: 进群, 拉你进群, 加我们的福利群, 扫码入群.
GROUP = re.compile(
    "(?:拉你进|拉您进|拉你们进|拉进|扫码进|扫码入|进|入|加|拉|建)(?:我们?的?|个|一下|咱们?的?)?"
    "(?:微信|vx|qq|福利|优惠|团购|批发|内部|vip|会员|客户|老客户?|秒杀|特价|宝妈)?群(?!众|体|落|岛|山)"
    "|群号|群聊|群里(?:下单|拍|买|订|付款|接龙|报名|领券|交易)")
# Paying another way: 用银行卡直接打给我, 转到我支付宝, 扫我的收款码, 发红包给我.
PAY_TO_ME = re.compile(
    "(?:打|转|汇|付|给|发|充)(?:钱|款|账|定金|订金|货款|红包)?(?:直接)?(?:到|给|进)(?:我|我的|本人|老板|店主|个人|私人)"
    "的?(?:支付宝|微信|银行卡|卡上|卡里|卡号|账户|账号|收款码|二维码)"
    "|(?:银行卡|支付宝|收款码|二维码|卡号|私人账户|个人账户|对公账户|微信红包|红包)(?:直接|私下|先|就)?"
    "(?:打|转|汇|付|扫|发)(?:钱|款|账)?(?:给我|给老板|过来|到我|我)"
    "|(?:直接|私下|线下|先)(?:打|转|汇)(?:钱|款|账)?(?:给|到)(?:我|老板|店主|本人)"
    "|扫(?:我的?|老板的?|店主的?)?(?:收款码|付款码|二维码)(?:付款|支付|转账|打款|付)"
    "|(?:打|转|汇)(?:钱|款|账)(?:给我|到我)|(?:发|给|转)个?红包给(?:我|老板|主播|店主)")
# An account number to pay into: 银行卡直接打款：6222 0210…, 支付宝 13800001111 (digits view).
PAY_ID = re.compile(
    "(?:银行卡|银行账户|卡号|支付宝|收款账户|收款账号|对公账户|私人账户|个人账户|收款人)"
    "(?:号|号码|账号|账户)?[\u4e00-\u9fff]{0,6}?[0-9]{8,}")
# Ordering elsewhere: 去我微店下单, 私下找我拿货, 不走平台, 平台外付款.
ELSEWHERE = re.compile(
    "(?:去|到|来|上|在)(?:我的?|我们的?|咱家的?)?(?:微店|小程序|有赞|闲鱼|咸鱼|私域|个人店)(?:店铺?)?"
    "(?:下单|拍|买|付款|搜|找我|联系|购买)?"
    "|(?:私下|线下|单独|私底下)(?:找我|联系|加我|下单|交易|付款|打款|转账|买|拿货|成交|约|发你|发您|给你|给您|报价|卖)"
    "|(?:小红书|微博|闲鱼|咸鱼|钉钉|飞书|陌陌|视频号)(?:上|里)?(?:搜|私信|找我|联系|关注我|加我|下单|留言)"
    "|平台外(?:收款|付款|交易|下单|转账|联系|购买|成交)"
    "|(?:不走|不通过|不经过|绕过|绕开|避开|跳过|脱离)(?:平台|小黄车|购物车|链接)"
    "|(?:收款码|付款码|二维码|卡号|账号)(?:发你|发给你|发您|发给您|给你|给您)"
    "|(?:支付宝|微信|银行卡|收款)(?:账号|账户|卡号|号)(?:发我|发给我|告诉我|给我|私信我)"
    "|(?:我|我们)(?:直接|私下|先|单独)(?:转|打)(?:钱|账|款)?给(?:您|你)"
    "|(?:不用|不必|别|不要|无需)(?:在|走|去|通过)?(?:平台|小黄车|链接|店里)(?:上|里)?(?:拍|买|下单|付款)"
    "|比(?:平台|小黄车|链接|店里|直播间|网上)(?:上|里)?(?:便宜|划算|实惠|优惠|低)"
    # An account on another app as the place to order: 去我们村的抖音号下单, 在公众号里下单.
    "|(?:去|到|来|上|在|进|用)(?:[\u4e00-\u9fff]{0,4}的)?(?:抖音|快手|视频|公众|小红书|微博|头条|b站|个人|私人|直播|"
    "店主|老板)?号(?:上|里|中)?(?:下单|拍|买|购买|订|订购|付款|找我|私信|联系)"
    "|(?:主页|简介|签名|头像|背景图)(?:里|上|中)?(?:有|留了?|写了?|看|见)(?:我的?)?(?:联系方式|微信|电话|vx|号)")
# A negation or warning that governs the hit in its clause: 请勿私下转账, 本店从不在平台外收款.
NEGATED = re.compile(
    "不要|别|勿|严禁|禁止|拒绝|从不|从来不|绝不|决不|不会|不能|不可|不得|不接受|不支持|不需要|无需|"
    "不用加|没有|不存在|不提供|不添加|不加|谨防|小心|警惕|以免|防止|避免|而不是|不是")
# A scam warning about someone else asking for this: 请勿相信自称客服要您加QQ的人.
WARNING = re.compile("诈骗|骗子|骗局|防骗|上当|被骗|假冒|冒充|自称|(?:勿|不要|别|切勿|不可|谨慎)(?:相信|轻信|理会)")
# English on the folded view: paying or ordering another way, or a chat app as the channel.
EN_STEER = re.compile(
    r"\bpay(?:ing)?\s+(?:(?:me|us|the seller)\s+(?:directly\s+)?|directly\s+)(?:by|via|through|with|over|on|using)\s+"
    r"(?:a\s+)?(?:bank transfer|bank card|wire|paypal|alipay|wechat|venmo|zelle|cash app|cash|transfer)\b"
    r"|\b(?:transfer|send|wire)\s+(?:the\s+)?(?:money|payment|deposit|it)\s+(?:directly\s+)?to\s+(?:me|my)\b"
    r"|\binstead of\s+(?:the\s+|our\s+)?(?:platform|checkout|cart|app|shop|store|order page)\b"
    r"|\b(?:outside|off|bypass|skip|around)\s+(?:of\s+)?(?:the\s+)?(?:platform|checkout|app)\b"
    r"|\b(?:add|dm|message|text|call|contact|find|reach|ping)\s+(?:me|us)\s+(?:on|at|via)\s+"
    r"(?:wechat|whatsapp|telegram|line|signal|qq|instagram|facebook|messenger)\b")
# A negation or warning earlier in the English clause: never pay outside the platform.
EN_NEGATED = re.compile(r"\b(?:never|not|don't|do not|dont|no|avoid|beware|refuse|won't|will not)\b")
_WARNING_REACH = 40  # characters either side of a hit searched for a scam warning in its sentence


def detect(normalized: Normalized) -> list[tuple[int, int]]:
    """Compact-view spans of steering intent, ids included."""
    text = normalized.compact.text
    digits = text.translate(_DIGITS)
    out = list(spans(CONTACT_ID, digits)) + list(spans(PHONE, digits)) + list(spans(PAY_ID, digits))
    for pattern in (GROUP, PAY_TO_ME, ELSEWHERE):
        out += spans(pattern, text)
    return out + _english(normalized)


def _english(normalized: Normalized) -> list[tuple[int, int]]:
    """Compact-view spans of English steering not negated earlier in its clause."""
    text = normalized.norm.text
    if not re.search("[a-z]{3}", text):
        return []
    found = []
    for m in EN_STEER.finditer(text):
        clause = re.split(r"[.;!?,。；！？，]", text[max(0, m.start() - 60):m.start()])[-1]
        if not EN_NEGATED.search(clause):
            found.append(m.span())
    return _to_compact(normalized, found)


def keep(normalized: Normalized, start: int, end: int) -> bool:
    """False when the clause negates the steering or the sentence warns about scams."""
    if NEGATED.search(clause_before(normalized, start, 10)):
        return False
    sentences = sentence_of(normalized)
    if start < len(sentences):
        text = normalized.compact.text
        k = sentences[start]
        a, b = max(0, start - _WARNING_REACH), min(len(text), end + _WARNING_REACH)
        while sentences[a] != k:
            a += 1
        while sentences[b - 1] != k:
            b -= 1
        if WARNING.search(text[a:b]):
            return False
    return True
