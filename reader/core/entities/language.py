"""An article's language, told offline by py3langid (its model ships in the wheel).

The model takes 0.8 s to load, once per process: in the entity child and in the command
line, never in the app's UI process. Then about 2.5 ms an article (the first 3,000
characters are enough). Text too short or too mixed to tell is "und" (undetermined), and
is treated as the language of the main model."""

from __future__ import annotations

import functools
import re
from typing import Any

UNDETERMINED = "und"
SAMPLE = 3_000  # characters read from the start of the body
MIN_LETTERS = 40  # fewer letters than this cannot be told
MIN_CONFIDENCE = 0.6

_LETTER = re.compile(r"[^\W\d_]")

NAMES = {
    "af": "Afrikaans", "am": "Amharic", "ar": "Arabic", "az": "Azerbaijani", "be": "Belarusian",
    "bg": "Bulgarian", "bn": "Bengali", "br": "Breton", "bs": "Bosnian", "ca": "Catalan", "cs": "Czech",
    "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English", "eo": "Esperanto",
    "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish", "fo": "Faroese",
    "fr": "French", "fy": "Frisian", "ga": "Irish", "gd": "Scottish Gaelic", "gl": "Galician",
    "gu": "Gujarati", "ha": "Hausa", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "ht": "Haitian Creole",
    "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian", "ig": "Igbo", "is": "Icelandic", "it": "Italian",
    "ja": "Japanese", "jv": "Javanese", "ka": "Georgian", "kk": "Kazakh", "km": "Khmer", "kn": "Kannada",
    "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin", "lb": "Luxembourgish", "lo": "Lao",
    "lt": "Lithuanian", "lv": "Latvian", "mg": "Malagasy", "mk": "Macedonian", "ml": "Malayalam",
    "mn": "Mongolian", "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "my": "Burmese", "ne": "Nepali",
    "nl": "Dutch", "nn": "Norwegian Nynorsk", "no": "Norwegian", "oc": "Occitan", "pa": "Punjabi",
    "pl": "Polish", "ps": "Pashto", "pt": "Portuguese", "qu": "Quechua", "ro": "Romanian", "ru": "Russian",
    "rw": "Kinyarwanda", "si": "Sinhala", "sk": "Slovak", "sl": "Slovenian", "so": "Somali", "sq": "Albanian",
    "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tg": "Tajik",
    "th": "Thai", "tl": "Tagalog", "tr": "Turkish", "tt": "Tatar", "ug": "Uyghur", "uk": "Ukrainian",
    "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese", "xh": "Xhosa", "yo": "Yoruba", "zh": "Chinese",
    "zu": "Zulu",
}  # fmt: skip


def setting(code: str) -> str:
    """The config line that names a pipeline for a language, as messages suggest it."""
    return f'models = {{ {code} = "…" }}'


def name(code: str) -> str:
    """ "Russian" for "ru"; a code with no name here is shown as itself."""
    return NAMES.get(code, code)


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> str:
    """The ISO 639-1 code of the text's language (639-3 where there is none), or "und"."""
    sample = text[:SAMPLE]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return UNDETERMINED
    code, confidence = _identifier().classify(sample)
    return code if confidence >= MIN_CONFIDENCE else UNDETERMINED


def of_model(key: str) -> str:
    """The language of a model from its cache key ("en_core_web_sm-3.8.0": "en"); "xx"
    is spaCy's code for a multi-language pipeline."""
    return key.split("_", 1)[0]


def speaks(model_language: str, language: str) -> bool:
    """Whether a model of `model_language` runs on text in `language`."""
    return model_language in ("xx", language) or language == UNDETERMINED
