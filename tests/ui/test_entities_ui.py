from textual.widgets import OptionList

from reader.ui.dialogs import EntityArticles, LabelPicker
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.entity_panel import EntityPanel
from tests.conftest import SEED_000, SEED_003
from tests.ui.conftest import SIZE, screen_text, settle
from tests.ui.test_article_screen import cursor_text, open_putin


async def test_entities_are_coloured_with_a_legend_and_hidden_labels(make_app, recognizer):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_putin(app, pilot)
        await settle(app, pilot)
        text = screen_text(app)
        for label in ("GPE", "ORG", "PERSON", "DATE", "CARDINAL"):
            assert label in text
        assert {"PERSON", "GPE", "ORG"} <= set(view.entity_styles)
        assert "CARDINAL" not in view.entity_styles  # hidden by default (config hidden_labels)
        body = view.article.body
        assert ("Alexander Lukashenko", "PERSON") in {(e.text(body), e.label) for e in view.entities}
        # the first line's text is drawn in PERSON's colour where the name is
        person = view.entity_styles["PERSON"].color
        line = view.render_line(0)
        coloured = "".join(seg.text for seg in line if seg.style and seg.style.color == person)
        assert "Alexander" in coloured or "Lukashenko" in coloured or "Vladimir Putin" in coloured


async def test_entity_panel_jumps_through_mentions_and_toggles_labels(make_app, recognizer):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_putin(app, pilot)
        await settle(app, pilot)
        await pilot.press("e")
        panel = app.screen.query_one(EntityPanel)
        assert panel.display and panel.has_focus
        assert "Alexander Lukashenko ×" in screen_text(app)
        # find the Lukashenko group in the tree and move the cursor onto it
        target = next(n for n in panel.root.children if n.data == "PERSON").children[0]
        assert target.data.name == "Alexander Lukashenko"
        panel.move_cursor(target)
        await pilot.press("enter")
        first = view.current_match
        start, end = view.matches[first]
        assert view.article.body[start:end] in ("Alexander Lukashenko", "Lukashenko")
        assert view.cursor_span[0] <= start < view.cursor_span[1]
        await pilot.press("enter")
        assert view.current_match == first + 1
        await pilot.press("shift+enter")
        assert view.current_match == first
        # v hides the label in the text and the legend
        await pilot.press("v")
        assert "PERSON" not in view.entity_styles
        await pilot.press("v")
        assert "PERSON" in view.entity_styles
        await pilot.press("escape")  # closes the panel, back to the text
        assert not panel.display and view.has_focus


async def test_correct_an_entity_from_a_selection(make_app, recognizer):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_putin(app, pilot)
        await settle(app, pilot)
        # "Follow Army Recognition on Google News at this link": select it, label it ORG
        await pilot.press("j", "j")
        assert cursor_text(view).startswith("Follow Army Recognition")
        await pilot.press("shift+down", "shift+up")  # a selection of exactly this sentence
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LabelPicker)
        await pilot.press("home", *["down"] * 3, "enter")  # PERSON NORP FAC ORG
        await settle(app, pilot)
    corrections = app.services.store.corrections.rules()
    assert corrections == {"Follow Army Recognition on Google News at this link": "ORG"}


async def test_mark_not_an_entity_applies_everywhere(make_app, recognizer):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_putin(app, pilot)
        await settle(app, pilot)
        await pilot.press("L")  # the first entity in the first sentence
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, LabelPicker)
        name = picker.text
        await pilot.press("end")
        await pilot.press("enter")  # the last option: "Not an entity"
        await settle(app, pilot)
        assert not any(e.text(view.article.body) == name for e in view.entities)
        await pilot.press("right_square_bracket")  # the other article
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        assert not any(e.text(view.article.body) == name for e in view.entities)
    assert app.services.store.corrections.rules() == {name: None}


async def test_articles_mentioning_an_entity(make_app, recognizer):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_putin(app, pilot)
        await settle(app, pilot)
        await pilot.press("e")
        panel = app.screen.query_one(EntityPanel)
        target = next(n for n in panel.root.children if n.data == "PERSON").children[0]
        panel.move_cursor(target)
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, EntityArticles)
        text = screen_text(app)
        assert "Putin and Lukashenko agree" in text and "Leader says Belarus expects" in text
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert app.screen.article_id in (SEED_000, SEED_003)


async def test_no_model_the_reader_still_works_and_says_how_to_fix(home, recognizer):
    from reader.services import Services
    from reader.ui.app import ReaderApp

    app = ReaderApp(Services.build(model="no_such_model_xyz"))
    async with app.run_test(size=(140, 32)) as pilot:
        view = await open_putin(app, pilot)
        await settle(app, pilot)
        text = screen_text(app)
        assert "Entities are off" in text and "cannot be loaded" in text
        assert "According to Interfax" in text
        await pilot.press("j")
        assert cursor_text(view).startswith("This was announced")


