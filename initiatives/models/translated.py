"""Fiche content stored once per language, read through one accessor.

Each translated field `x` is stored as `x_nl`, `x_fr`, `x_de`, `x_en`.
`obj.t.x` gives the text in the active language or, when that one is empty,
the first filled language of a fixed fallback order, and says which language
it is, so a template can mark it with `lang` and tell the reader.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import get_language

CONTENT_LANGUAGES = ("nl", "fr", "de", "en")

# Fixed fallback order per interface language. German readers in Belgium live
# in the French-speaking part of Wallonia's province of Liège, so French comes
# before Dutch for them; English readers get the two community languages.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "nl": ("nl", "fr", "en", "de"),
    "fr": ("fr", "nl", "en", "de"),
    "de": ("de", "fr", "nl", "en"),
    "en": ("en", "nl", "fr", "de"),
}


def add_translated_field(model: type[models.Model], name: str, factory, verbose_name) -> None:
    """Add `name_nl`, `name_fr`, … to `model`; `factory` makes one empty-able field."""
    for lang in CONTENT_LANGUAGES:
        field = factory(verbose_name=format_lazy("{} ({})", verbose_name, lang.upper()))
        field.contribute_to_class(model, f"{name}_{lang}")
    model._translated_fields = (*getattr(model, "_translated_fields", ()), name)


@dataclass(frozen=True)
class Translation:
    text: str
    lang: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


class TranslationReader:
    def __init__(self, obj: models.Model, language: str | None = None):
        self._obj = obj
        self._language = language

    def __getattr__(self, name: str) -> Translation:
        if name.startswith("_") or name not in getattr(type(self._obj), "_translated_fields", ()):
            raise AttributeError(name)
        return read_translation(self._obj, name, self._language)


def language_order(language: str | None = None) -> tuple[str, ...]:
    code = (language or get_language() or "nl").split("-")[0]
    return FALLBACKS.get(code, FALLBACKS["nl"])


def read_translation(obj: models.Model, name: str, language: str | None = None) -> Translation:
    order = language_order(language)
    # A field a model stores as a code is written by the catalogues, in every language.
    coded = getattr(obj, "coded_text", None)
    text = coded(name, order[0]) if coded is not None else None
    if text:
        return Translation(text, order[0], False)
    for lang in order:
        text = getattr(obj, f"{name}_{lang}") or ""
        if text.strip():
            return Translation(text, lang, lang != order[0])
    return Translation("", order[0], False)


class TranslatedModel(models.Model):
    class Meta:
        abstract = True

    @property
    def t(self) -> TranslationReader:
        return TranslationReader(self)

    def translations_of(self, name: str) -> dict[str, str]:
        coded = getattr(self, "coded_text", None)
        return {
            lang: (coded(name, lang) if coded is not None else None)
            or getattr(self, f"{name}_{lang}")
            for lang in CONTENT_LANGUAGES
        }
