"""The labels of the UN paragraph grammar, and the sequences they follow.

Numbered paragraphs (``11.``), lettered items (``(a)``, or ``a)`` as the Geneva Plan of Action
writes them), roman sub-items (``(i)``), annexes (``Annex I``), and the labels that open a
heading: roman and capital section letters (``II.``, ``A.``), ``Objective 1.``, Action Lines
(``C7.``), numbered titles (``1)``) and resolution titles (``79/1.``).
"""

from __future__ import annotations

import re

PARAGRAPH = re.compile(r"^(\d{1,3})\.(?:\s+|(?=[A-Z\u201c\u2018\"'(\[]))")
ITEM = re.compile(r"^(?:\(([a-z]{1,2}|[ivxlc]{1,7})\)|([a-z]{1,2}|[ivxlc]{1,7})\))(?:\s+|(?=[A-Z\u201c\"']))")
ANNEX = re.compile(r"^(?:annex|appendix)(?:\s+([IVXLC]{1,5}|\d{1,2}|[A-Z]))?\s*\*?$", re.IGNORECASE)
RULE = re.compile(r"^[_\u2014\u2013-]{5,}\s*$")
BULLET = re.compile(r"^(?:[\u2022\u25cf\u25aa\u25e6\u25cb\u00b7\u2023*\u2013\u2014-]|o(?=\s+[A-Z]))\s+")
URL = re.compile(r"^(?:https?://|www\.)\S+$")

#: Heading labels, with their rank: a heading closes the open headings of the same or a lower rank.
HEADINGS = (
    (re.compile(r"^\d{1,3}/\d{1,4}\.\s+\S"), 0),  # resolution title: "79/1. The Pact for the Future"
    (re.compile(r"^(X{0,3}(?:IX|IV|V?I{1,3}|V)|X{1,3})\.\s+\S"), 2),  # "II. Follow-up"
    (re.compile(r"^([A-Z])\.\s+\S"), 3),  # "A. Principles", "C. Action Lines"
    (re.compile(r"^(?:Objective|Goal|Action)\s+(\d{1,2})\.?\s+\S", re.IGNORECASE), 4),
    (re.compile(r"^C(\d{1,2})\.\s+\S"), 4),  # Action Line: "C7. ICT applications"
    (re.compile(r"^(\d{1,2})\)\s+\S"), 4),  # "1) The role of governments"
)
UNLABELLED_RANK = 5

_ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv",
           "xvi", "xvii", "xviii", "xix", "xx", "xxi", "xxii", "xxiii", "xxiv", "xxv"]


def next_letter(letter: str | None) -> str:
    """The letter after ``letter`` as the UN letters items: a … z, then aa, bb …

    >>> next_letter(None), next_letter("b"), next_letter("z"), next_letter("aa")
    ('a', 'c', 'aa', 'bb')
    """
    if letter is None:
        return "a"
    if letter[-1] == "z":
        return "a" * (len(letter) + 1)
    return chr(ord(letter[0]) + 1) * len(letter)


def next_roman(roman: str | None) -> str:
    """The roman numeral after ``roman`` (lower case).

    >>> next_roman(None), next_roman("iii"), next_roman("ix")
    ('i', 'iv', 'x')
    """
    if roman is None:
        return "i"
    index = _ROMANS.index(roman) if roman in _ROMANS else len(_ROMANS) - 1
    return _ROMANS[min(index + 1, len(_ROMANS) - 1)]


def is_roman(label: str) -> bool:
    """Whether a label can be read as a roman numeral.

    >>> is_roman("iv"), is_roman("c"), is_roman("ab")
    (True, True, False)
    """
    return label in _ROMANS or label in ("l", "c")


def is_letter(label: str) -> bool:
    """Whether a label can be read as an item letter (``a`` … ``z``, ``aa`` …).

    >>> is_letter("b"), is_letter("bb"), is_letter("iv")
    (True, True, False)
    """
    return label.isalpha() and len(set(label)) == 1


def heading_label(text: str) -> int | None:
    """The rank of the heading label that opens ``text``, or ``None``.

    >>> heading_label("A. Our common vision"), heading_label("Objective 3. Foster an inclusive space")
    (3, 4)
    >>> heading_label("11. We commit") is None
    True
    """
    for pattern, rank in HEADINGS:
        if pattern.match(text):
            return rank
    return None


def opens_with_label(text: str) -> bool:
    """Whether ``text`` opens with a paragraph, item, annex or heading label.

    >>> opens_with_label("(b) Foster"), opens_with_label("Annex II"), opens_with_label("and more")
    (True, True, False)
    """
    return bool(PARAGRAPH.match(text) or ITEM.match(text) or ANNEX.match(text) or heading_label(text) is not None)


def ends_open(text: str) -> bool:
    """Whether a block stops in the middle of a sentence (no closing punctuation).

    >>> ends_open("as set out in the"), ends_open("Recalling its resolution,"), ends_open("Noting;")
    (True, False, False)
    """
    stripped = text.rstrip(" \u201d\u2019\"')]")
    return bool(stripped) and stripped[-1] not in ".;:?!,"


def heading_like(text: str, lines: int) -> bool:
    """Whether a block with no label reads as a title: short, no closing punctuation, a capital first.

    >>> heading_like("Implementation of the WSIS Process", 1)
    True
    >>> heading_like("The General Assembly,", 1), heading_like("and the WSIS action lines", 1)
    (False, False)
    """
    words = text.split()
    if not words or lines > 2 or len(words) > 20 or BULLET.match(text) or URL.match(text):
        return False
    first = text.lstrip("\u201c\u2018\"'")[:1]
    return (first.isupper() or first.isdigit()) and text.rstrip()[-1] not in ".,;:"
