"""Lines joined into running text: hyphenated words put together, real hyphens kept, calls taken out.

A word broken at a line's end ("informa-" / "tion") is joined; a word that has a hyphen of its
own ("multi-" / "stakeholder") keeps it. Which is which is read first from the document itself
(does it write "multi-stakeholder" or "multistakeholder" elsewhere, on one line?), then from the
hyphenation patterns of its language (pyphen, the dictionaries typesetters use): a break where
the patterns would hyphenate is joined; elsewhere, a hyphen whose second half is a word the
document uses on its own ("stakeholder") is kept, and any other is joined. A soft hyphen (U+00AD) always joins, a
non-breaking one (U+2011) always stays.

Footnote calls are taken out of the text: spans a reader found set as superscript, and, in plain
text, a number stuck to the end of a word or of punctuation ("society.3") when a footnote of
that number exists and has not been called yet.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from wsis_graph.texts.model import Line

_HYPHENS = "-\u2010"
_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*", re.UNICODE)
_PLAIN_CALL = re.compile(r"(?:(?<=[^\W\d_])|(?<=[.,;:)\u201d\u2019\"]))(\d{1,3})(?=[\s,.;:)]|$)")
_SUPERSCRIPT_DIGITS = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")
_SUPERSCRIPT_RUN = re.compile(r"[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+")


@dataclass
class Vocabulary:
    """The words a document writes whole on one line, with and without hyphens (lower case)."""

    words: set[str] = field(default_factory=set)
    hyphenated: set[str] = field(default_factory=set)
    language: str = "en"

    @classmethod
    def of(cls, lines: list[Line], language: str = "en") -> "Vocabulary":
        """The vocabulary of ``lines``; a word cut at a line's end is left out.

        >>> v = Vocabulary.of([Line("a well-kept library"), Line("of infor-"), Line("mation")])
        >>> sorted(v.words), sorted(v.hyphenated)
        (['a', 'library', 'of'], ['well-kept'])
        """
        found = cls(language=language)
        cut = False  # the line before ended in the middle of a word
        for line in lines:
            text = line.text.rstrip()
            if cut:
                text = text.split(" ", 1)[1] if " " in text else ""
            cut = text.endswith(tuple(_HYPHENS + "\u00ad"))
            if cut:
                text = text[: text.rfind(" ") + 1] if " " in text else ""
            for word in _WORD.findall(text):
                word = word.lower().replace("\u2010", "-").replace("\u2011", "-")
                (found.hyphenated if "-" in word else found.words).add(word)
        return found

    def keeps_hyphen(self, left: str, right: str) -> bool:
        """Whether ``left-`` at a line's end and ``right`` on the next make a hyphenated word.

        >>> v = Vocabulary(words={"information"}, hyphenated={"multi-stakeholder"})
        >>> v.keeps_hyphen("infor", "mation"), v.keeps_hyphen("multi", "stakeholder")
        (False, True)
        >>> Vocabulary().keeps_hyphen("e", "government"), Vocabulary().keeps_hyphen("ICT", "driven")
        (True, True)
        >>> Vocabulary().keeps_hyphen("coun", "tries")
        False
        """
        if any(c.isupper() for c in left[1:]) or len(left) == 1:
            return True
        hyphened = f"{left}-{right}".lower()
        joined = f"{left}{right}".lower()
        if hyphened in self.hyphenated:
            return True
        if joined in self.words:
            return False
        positions = _break_points(self.language, joined)
        if positions is not None and len(left) in positions:
            return False
        # Not where the patterns would break the word: a compound when its second half is a word
        # of the document ("multi-" / "stakeholder"), else a break the patterns do not know.
        return len(right) > 2 and right.lower() in self.words


@functools.lru_cache(maxsize=4096)
def _break_points(language: str, word: str) -> tuple[int, ...] | None:
    dictionary = _dictionary(language)
    if dictionary is None:
        return None
    return tuple(dictionary.positions(word))


@functools.lru_cache(maxsize=16)
def _dictionary(language: str):
    import pyphen

    for name in (language, language.split("-")[0].split("_")[0]):
        if name in pyphen.LANGUAGES:
            return pyphen.Pyphen(lang=name)
    return None


@dataclass
class Joined:
    """Running text made of lines, with the footnote calls taken out of it."""

    text: str
    calls: list[str]


def join_lines(lines: list[Line], vocabulary: Vocabulary, notes: "Calls | None" = None) -> Joined:
    """The running text of some lines.

    Args:
        lines: Lines of one part, in order.
        vocabulary: The document's words, to tell broken words from hyphenated ones.
        notes: The footnotes known and called so far; calls found are taken out and recorded.

    Returns:
        The text, spaces collapsed, and the numbers of the footnotes it called.

    >>> v = Vocabulary(words={"information"})
    >>> join_lines([Line("the infor-"), Line("mation society")], v).text
    'the information society'
    """
    text = ""
    spans: list[tuple[int, int]] = []
    for line in lines:
        piece = line.text
        if not text:
            start = 0
            text = piece
        elif text.endswith("\u00ad"):
            text = text[:-1]
            start = len(text)
            text += piece
        elif text[-1] in _HYPHENS and len(text) > 1 and text[-2].isalpha() and piece[:1].isalpha() and piece[:1].islower():
            left = _WORD.findall(text[:-1].rsplit(" ", 1)[-1])
            right = _WORD.findall(piece.split(" ", 1)[0])
            keep = vocabulary.keeps_hyphen(left[-1].split("-")[-1], right[0].split("-")[0]) if left and right else True
            if not keep:
                text = text[:-1]
            start = len(text)
            text += piece
        elif text[-1] == "\u2011":
            start = len(text)
            text += piece
        else:
            text += " "
            start = len(text)
            text += piece
        spans.extend((start + a, start + b) for a, b in line.superscripts)
    calls: list[str] = []
    if notes is not None:
        text, calls = notes.take_calls(text, spans)
    text = text.replace("\u00ad", "").replace("\u2010", "-").replace("\u2011", "-")
    return Joined(" ".join(text.split()), calls)


class Calls:
    """The footnotes of a document, and which of them the text has called so far."""

    def __init__(self, numbers: list[str]) -> None:
        self.numbers = set(numbers)
        self.called: list[str] = []

    def _next(self) -> int:
        done = [int(n) for n in self.called if n.isdigit()]
        return max(done) + 1 if done else 1

    def take_calls(self, text: str, spans: list[tuple[int, int]]) -> tuple[str, list[str]]:
        """The text without its footnote calls, and the numbers called.

        Superscript spans are calls when a footnote has their number; in text with no spans,
        digits stuck to a word or punctuation are, when they are the next footnote's number
        (or a later one not yet called), and superscript digits (¹²³) always are.

        >>> Calls(["1", "2"]).take_calls("the society.1 And 2 more words2", [])
        ('the society. And 2 more words', ['1', '2'])
        >>> Calls(["4"]).take_calls("raries4 is", [(6, 7)])
        ('raries is', ['4'])
        """
        found: list[tuple[int, int, list[str]]] = []
        for start, end in spans:
            numbers = [n for n in re.split(r"[,\s]+", text[start:end].strip().strip("[]()")) if n in self.numbers]
            if numbers:
                found.append((start, end, numbers))
        if not spans:
            for match in _SUPERSCRIPT_RUN.finditer(text):
                number = match.group(0).translate(_SUPERSCRIPT_DIGITS)
                if number in self.numbers:
                    found.append((match.start(), match.end(), [number]))
            following = self._next()
            for match in _PLAIN_CALL.finditer(text):
                number = match.group(1)
                if text[match.start() - 1].isupper():
                    continue
                if number in self.numbers and number not in self.called and int(number) >= following:
                    found.append((match.start(), match.end(), [number]))
                    following = int(number) + 1
        if not found:
            return text, []
        found.sort()
        calls: list[str] = []
        for start, end, numbers in reversed(found):
            text = text[:start] + text[end:]
            calls[:0] = numbers
        for number in calls:
            if number not in self.called:
                self.called.append(number)
        return text, list(dict.fromkeys(calls))
