"""Each article's language: the English model runs only on English text; other languages get
the pipeline the config names for them, else no entities (and the reader says why)."""

import json

import pytest

from reader.core.entities import Entities, Entity, language
from reader.core.entities.process import EntityProcess
from reader.core.library import load_article
from tests.conftest import SEED_000

RUSSIAN = (
    "Путин встретился с Лукашенко в Москве\n\n"
    "Президент России Владимир Путин во вторник встретился в Москве с президентом Белоруссии "
    "Александром Лукашенко. Что обсуждали лидеры, в Кремле не уточнили. Какую помощь получит Минск, "
    "станет известно позже, сообщает агентство ТАСС.\n\n"
    "Встреча продолжалась около трёх часов.\n"
)
KOREAN = "서울 시장 선거\n\n서울시장 선거가 다음 달에 열린다. 후보들은 오늘 서울에서 토론회를 가졌다. 시민들의 관심이 높다.\n"
FRENCH = (
    "Le président à Paris\n\n"
    "Le président de la République a annoncé mardi à Paris une réforme des retraites. "
    "Les syndicats ont appelé à une grève nationale pour jeudi prochain.\n"
)


def write(folder, name: str, text: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return load_article(folder / name, name)


def test_languages_are_told_from_the_text():
    assert language.detect(RUSSIAN) == "ru"
    assert language.detect(KOREAN) == "ko"
    assert language.detect(FRENCH) == "fr"
    assert language.detect("The prime minister said on Tuesday that the budget would be cut by a third.") == "en"
    assert language.detect("2005 — 3:1") == language.UNDETERMINED  # too little to tell
    assert language.name("ru") == "Russian" and language.name("ace") == "ace"
    assert language.speaks("en", "en") and language.speaks("en", "und") and language.speaks("xx", "ru")
    assert not language.speaks("en", "ru")


def test_the_english_model_does_not_run_on_russian(tmp_path, seeds, recognizer):
    russian = write(tmp_path / "lib", "ru.txt", RUSSIAN)
    english = load_article(seeds / SEED_000, SEED_000)
    entities = Entities(tmp_path / "cache", None)
    assert entities.of(russian) == []
    assert entities.unspoken(russian) == "ru" and entities.indexed(russian.fingerprint)
    assert entities.of(english) != [] and entities.unspoken(english) is None
    again = Entities(tmp_path / "cache", None)  # a restart: the language is kept with the entities
    assert again.cached(russian) == [] and again.language_of(russian) == "ru"
    assert again.cached(english) == entities.of(english) and again.language_of(english) == "en"


def test_index_tells_the_language_of_articles_cached_before(tmp_path, seeds, recognizer):
    """Lines written before languages were told are used as they are until `reader index`
    tells them: the Russian one loses the English model's entities, the English one keeps
    its entities without the model running again."""
    russian = write(tmp_path / "lib", "ru.txt", RUSSIAN)
    english = load_article(seeds / SEED_000, SEED_000)
    entities = Entities(tmp_path / "cache", None)
    old_ru, old_en = [Entity(0, 5, "PERSON")], [Entity(0, 3, "ORG")]  # not what the model finds
    entities.cache.path.parent.mkdir(parents=True)
    with entities.cache.path.open("w") as handle:
        for article, found in ((russian, old_ru), (english, old_en)):
            handle.write(json.dumps({"fp": article.fingerprint, "e": [list(e) for e in found]}) + "\n")
    before = Entities(tmp_path / "cache", None)
    assert before.cached(russian) == old_ru and not before.indexed(russian.fingerprint)
    assert not before.indexed(english.fingerprint)
    assert before.index([russian, english]) == 2
    after = Entities(tmp_path / "cache", None)
    assert after.cached(russian) == [] and after.cached(english) == old_en
    assert after.index([russian, english]) == 0


@pytest.fixture(scope="module")
def french_pipeline(tmp_path_factory):
    """A French pipeline with an entity recognizer (untrained: what it finds does not matter
    here, only that it is the one that runs)."""
    import spacy

    nlp = spacy.blank("fr")
    nlp.add_pipe("ner").add_label("PER")
    nlp.initialize()
    nlp.meta["name"] = "test_ner"
    folder = tmp_path_factory.mktemp("fr_pipeline")
    nlp.to_disk(folder)
    return str(folder)


def test_a_pipeline_named_for_a_language_is_used_for_it(tmp_path, french_pipeline, recognizer):
    french = write(tmp_path / "lib", "fr.txt", FRENCH)
    russian = write(tmp_path / "lib", "ru.txt", RUSSIAN)
    entities = Entities(tmp_path / "cache", None, models={"fr": french_pipeline})
    found = entities.of(french)
    assert entities.unspoken(french) is None and entities.indexed(french.fingerprint)
    french_cache = entities._cache_of(french_pipeline)
    assert french_cache.model_key == "fr_test_ner-0.0.0" and french_cache.get(french.fingerprint) == found
    assert entities.of(russian) == [] and entities.unspoken(russian) == "ru"
    # `reader index` with the model named after the French article was told: it runs then
    later = tmp_path / "later"
    plain = Entities(later, None)
    assert plain.index([french]) == 1 and plain.unspoken(french) == "fr"
    named = Entities(later, None, models={"fr": french_pipeline})
    assert not named.indexed(french.fingerprint)
    assert named.index([french]) == 1 and named.indexed(french.fingerprint) and named.unspoken(french) is None


def test_the_entity_child_tells_the_language_first():
    child = EntityProcess(None)
    try:
        told, found = child.tell(RUSSIAN, [])
        assert (told, found) == ("ru", None)
        told, found = child.tell("Angela Merkel spoke in Berlin on Tuesday with the French president.", [])
        assert told == "en" and found and {e.label for e in found} >= {"PERSON", "GPE"}
    finally:
        child.close()


def test_a_pipeline_named_for_a_language_that_cannot_be_loaded_is_named_and_stops_nothing(tmp_path, seeds, recognizer):
    from reader.core.entities import ModelUnavailable

    russian = write(tmp_path / "lib", "ru.txt", RUSSIAN)
    english = load_article(seeds / SEED_000, SEED_000)
    entities = Entities(tmp_path / "cache", None, models={"ru": "no_such_model_xyz"})
    warned: list[str] = []
    assert entities.index([russian, english], warn=warned.append) == 1
    assert entities.indexed(english.fingerprint) and not entities.indexed(russian.fingerprint)
    assert len(warned) == 1 and "names for Russian ('no_such_model_xyz') cannot be loaded" in warned[0]
    assert entities.cached(russian) is None  # not indexed: `of` says why
    with pytest.raises(ModelUnavailable, match="take ru out of `models`"):
        entities.of(russian)
