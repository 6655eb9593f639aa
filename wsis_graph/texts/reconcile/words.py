"""How far two passages say the same thing: a rough measure on the words they share.

Own-words summaries never repeat the official wording, so the measure compares word stems (the
first six letters of each word of four letters or more, common function words left out) and asks
how many of the summary's stems the official text holds. It is a signal for a person, never a
decision: a low share next to a much higher one elsewhere in the text is reported as a conflict,
and the two passages are shown side by side.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOP = frozenset(
    "about above across after again against along also among because been before being between both "
    "could does down during each every from further have having here into itself just more most much must "
    "only other over same should some such than that their them then there these they this those through "
    "under until upon very were what when where which while whom will with within without would your "
    "ours ourselves including ensure support promote".split()
)


def stems(text: str) -> frozenset[str]:
    """The stems of the words of ``text`` that carry meaning.

    >>> sorted(stems("Connect every school to the Internet by 2030, connecting schools"))
    ['connec', 'intern', 'school']
    """
    words = (w.lower() for w in _WORD.findall(text))
    return frozenset(w[:6] for w in words if len(w) >= 4 and w not in _STOP)


def share(summary: str, text: str) -> float:
    """The share of the summary's stems that the text holds (0 when the summary has none).

    >>> share("Connect every school", "Every school is to be connected")
    1.0
    >>> share("Connect every school", "Protect the oceans")
    0.0
    """
    mine = stems(summary)
    if not mine:
        return 0.0
    return len(mine & stems(text)) / len(mine)


def best_other(summary: str, texts: dict[str, str], own: str) -> tuple[str, float] | None:
    """The reference (other than ``own``) whose text holds the largest share of the summary's stems."""
    scored = [(share(summary, text), ref) for ref, text in texts.items() if ref != own]
    if not scored:
        return None
    score, ref = max(scored)
    return ref, score


__all__ = ["best_other", "share", "stems"]
