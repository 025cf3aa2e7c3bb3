"""Pages as crawlers save them: the article body and its metadata, and the bytes' encoding.

- `extract_page`: trafilatura (the maintained news-page extractor) takes the article body out of
  the navigation, "related articles", share buttons, footers and disclaimers, keeping paragraph
  breaks, with the page's title, date (ISO 8601), canonical URL and site name. A page where it
  finds no body falls back to all visible text, and says so (`extraction: "fallback"`).
- `decode`: a byte-order mark, then an HTML `<meta charset>` or XML declaration, then valid
  UTF-8, then charset-normalizer's best guess; `--encoding` overrides all of them.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

# Declared encodings read as their supersets: pages labelled gb2312 or gbk use GB18030 characters,
# and Big5 pages from Hong Kong carry HKSCS characters.
SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030",
            "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "big5hkscs": "big5hkscs", "cp950": "big5hkscs"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
                       re.I)
METADATA_FIELDS = ("title", "date", "url", "sitename")
MIN_BODY_CHARS = 20
# What charset-normalizer may choose from: the encodings Chinese pages come in. Left free, it reads
# any bytes as some single-byte code page (random bytes became Cyrillic in a test), and a file that
# no Chinese encoding reads should be reported, not annotated as noise.
DETECTABLE = ["utf_8", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "gb18030", "big5", "big5hkscs"]


def declared_encoding(data: bytes) -> str | None:
    """The encoding a page declares in its first 4 KB (meta charset, http-equiv, XML declaration)."""
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii").lower()
    name = SUPERSET.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, encoding: str | None = None, html: bool = False) -> tuple[str, str]:
    """Text and the encoding used. Raises UnicodeDecodeError / LookupError when nothing reads it."""
    if encoding:
        return data.decode(SUPERSET.get(encoding.lower(), encoding)), encoding
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                break  # bytes that only look like a BOM
    if html:
        declared = declared_encoding(data)
        if declared:
            try:
                return data.decode(declared), declared
            except UnicodeDecodeError:
                pass  # a wrong declaration is common; detect instead
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=DETECTABLE).best()
    if best is None:
        raise UnicodeDecodeError("detected", data[:16], 0, 1, "no encoding decodes this input cleanly")
    name = SUPERSET.get(best.encoding.replace("_", "-").lower(), best.encoding)
    try:
        return data.decode(name), name
    except UnicodeDecodeError:
        return str(best), best.encoding


_DATE_LABEL = re.compile(r"(?:发布|發佈|发表|發表|更新)?(?:日期|时间|時間)\s*[:：]\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")


def labelled_date(html: str) -> str | None:
    """The date a Chinese page prints beside 发布日期/发布时间, as ISO 8601."""
    m = _DATE_LABEL.search(re.sub(r"<[^>]+>", " ", html))
    if not m:
        return None
    year, month, day = (int(g) for g in m.groups())
    if not (1990 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


@dataclass
class Page:
    text: str
    extraction: str  # "main" (article body) or "fallback" (all visible text)
    metadata: dict = field(default_factory=dict)  # title, date, url, sitename where the page has them


def extract_page(html: str, fallback_text) -> Page:
    """The article body of a page and its metadata; `fallback_text(html)` where no body is found."""
    import trafilatura

    # Tables off: old government sites lay the whole page out in tables, which then come back
    # with their navigation and footer cells; the article's paragraphs are found without them.
    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                           include_tables=False, favor_precision=True)
    found = document.as_dict() if document is not None and hasattr(document, "as_dict") else (document or {})
    metadata = {key: found[key] for key in METADATA_FIELDS if found.get(key)}
    labelled = labelled_date(html)
    if labelled:  # the page's own 发布日期 beats a date guessed from elsewhere in the page
        metadata["date"] = labelled
    body = (found.get("text") or "").strip()
    if sum(ch.isalnum() for ch in body) < MIN_BODY_CHARS:  # a crumb or a menu is no article
        return Page(fallback_text(html), "fallback", metadata)
    return Page(body, "main", metadata)