async def test_library_filter_by_entity(make_app, recognizer):
    app = make_app()
    # index one article only: the other is reported as not indexed yet
    from reader.core.library import load_article
    from reader.core.paths import seeds_dir

    app.services.entities.of(load_article(seeds_dir() / SEED_000, SEED_000))
    async with app.run_test(size=(140, 32)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"@lukash")
        await settle(app, pilot)
        text = screen_text(app)
        assert "Putin and Lukashenko agree" in text and "Leader says" not in text
        assert "1 not indexed yet" in text
        await pilot.press(*["backspace"] * 7, *"@nobody")
        await settle(app, pilot)
        assert "Putin and Lukashenko agree" not in screen_text(app)


async def test_entity_panel_opens_on_an_entity_moves_with_j_k_g_and_stays_a_third_wide(make_app, recognizer):
    app = make_app()
    async with app.run_test(size=(90, 30)) as pilot:
        view = await open_putin(app, pilot)
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        panel = app.screen.query_one(EntityPanel)
        first = panel.cursor_node
        assert first is not None and not isinstance(first.data, str)  # an entity, not a label
        await pilot.press("enter")  # so enter jumps at once
        assert view.matches and view.current_match is not None
        await pilot.press("j")
        assert panel.cursor_node is not first
        await pilot.press("k")
        assert panel.cursor_node is first
        await pilot.press("G")
        assert panel.cursor_line == panel.last_line
        await pilot.press("g")
        assert panel.cursor_line == 0
        assert panel.size.width <= 90 // 3 + 1  # a third of a narrow terminal at most
        before = len(app.services.store.highlights.all())
        await pilot.press("h")  # the article's keys work from the panel
        assert len(app.services.store.highlights.all()) == before + 1


async def test_explore_shows_top_entities_what_appears_with_them_and_says_what_is_not_indexed(make_app, recognizer):
    from reader.ui.screens.explore import ExploreScreen

    app = make_app()
    app.services.scan()
    app.services.entities.of(app.services.library.load(SEED_003))  # one seed indexed, the other not
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("x")
        await settle(app, pilot)
        assert isinstance(app.screen, ExploreScreen)
        text = screen_text(app)
        assert "GPE" in text and "Belarus" in text and "█" in text
        assert "1 article indexed; 1 article not indexed yet: run `reader index`" in text
        assert "Appears with (articles together · lift):" in text and "Mentions over time" in text and "2021-10" in text
        await pilot.press("enter")  # its articles
        await settle(app, pilot)
        assert "Leader says Belarus expects big shipment" in screen_text(app)


