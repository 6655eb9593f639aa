"""Words to features: tokens, stems, phrases and thesaurus concepts, in the six languages of the graph.

One analyser (:class:`Analyzer`) turns a text in a language into the features the lexical model
counts, and remembers for each feature the words that gave it (its *surface*), so that a match can
be shown as the words a reader sees on each side, not as stems:

* a **word** feature is the stem of a word that is no stop word (``informat`` for
  "information"); Snowball stems English, French, Spanish, Russian and Arabic; Chinese, which has
  no spaces, is read as overlapping pairs of characters;
* a **phrase** feature is two neighbouring stems with no stop word between them
  (``digit divid`` for "digital divide");
* a **concept** feature (``=ict``) is a term of the domain thesaurus found in the text through any
  of its variants (:mod:`wsis_graph.matching.thesaurus`): "ICTs", "information and
  communications technology" and "information and communication technologies" all give ``=ict``.

>>> a = Analyzer()
>>> features = a.features("Closing the digital divide through ICTs", "en")
>>> sorted(features)
['=ict', 'close', 'digit', 'digit divid', 'divid', 'ict']
>>> features["digit divid"]
'digital divide'
>>> sorted(a.features("un réseau mobile", "fr"))
['mobil', 'réseau', 'réseau mobil']
>>> sorted(a.features("信息技术", "zh"))
['信息', '息技', '技术']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from wsis_graph.matching.thesaurus import Thesaurus, load_thesaurus

#: The languages whose words Snowball stems, by the language tag the graph uses.
STEMMED = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic"}
#: The languages the analyser reads (Chinese by pairs of characters).
LANGUAGES = (*STEMMED, "zh")

# Words that say nothing about a topic in these texts: function words, and the verbs and
# quantities of the UN's drafting ("ensure", "by 2030", "all", "including"). Short lists of our
# own for the other languages; the weights of the lexical model discount the rest.
_DRAFTING = {
    "ensure", "promote", "achieve", "increase", "including", "include", "particular", "especially",
    "significantly", "substantially", "support", "strengthen", "enhance", "improve", "develop", "use",
    "level", "levels", "national", "international", "countries", "country", "proportion", "number",
    "total", "rate", "per", "type", "types", "related", "relevant", "appropriate", "order", "ways",
    "means", "based", "area", "areas", "way", "make", "making", "need", "needs", "people", "2015",
    "2020", "2025", "2030", "new", "goal", "goals", "target", "targets",
    "indicator", "indicators", "action", "line", "lines", "paragraph", "e",
}
_OWN_STOP: dict[str, frozenset[str]] = {
    "fr": frozenset("""au aux avec ce ces dans de des du elle en et eux il je la le les leur lui ma mais me même mes moi mon
        ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l
        à m n s t y été être avoir ont sont est d’ici tous toutes tout toute afin ainsi notamment l’ d’ qu’""".split()),
    "es": frozenset("""de la que el en y a los del se las por un para con no una su al lo como más pero sus le ya o este
        sí porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante todos uno les ni
        contra otros ese eso ante ellos e esto mí antes algunos qué unos yo otro otras otra él tanto esa estos mucho
        quienes nada muchos cual poco ella estar estas algunas algo nosotros particular aquí""".split()),
    "ru": frozenset("""и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было
        вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж
        вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтобы без будто
        чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем
        чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через
        эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя
        такой им более всегда конечно всю между году""".split()),
    "ar": frozenset("""في من على إلى عن مع أن إن كان التي الذي الذين هذا هذه ذلك تلك ما لا لم لن و أو ثم قد كل بين حتى
        عام بحلول""".split()),
    "zh": frozenset(),
}


@lru_cache(maxsize=8)
def stop_words(language: str) -> frozenset[str]:
    """The stop words of a language: for English scikit-learn's list and the drafting words above (read when
    first asked for, so that commands that never match a text do not pay for importing scikit-learn)."""
    if language == "en":
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        return frozenset(ENGLISH_STOP_WORDS | _DRAFTING)
    return _OWN_STOP.get(language, frozenset())


_WORD = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u9fff]+")


def fold(text: str) -> str:
    """Lower case, with compatibility forms folded (the typographic apostrophe stays).

    >>> fold("Ｉｎｔｅｒｎｅｔ ＩＣＴ")
    'internet ict'
    """
    return unicodedata.normalize("NFKC", text).lower()


@lru_cache(maxsize=8)
def _stemmer(language: str):
    try:  # PyStemmer, the C build of the same algorithms, where it is installed
        import Stemmer

        return Stemmer.Stemmer(STEMMED[language])
    except ImportError:  # pragma: no cover - the pure-Python package is a dependency
        import snowballstemmer

        return snowballstemmer.stemmer(STEMMED[language])


@lru_cache(maxsize=8)
def _stopped_stems(language: str) -> frozenset[str]:
    """The stems of the stop words (so that "promotes" is stopped as "promote" is)."""
    if language not in STEMMED:
        return frozenset()
    stemmer = _stemmer(language)
    return frozenset(stemmer.stemWord(word) for word in stop_words(language) if len(word) > 3)


def primary(language: str | None) -> str:
    """The primary language of a tag (``zh-hans`` → ``zh``); untagged text counts as English.

    >>> primary("zh-Hans"), primary(None), primary("EN")
    ('zh', 'en', 'en')
    """
    return (language or "en").split("-")[0].lower()


class Analyzer:
    """Texts to features with their surfaces; one per thesaurus (the default: the curated one).

    Args:
        thesaurus: the domain thesaurus whose terms become concept features; ``None`` reads
            ``data/thesaurus/thesaurus.csv``.
        phrases: whether two neighbouring stems make a phrase feature.
        remember: how many texts' features to keep for the next call with the same text (0: none; the
            graph's own texts come back often, the texts a user tags do not and must not pile up).
    """

    def __init__(self, thesaurus: Thesaurus | None = None, *, phrases: bool = True, remember: int = 50_000) -> None:
        self.thesaurus = thesaurus if thesaurus is not None else load_thesaurus()
        self.phrases = phrases
        self.remember = remember
        self._cache: dict[tuple[str, str], dict[str, str]] = {}
        self._compiled: dict[str, list[tuple[str, tuple[str | None, ...]]]] = {}

    def _variants(self, language: str) -> list[tuple[str, tuple[str | None, ...]]]:
        """The thesaurus variants of ``language`` as stem sequences (Chinese: as written)."""
        compiled = self._compiled.get(language)
        if compiled is None:
            compiled = []
            for term, variant in self.thesaurus.variants(language):
                stems = (variant,) if language == "zh" else tuple(stem for stem, _ in self.words(variant, language))
                if any(stems):
                    compiled.append((term, stems))
            self._compiled[language] = compiled
        return compiled

    def concepts(self, text: str, language: str, words: list[tuple[str | None, str]] | None = None) -> dict[str, str]:
        """The thesaurus terms found in ``text``, each with the words that gave it.

        >>> Analyzer().concepts("Training in information and communication technologies", "en")
        {'ict': 'information and communication technologies'}
        """
        language = primary(language)
        found: dict[str, str] = {}
        if language == "zh":
            for term, (variant,) in self._variants(language):
                if variant in text:
                    found.setdefault(term, variant)
            return found
        words = words if words is not None else self.words(text, language)
        stems = [stem for stem, _ in words]
        for term, sequence in self._variants(language):
            if term in found:
                continue
            size = len(sequence)
            for start in range(len(stems) - size + 1):
                if stems[start] == sequence[0] and tuple(stems[start:start + size]) == sequence:
                    found[term] = " ".join(surface for _, surface in words[start:start + size])
                    break
        return found

    def words(self, text: str, language: str) -> list[tuple[str | None, str]]:
        """``(stem, surface)`` for each word in order; ``None`` for a stop word (it breaks a phrase)."""
        language = primary(language)
        stop = stop_words(language)
        out: list[tuple[str | None, str]] = []
        if language == "zh":
            for run in _HAN.findall(text):
                out += [(run[i:i + 2], run[i:i + 2]) for i in range(max(len(run) - 1, 1))]
                out.append((None, ""))
            return out
        stem = _stemmer(language).stemWord if language in STEMMED else (lambda w: w)
        stopped = _stopped_stems(language)
        for match in _WORD.finditer(fold(text)):
            surface = match.group()
            for piece in re.split(r"[-’']", surface) if "-" in surface or "’" in surface or "'" in surface else [surface]:
                if not piece or piece in stop or piece.isdigit() or len(piece) < 2:
                    out.append((None, piece))
                else:
                    stemmed = stem(piece)
                    out.append((None, piece) if stemmed in stopped else (stemmed, piece))
        return out

    def features(self, text: str, language: str) -> dict[str, str]:
        """Each feature of ``text`` (a word stem, a phrase ``stem stem``, a concept ``=term``) with
        the words that gave it first."""
        key = (text, primary(language))
        found = self._cache.get(key)
        if found is not None:
            return found
        found = {}
        language = primary(language)
        previous: tuple[str, str] | None = None
        words = self.words(text, language)
        for stem, surface in words:
            if stem is None:
                previous = None
                continue
            found.setdefault(stem, surface)
            if self.phrases and language != "zh" and previous is not None and previous[0] != stem:
                found.setdefault(f"{previous[0]} {stem}", f"{previous[1]} {surface}")
            previous = (stem, surface)
        for term, surface in self.concepts(text, language, words).items():
            found.setdefault(f"={term}", surface)
        if len(self._cache) < self.remember:
            self._cache[key] = found
        return found

    def counts(self, texts: Iterable[str], language: str) -> dict[str, int]:
        """How many of ``texts`` hold each feature (a feature counts once per text)."""
        out: dict[str, int] = {}
        for text in texts:
            for feature in self.features(text, language):
                out[feature] = out.get(feature, 0) + 1
        return out


def describe(feature: str) -> str:
    """What kind of feature this is: ``concept``, ``phrase`` or ``word``.

    >>> describe("=ict"), describe("digit divid"), describe("health")
    ('concept', 'phrase', 'word')
    """
    if feature.startswith("="):
        return "concept"
    return "phrase" if " " in feature else "word"


__all__ = ["Analyzer", "LANGUAGES", "STEMMED", "describe", "fold", "primary", "stop_words"]
