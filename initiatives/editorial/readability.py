"""How plain the fiche texts that families read are: words per sentence.

Families read a fiche's summary, its family text (or, when it has none, its
description) and its confidentiality text. The target is a reading age of about
12: at most 15 words a sentence on average and no sentence over 25 words.
"""

import re
from dataclasses import dataclass

MAX_AVERAGE_WORDS = 15
MAX_SENTENCE_WORDS = 25

SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
# A word: letters or digits, joined by an apostrophe, a hyphen or the inclusive
# middle dot ("l'équipe", "2015-2017", "confronté·e" are one word each).
WORD = re.compile(r"[^\W_]+(?:['’·-][^\W_]+)*")


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text.strip()) if WORD.search(s)]


def word_count(sentence: str) -> int:
    return len(WORD.findall(sentence))


def texts(data: dict, key: str) -> dict[str, str]:
    """The filled languages of a translated key of a fixture record."""
    return {lang: text.strip() for lang, text in (data.get(key) or {}).items() if text}


def family_texts(data: dict, lang: str) -> list[str]:
    """The fiche texts of a fixture record that the family page shows in `lang`."""
    about = texts(data, "family_text") or texts(data, "description")
    parts = (texts(data, "summary"), about, texts(data, "confidentiality"))
    return [part[lang] for part in parts if lang in part]


@dataclass(frozen=True)
class Measure:
    sentences: int
    words: int
    longest: int
    too_long: int  # sentences over MAX_SENTENCE_WORDS

    @property
    def average(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def plain(self) -> bool:
        return self.average <= MAX_AVERAGE_WORDS and self.longest <= MAX_SENTENCE_WORDS


def measure(texts_: list[str]) -> Measure | None:
    counts = [word_count(s) for text in texts_ for s in sentences(text)]
    if not counts:
        return None
    too_long = sum(count > MAX_SENTENCE_WORDS for count in counts)
    return Measure(len(counts), sum(counts), max(counts), too_long)
