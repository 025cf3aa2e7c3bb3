"""Read the value of an AMOUNT span: bounds, currency, and whether it is approximate.

`span._.amount` gives a dict or None:
    {"min": 5.05e10, "max": 5.05e10, "currency": "CNY", "approximate": False, "currency_implied": False}

How vague forms are read (as a reader would take them):
- `数亿元`, `几亿元`: 2 to 9 of the unit (`数十亿元`: 20 to 90 亿), approximate.
- `十几亿元`: 11 to 19 亿; `几十亿元`: 20 to 90 亿; approximate.
- `10余亿元` / `10多亿元` (余 before the unit): 10 to 20 亿 when the number is a multiple of ten,
  else the number to the number plus one; approximate.
- `10亿余元` / `10亿多元` (余 after the unit): 10 亿 to 11 亿 (the value plus a tenth); approximate.
- `5—8亿元`, `5亿至8亿元`, `5000万-1亿元`: a range; a first number without unit takes the second's.
- No currency word (`总投资18亿`): CNY, with currency_implied True.
- A hedge left inside by a prediction (`约5亿元`, `超10亿元`) is read and marks it approximate.
Anything else that cannot be read gives None, never a guess.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Optional

from spacy.tokens import Span

from .tokenizer import GLOSS_RE, simplify

CURRENCIES = {
    "人民币": "CNY", "元": "CNY", "块": "CNY", "rmb": "CNY", "cny": "CNY", "¥": "CNY", "￥": "CNY",
    "美元": "USD", "美金": "USD", "usd": "USD", "us$": "USD", "$": "USD",
    "欧元": "EUR", "eur": "EUR", "€": "EUR",
    "港元": "HKD", "港币": "HKD", "hkd": "HKD", "hk$": "HKD",
    "日元": "JPY", "日圆": "JPY", "jpy": "JPY",
    "英镑": "GBP", "gbp": "GBP", "£": "GBP",
    "韩元": "KRW", "新加坡元": "SGD", "新台币": "TWD", "澳门元": "MOP", "澳元": "AUD", "加元": "CAD",
    "瑞士法郎": "CHF",
}
_CURRENCY_ALT = "|".join(sorted((re.escape(c) for c in CURRENCIES), key=len, reverse=True))
UNITS = {"十": 10, "百": 100, "千": 1_000, "万": 10_000, "亿": 100_000_000, "拾": 10, "佰": 100, "仟": 1_000}
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
           "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
HEDGES = ("超过", "不低于", "不少于", "共计", "合计", "累计", "总计", "高达", "约", "近", "超", "逾", "达", "过", "上", "大约")

_NUMBER = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟]+(?:点[零〇一二三四五六七八九]+)?|十几|几十|数十|数百|数千|几百|几千|数|几)"
_ONE = rf"(?P<num{{i}}>{_NUMBER})(?P<more{{i}}a>[余多]?)(?P<unit{{i}}>[十百千万亿]*)(?P<more{{i}}b>[余多]?)"
_AMOUNT_RE = re.compile(
    rf"^(?P<pre>{_CURRENCY_ALT})?"
    + _ONE.format(i=1)
    + rf"(?:(?:-|—|–|－|~|～|〜|至|到|—)(?P<pre2>{_CURRENCY_ALT})?" + _ONE.format(i=2) + ")?"
    + rf"(?P<post>(?:{_CURRENCY_ALT})*)$"
)


def normalize(text: str) -> str:
    """Simplified, gloss-free, space-free, ASCII-digit, lower-case text."""
    text = GLOSS_RE.sub("", text)
    text = text.translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})
    text = simplify(text)
    text = re.sub(r"[\s?\u3000]+", "", text)
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)  # thousands separators
    text = text.replace("——", "—")
    return text.lower()


def _chinese_number(text: str) -> Optional[float]:
    """十二 → 12, 一百二十 → 120, 五千 → 5000, 三点五 → 3.5; None if not a plain numeral."""
    if "点" in text:
        whole, frac = text.split("点", 1)
        head = _chinese_number(whole) if whole else 0
        if head is None or any(c not in _DIGITS for c in frac):
            return None
        return head + float("0." + "".join(str(_DIGITS[c]) for c in frac))
    if all(c in _DIGITS for c in text) and len(text) > 1:  # 二〇二四 style digit strings
        return float("".join(str(_DIGITS[c]) for c in text))
    total, current = 0, None
    for ch in text:
        if ch in _DIGITS:
            if current is not None:
                return None
            current = _DIGITS[ch]
        elif ch in UNITS:
            total += (1 if current is None else current) * UNITS[ch]
            current = None
        else:
            return None
    return float(total + (current or 0))


def _number_bounds(num: str) -> Optional[tuple[float, float, bool]]:
    vague = {"数": (2, 9), "几": (2, 9), "十几": (11, 19), "几十": (20, 90), "数十": (20, 90),
             "数百": (200, 900), "几百": (200, 900), "数千": (2000, 9000), "几千": (2000, 9000)}
    if num in vague:
        low, high = vague[num]
        return Decimal(low), Decimal(high), True
    if num[0].isdigit():
        value = Decimal(num)  # exact: 16.08亿 is 1608000000, not 1607999999.9999998
    else:
        value = _chinese_number(num)
        if value is None:
            return None
        value = Decimal(str(value))
    return value, value, False


def _unit_value(unit: str) -> Decimal:
    value = Decimal(1)
    for ch in unit:
        value *= UNITS[ch]
    return value


def _side(m: re.Match, i: int) -> Optional[tuple[float, float, bool, str]]:
    bounds = _number_bounds(m.group(f"num{i}"))
    if bounds is None:
        return None
    low, high, approx = bounds
    unit = m.group(f"unit{i}")
    if m.group(f"more{i}a"):  # 10余亿: the next round number of the same order
        step = Decimal(10) if low >= 10 and low % 10 == 0 else Decimal(1)
        high, approx = low + step, True
    scale = _unit_value(unit)
    low, high = low * scale, high * scale
    if m.group(f"more{i}b"):  # 10亿余: a little more than the value
        high, approx = high * Decimal("1.1"), True
    return low, high, approx, unit


def parse_amount(text: str) -> Optional[dict]:
    """The value of a money expression, or None when it cannot be read."""
    try:
        norm = normalize(text)
        approximate = False
        for hedge in HEDGES:
            if norm.startswith(hedge) and len(norm) > len(hedge):
                norm, approximate = norm[len(hedge):], True
                break
        m = _AMOUNT_RE.match(norm)
        if not m:
            return None
        first = _side(m, 1)
        if first is None:
            return None
        low, high, approx1, unit1 = first
        approximate = approximate or approx1
        if m.group("num2"):
            second = _side(m, 2)
            if second is None:
                return None
            low2, high2, approx2, unit2 = second
            if not unit1 and unit2:  # 5—8亿: the first number shares the second's unit
                scale = _unit_value(unit2)
                low, high = low * scale, high * scale
            low, high = min(low, low2), max(high, high2)
            approximate = approximate or approx2
        if not any(m.group(g) for g in ("unit1", "unit2", "pre", "post")):
            return None  # a bare number is no money
        codes = {CURRENCIES[c] for c in re.findall(_CURRENCY_ALT, (m.group("pre") or "") + (m.group("pre2") or "") + m.group("post"))}
        if len(codes) > 1:
            return None
        currency = codes.pop() if codes else "CNY"
        return {"min": float(low), "max": float(high), "currency": currency, "approximate": approximate,
                "currency_implied": not (m.group("pre") or m.group("pre2") or m.group("post"))}
    except (ValueError, KeyError, OverflowError, InvalidOperation):
        return None


def _span_amount(span: Span) -> Optional[dict]:
    return parse_amount(span.text) if span.label_ == "AMOUNT" else None


if not Span.has_extension("amount"):
    Span.set_extension("amount", getter=_span_amount)
