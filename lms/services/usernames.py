"""Usernames a villager can read off a card and type on a phone keyboard: the name in pinyin
(surname in full, then the initials of the given name: 王秀英 → wangxy), a digit or two only
when that is taken. Never a code like `xscun888_006`."""

from __future__ import annotations

import re
from collections.abc import Callable

from pypinyin import lazy_pinyin

BASE_MAX = 12


def name_base(display_name: str) -> str:
    """wangxy for 王秀英, li for 李, tom for Tom Li (Latin names: the first word); may be ''."""
    syllables = [s.lower() for s in lazy_pinyin(display_name.strip(), errors="default")]
    words = [re.sub(r"[^a-z0-9]", "", s) for s in " ".join(syllables).split()]
    words = [w for w in words if w]
    if not words:
        return ""
    cjk = len(re.findall(r"[\u3400-\u9fff]", display_name))
    if cjk:   # surname in full, the rest by initials
        base = words[0] + "".join(w[0] for w in words[1:])
    else:
        base = words[0]
    base = base.lstrip("0123456789")
    return base[:BASE_MAX]


def readable_username(display_name: str, taken: Callable[[str], bool], fallback: str = "xuey") -> str:
    """The shortest free username from the name: wangxy, then wangxy2, wangxy3, …"""
    base = name_base(display_name) or fallback
    if len(base) < 2:
        base += "xy"
    candidates = ([base] if len(base) >= 3 else []) + [f"{base}{n}" for n in range(2, 10_000)]
    for candidate in candidates:
        if not taken(candidate):
            return candidate
    raise RuntimeError("no free username")  # 10,000 people with one name in one database
