"""Season phrases: "Season 2", "the second season", "seasons five and six", "S2", "the
third installment", and relative ones ("next season", "the final season") that take their
number from the seasons the article names.
"""

from __future__ import annotations

import re

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "sophomore": 2,
}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
#: Nouns that name a season in the genre ("the third installment", "the upcoming chapter")
SEASON_NOUNS = r"(?:season|installment|instalment|outing|chapter)"
_NUM = r"(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
_ORD = "|".join(ORDINALS)
_LIST_SEP = r"(?:,? and |, | & |,? or )"
SEASON_RES = (
    re.compile(r"\b[Ss]eason " + _NUM + r"\b"),
    re.compile(r"\b(" + _ORD + r")(?:[ -]| and final )" + SEASON_NOUNS + r"\b", re.IGNORECASE),
    re.compile(r"\bS(\d{1,2})(?=\b|E\d)"),
)
SEASON_LIST_RES = (
    re.compile(rf"\b[Ss]easons ({_NUM}(?:{_LIST_SEP}{_NUM})+)\b"),
    re.compile(rf"\b((?:{_ORD})(?:{_LIST_SEP}(?:a |an |the )?(?:{_ORD}))+)[ -]seasons?\b", re.IGNORECASE),
)
#: "next season", "the new season", "its final season": a season the article's numbers decide
RELATIVE_RE = re.compile(
    r"\b(next|new|upcoming|coming|final|latest|forthcoming|this)\s" + SEASON_NOUNS + r"\b", re.IGNORECASE)


def _number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else ORDINALS.get(word) or NUMBER_WORDS.get(word)


def _episode_part(text: str, m) -> bool:
    """"the second installment of a two-part episode": a part of an episode, not a season."""
    if re.search(r"season", m.group(0), re.IGNORECASE):
        return False
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    sentence = text[line_start:line_end if line_end != -1 else len(text)]
    return bool(re.search(r"\bepisodes?\b|\bpart\b", sentence, re.IGNORECASE))


def season_mentions(text: str) -> list[tuple[int, int, int]]:
    """(start, end, number) of every season named: one per number in a list.

    >>> [n for _, _, n in season_mentions("seasons three and four, then a fifth and a sixth season")]
    [3, 4, 5, 6]
    >>> [n for _, _, n in season_mentions("its seventh and final season; the third installment")]
    [7, 3]
    """
    found = []
    taken: set[int] = set()
    for rx in SEASON_LIST_RES:
        for m in rx.finditer(text):
            for w in re.finditer(rf"\b(\d{{1,2}}|{_ORD}|{'|'.join(NUMBER_WORDS)})\b", m.group(1), re.IGNORECASE):
                n = _number(w.group(1))
                if n:
                    found.append((m.start(1) + w.start(), m.start(1) + w.end(), n))
            taken.update(range(m.start(), m.end()))
    for rx in SEASON_RES:
        for m in rx.finditer(text):
            n = _number(m.group(1))
            if n and m.start() not in taken and not _episode_part(text, m):
                found.append((m.start(), m.end(), n))
                taken.update(range(m.start(), m.end()))
    return sorted(found)


def relative_season_mentions(text: str, numbers) -> list[tuple[int, int, int]]:
    """(start, end, number) of "next season", "the final season" and the like, given the season
    numbers the article names: the newest of them (an article about a coming season names it).
    None when the article names no number.

    >>> relative_season_mentions("Season 3 wrapped. A new season opens soon.", [3])
    [(20, 30, 3)]
    """
    if not numbers:
        return []
    newest = max(numbers)
    out = []
    for m in RELATIVE_RE.finditer(text):
        start = m.start(1)
        out.append((start, m.end(), newest))
    return out


def season_number(text: str) -> int | None:
    """The number of the season a label names.

    >>> season_number("Kay Moss Season 2"), season_number("the third season"), season_number("Kay")
    (2, 3, None)
    """
    for rx in SEASON_RES:
        m = rx.search(text)
        if m:
            return _number(m.group(1))
    return None
