"""Guarantees that are not promises: a fabric's composition and a usage warning.

The word list (guarantees.yaml) reports 100%, 绝对, 保证 …; two structures around those words are
facts or advice, not unverifiable promises, and `keep` drops them:
- 100% as a composition: after a composition label (含棉量100%, 成分：100%桑蚕丝, 面料 100%) or
  before a fibre name (100%亚麻, 100% polyester);
- 绝对 before a prohibition addressed to the buyer (绝对不能用开水烫, 绝对不要暴晒): a warning.
绝对不会坏 and 绝对新鲜 stay promises.
"""

from __future__ import annotations

import re

from tutor.rules.context import clause_after, clause_before
from tutor.text import Normalized

# A label that introduces a composition: 含棉量, 含绒量, 成分, 面料, 材质, 里料, 填充物.
_COMPOSITION_LABEL = re.compile(
    "(?:含[\u4e00-\u9fff]{1,2}量|成分|面料|材质|材料|里料|填充物?|纤维含量|含量|"
    "composition|material|fabric|content)(?:是|为)?$")
# A fibre right after 100%: the composition written the other way round.
_FIBRE = re.compile(
    "^(?:纯|全)?(?:棉|羊毛|羊绒|绵羊毛|山羊绒|牦牛绒|驼绒|蚕丝|桑蚕丝|柞蚕丝|真丝|亚麻|苎麻|汉麻|麻|竹纤维|"
    "莫代尔|天丝|涤纶|锦纶|腈纶|氨纶|粘胶|鸭绒|鹅绒|白鸭绒|白鹅绒|灰鸭绒|"
    "cotton|wool|silk|linen|cashmere|polyester|nylon|viscose|hemp|bamboo|modal|down)")
# A prohibition or caution addressed to the buyer: 不能, 不要, 别, 切勿, 禁止, 避免.
_PROHIBITION = re.compile("^(?:不能|不要|不可以|不可|不宜|别|切勿|切忌|勿|禁止|不得|不许|避免|要避免)")


def keep(normalized: Normalized, start: int, end: int) -> bool:
    """False for 100% as a composition and for 绝对 as a warning; True otherwise."""
    text = normalized.compact.text
    word = text[start:end]
    if word.startswith("100%"):
        after = text[end:end + 12] if word == "100%" else word[4:]
        if _FIBRE.match(after) or _COMPOSITION_LABEL.search(clause_before(normalized, start, 8)):
            return False
    return not (word == "绝对" and _PROHIBITION.match(clause_after(normalized, end, 6)))