async def test_correct_one_mention_here_only_and_see_it_marked_as_yours(make_app, recognizer):
    """`L`, then `s`: the label applies to this mention only; the panel marks it as the user's."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_putin(app, pilot)
        await settle(app, pilot)
        body = view.article.body
        await pilot.press("e")
        panel = app.screen.query_one(EntityPanel)
        target = next(n for n in panel.root.children if n.data == "GPE").children[0]
        name = target.data.name
        assert len(target.data.spans) > 2
        panel.move_cursor(target)
        await pilot.press("enter", "enter")  # to its second mention
        start, end = view.matches[view.current_match]
        await pilot.press("escape", "L")  # close the panel, correct the mention the cursor is on
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, LabelPicker) and picker.text == name
        await pilot.press("s")  # here only
        assert "here only" in str(picker.query_one("#modal-box").border_title)
        await pilot.press("home", *["down"] * 5, "enter")  # PERSON NORP FAC ORG GPE LOC
        await settle(app, pilot)
        labels = {(e.start, e.end): e.label for e in view.entities if e.text(body) == name}
        assert labels[(start, end)] == "LOC"
        assert [label for span, label in labels.items() if span != (start, end)] == ["GPE"] * (len(labels) - 1)
        await pilot.press("e")
        await pilot.pause()
        loc = next(n for n in panel.root.children if n.data == "LOC")
        loc.expand()
        await pilot.pause()
        panel.move_cursor(next(leaf for leaf in loc.children if leaf.data.name == name))
        await pilot.pause()
        assert f"{name} ×1  ✎ yours" in screen_text(app)
        store = app.services.store
        assert store.corrections.rules() == {}  # no rule for every article
        [mention] = store.corrections.mentions()
        assert (mention["start"], mention["end"], mention["text"], mention["label"]) == (start, end, name, "LOC")
    # after a restart the mention keeps its label; `L`, `s` (it opens in "here only"), remove: the model's again
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_putin(app, pilot)
        await settle(app, pilot)
        assert {(e.start, e.end): e.label for e in view.entities}[(start, end)] == "LOC"
        view.set_matches([(start, end)], 0)
        await pilot.press("L")
        await pilot.pause()
        assert "here only" in str(app.screen.query_one("#modal-box").border_title)
        await pilot.press("end", "enter")  # "Remove my correction"
        await settle(app, pilot)
        assert {(e.start, e.end): e.label for e in view.entities}[(start, end)] == "GPE"
        assert app.services.store.corrections.mentions() == []


async def test_the_label_picker_moves_with_j_k_g_G_and_its_own_label_changes_nothing(make_app, recognizer):
    from tests.ui.conftest import notes

    app = make_app()
    shown = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_putin(app, pilot)
        await settle(app, pilot)
        await pilot.press("L")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, LabelPicker) and picker.current not in (None, "NORP")
        options = picker.query_one(OptionList)
        assert options.get_option_at_index(options.highlighted).id == picker.current  # opens on its label
        await pilot.press("enter")
        await settle(app, pilot)
        assert shown[-1] == f"Unchanged: {picker.text} is {picker.current} already."
        assert app.services.store.corrections.rules() == {}
        await pilot.press("L")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        await pilot.press("G")
        assert options.highlighted == options.option_count - 1
        await pilot.press("g")
        assert options.highlighted == 0
        await pilot.press("j", "j")
        assert options.highlighted == 2
        await pilot.press("k")
        assert options.get_option_at_index(options.highlighted).id == "NORP"  # PERSON NORP FAC ...
        await pilot.press("enter")
        await settle(app, pilot)
    assert app.services.store.corrections.rules() == {picker.text: "NORP"}


async def test_entities_found_by_reader_index_in_a_shell_reach_the_open_app(make_app, home, recognizer):
    """`@` in the open app sees what `reader index` found in another process, without a restart."""
    import asyncio
    import subprocess
    import sys

    from reader.ui.widgets.article_list import ArticleList

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"@lukashenko", "enter")
        await settle(app, pilot)
        listing = app.screen.query_one(ArticleList)
        assert listing.entries == [] and "2 not indexed yet" in screen_text(app)
        command = [sys.executable, "-m", "reader", "index", "--processes", "1"]
        done = await asyncio.to_thread(subprocess.run, command, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        for _ in range(40):  # read in within a few seconds
            await pilot.pause(0.25)
            if len(listing.entries) == 2:
                break
        assert len(listing.entries) == 2 and "not indexed yet" not in screen_text(app)


async def test_an_article_in_a_language_with_no_model_says_so(home, make_app, recognizer):
    from tests.core.entities.test_language import RUSSIAN

    (home / "config.toml").write_text("include_seeds = false\n")
    (home / "library").mkdir(exist_ok=True)
    (home / "library" / "ru.txt").write_text(RUSSIAN, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article.title.startswith("Путин") and view.entities == []
        assert 'no entity model for Russian: name one in the config, e.g. models = { ru = "…" }' in screen_text(app)


async def test_an_article_cached_by_an_older_reader_has_its_language_told_when_opened(home, make_app, recognizer):
    """Entities cached before languages were told are drawn at once, then the language is
    told off the UI: a Russian page loses what the English model found in it."""
    import json

    from reader.core.library import load_article
    from tests.core.entities.test_language import RUSSIAN

    (home / "config.toml").write_text("include_seeds = false\n")
    (home / "library").mkdir(exist_ok=True)
    (home / "library" / "ru.txt").write_text(RUSSIAN, encoding="utf-8")
    app = make_app()
    fingerprint = load_article(home / "library" / "ru.txt", "ru.txt").fingerprint
    cache = app.services.entities.cache
    cache.path.parent.mkdir(parents=True, exist_ok=True)
    cache.path.write_text(json.dumps({"fp": fingerprint, "e": [[0, 9, "PERSON"]]}) + "\n")  # no "lang"
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        for _ in range(50):  # the entity process may be starting: up to 10 s
            if app.screen.query_one(ArticleView).entities == []:
                break
            await pilot.pause(0.2)
        await settle(app, pilot)
        assert app.screen.query_one(ArticleView).entities == []
        assert "no entity model for Russian" in screen_text(app)
    assert '"lang": "ru"' in cache.path.read_text()


async def test_l_in_the_entity_panel_corrects_the_entity_under_its_cursor(make_app, recognizer):
    """Not the first entity of the sentence the reading cursor is in (#42: `L` on "Beastie
    Boys" asked "What is US?")."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_putin(app, pilot)
        await settle(app, pilot)
        in_sentence = {e.text(view.article.body) for e in view.entities_in(*view.cursor_span)}
        await pilot.press("e")
        panel = app.screen.query_one(EntityPanel)
        groups = [leaf for label in panel.root.children for leaf in label.children]
        target = next(leaf for leaf in groups if leaf.data.name not in in_sentence)
        panel.move_cursor(target)
        await pilot.press("L")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, LabelPicker) and picker.text == target.data.name
        assert picker.current == target.data.label


async def test_explore_rows_are_one_line_each_at_80_and_120_and_names_come_before_dates(make_app, recognizer):
    for size in ((80, 24), (120, 35)):
        app = make_app()
        app.services.scan()
        for article_id in (SEED_000, SEED_003):
            app.services.entities.of(app.services.library.load(article_id))
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            await pilot.press("x")
            await settle(app, pilot)
            lines = screen_text(app).splitlines()
            belarus = next(line for line in lines if "  Belarus " in line and "art." in line)
            assert "█" in belarus and "2 art." in belarus and "20×" in belarus  # name, bar and counts on one line
            assert not any(line.split("│")[0].strip("▊▎ ").endswith("×") and "art." not in line for line in lines)
            labels = [line.strip("▊▎ ").split()[0] for line in lines if line.startswith("▊ ") and line[2] != " "]
            assert labels[0] == "GPE" and ("DATE" not in labels or labels.index("DATE") > labels.index("ORG"))
