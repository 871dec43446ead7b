"""Rebuild diseases.txt from the CMeKG medical knowledge graph (run by hand, not at import)."""

# Usage: pip download PyCMeKG==0.2.5 --no-deps; tar xzf PyCMeKG-0.2.5.tar.gz;
#   python tutor/data/build_diseases.py PyCMeKG-0.2.5/pyCMeKG/model/cmekg.pkl tutor/data/diseases.txt
# PyCMeKG 0.2.5 (MIT, (c) 2019 Yunfei Yang; https://github.com/king-yyf/PyCMeKG) ships the
# CMeKG Chinese medical knowledge graph (PKU ICL): 27,403 subjects with 常见症状, 适应症, 主治.
# We keep disease names (subjects with symptoms, a department or an ICD-10 code) and the
# symptoms and indications that at least two or three entries share, 2-6 Han characters, so the
# list reads like what a seller would write (便秘, 失眠, 咽炎) rather than clinical fragments.
# Words a listing uses in a non-medical sense (冻伤 of fruit in transit, 疲劳 is kept: 抗疲劳 is
# a health claim) are removed by ORDINARY below; the rule adds its own context checks.
import pickle
import re
import sys
from collections import Counter
from pathlib import Path

HAN = re.compile(r"^[\u4e00-\u9fff]{2,6}$")
# Fragments of clinical prose, not names.
NOISE = re.compile(r"[等或及伴可有其之以的者时并为与如]|^(?:用于|治疗|临床|表现|出现|引起|常见|无)"
                   r"|(?:不清|异常|改变|增多|减少|部位|系统|表现|症状群)$")
ORDINARY = {  # symptoms and tissues that read as ordinary words in product copy
    "骨骼", "皮肤", "神经", "肌肉", "儿童", "老人", "手术后", "长期治疗", "间断性", "发育", "口渴",
    "出汗", "冻伤", "压伤", "擦伤", "晒伤", "划伤", "外伤", "碰伤", "烫伤", "饥饿", "寒冷", "怕冷",
    "肥胖", "消瘦", "体重减轻", "体重增加", "食欲增加", "打喷嚏", "流泪", "流涕", "乏力", "口干",
    "疼痛", "肿胀", "发热", "发烧", "瘙痒", "红肿", "麻木", "无力", "虚弱", "出血", "头晕", "恶心",
    "大眼睛", "性生活", "深呼吸", "多中心", "体积小", "发展快", "不愉快", "好冲动", "易冲动", "易跌倒",
    "边界清", "赵佶敕", "邓中甲", "软组织", "收缩压", "保泰松", "利血平", "洋地黄", "美沙酮", "电休克",
    "吸毒", "毒蛇", "病史", "病程", "起病", "虚构", "双盲", "盲点", "溃后", "恶臭", "衰弱", "斑块",
}


# A name of two characters is kept only if it has a disease morpheme (病, 炎, 痛 ...) or
# is in COMMON: short clinical words that are also everyday words (工作, 位置, 干燥, 破裂, 变形)
# are what a seller writes about goods, not about illness.
MORPHEME = re.compile("[病症炎癌瘤痛疼疮疹癣痢疾痨痹疝瘫痔疟咳喘泻秘肿悸晕眩聋盲痒臭斑毒疖疱痈疽痘"
                      "痧痫痴瘀衰梗栓郁虚痰脓癫狂厥痿瘘疳溃瘙痉挛秃鼾]")
# Three characters without a disease morpheme: kept (高血压, 白内障, 肝硬化) unless it names a
# colour, shape, tissue, drug or germ (灰白色, 椭圆形, 冈下肌, 蛋白质, 抗生素).
NOT_A_NAME_END = re.compile("[色形状肌质力口沟膜腺下上后性觉度不儿人水药素菌球]$")
COMMON = {"感冒", "中暑", "中风", "过敏", "近视", "远视", "散光", "贫血", "脱发", "疲劳", "失眠",
          "风湿", "风寒", "湿热", "上火", "水肿", "浮肿", "健忘", "便血", "痛风", "骨折", "早泄",
          "阳痿", "肥胖症", "三高", "结石", "老花眼", "白内障", "青光眼", "抑郁", "焦虑", "打嗝",
          "反酸", "胃胀", "腹胀", "胀气", "口干舌燥", "耳鸣", "盗汗", "多梦", "宫寒", "便溏"}


def build(pkl: Path) -> list[str]:
    """Disease, symptom and indication names from CMeKG, filtered as described above."""
    with open(pkl, "rb") as fh:
        graph = pickle.load(fh)  # a trusted, pinned package file
    diseases = {k for k, v in graph.items() if {"常见症状", "就诊科室", "ICD10"} & set(v)}
    symptoms = Counter(x for v in graph.values() for x in v.get("常见症状", []))
    indications = Counter(x for v in graph.values() for x in v.get("适应症", []) + v.get("主治", []))
    words = {d for d in diseases if HAN.match(d)}
    words |= {s for s, n in symptoms.items() if n >= 2 and HAN.match(s)}
    words |= {s for s, n in indications.items() if n >= 3 and HAN.match(s)}
    words = {w for w in words if not NOISE.search(w) and w not in ORDINARY}
    words = {w for w in words if len(w) > 3 or MORPHEME.search(w)
             or (len(w) == 3 and not NOT_A_NAME_END.search(w))} | COMMON
    return sorted(words - ORDINARY)


HEADER = """\
# Disease and symptom names for compliance.medical_claim, one a line.
# Source: CMeKG Chinese medical knowledge graph as shipped in PyPI package PyCMeKG 0.2.5
# (https://github.com/king-yyf/PyCMeKG, MIT licence, (c) 2019 Yunfei Yang); built by
# build_diseases.py: disease names plus symptoms/indications shared by several entries,
# 2-6 Han characters, clinical fragments and ordinary words removed.
"""


def main(argv: list[str]) -> int:
    """Write the word list to argv[2]."""
    words = build(Path(argv[1]))
    Path(argv[2]).write_text(HEADER + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words, {Path(argv[2]).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
