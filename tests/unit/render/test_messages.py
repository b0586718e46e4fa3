"""Message catalogues: merging down the chain, `t()`, choosing the language."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.render.messages import MessageKeyError

from ..theme_helpers import BASE, load, loaded, render


def test_t_reads_the_catalogue_and_fills_placeholders(tmp_path: Path) -> None:
    files = {**BASE, "default/templates/t.html": '{{ t("greeting") }} {{ t("count", n=3) }}'}
    files["default/messages/en/extra.yaml"] = "count: '{n} lessons'\n"
    theme = loaded(tmp_path, "default", files)
    assert render(theme, "t.html") == "Hello 3 lessons"


def test_a_missing_message_key_is_an_error_naming_the_key(tmp_path: Path) -> None:
    theme = loaded(tmp_path, "default", {**BASE, "default/templates/t.html": '{{ t("greting") }}'})
    with pytest.raises(MessageKeyError, match="'greting'") as caught:
        render(theme, "t.html")
    assert caught.value.key == "greting"


def test_child_messages_override_parent_messages(tmp_path: Path) -> None:
    files = {
        **BASE,
        "child/theme.yaml": "extends: default\n",
        "child/messages/en/layout.yaml": "greeting: Hi there\n",
        "child/messages/nl/layout.yaml": "greeting: Hallo\n",
    }
    theme = loaded(tmp_path, "child", files)
    assert theme.messages["en"] == {"farewell": "Bye", "greeting": "Hi there"}
    assert theme.messages["nl"] == {"greeting": "Hallo"}


def test_nested_message_keys_are_joined_with_dots(tmp_path: Path) -> None:
    files = {**BASE, "default/messages/en/layout.yaml": "callout:\n  tip: Tip\n  note: Note\n"}
    theme = loaded(tmp_path, "default", files)
    assert theme.messages["en"] == {"callout.note": "Note", "callout.tip": "Tip"}


def test_a_yes_or_no_that_yaml_reads_as_a_boolean_is_reported(tmp_path: Path) -> None:
    files = {**BASE, "default/messages/en/layout.yaml": "greeting: Hello\nanswer_no: No\n"}
    _, diagnostics = load(tmp_path, "default", files)
    [diagnostic] = diagnostics
    assert diagnostic.code == "E402"
    assert diagnostic.span is not None
    assert (diagnostic.span.path, diagnostic.span.line) == ("themes/default/messages/en/layout.yaml", 2)
    assert diagnostic.hint is not None
    assert "quotes" in diagnostic.hint


def test_one_key_in_two_files_of_a_language_is_reported(tmp_path: Path) -> None:
    files = {**BASE, "default/messages/en/runtime.yaml": "other: x\ngreeting: Hey\n"}
    _, diagnostics = load(tmp_path, "default", files)
    [diagnostic] = diagnostics
    assert diagnostic.code == "E402"
    assert "'greeting'" in diagnostic.message
    assert diagnostic.span is not None
    assert (diagnostic.span.path, diagnostic.span.line) == ("themes/default/messages/en/runtime.yaml", 2)


@pytest.mark.parametrize(
    ("language", "chosen"),
    [("nl", "nl"), ("nl-BE", "nl-BE"), ("NL-be", "nl-BE"), ("nl-NL", "nl"), ("de", None), ("fy-NL", None)],
)
def test_language_choice_exact_then_primary_subtag_never_another_language(
    tmp_path: Path, language: str, chosen: str | None
) -> None:
    files = {
        **BASE,
        "default/messages/nl/a.yaml": "greeting: Hallo\n",
        "default/messages/nl-BE/a.yaml": "greeting: Dag\n",
    }
    theme = loaded(tmp_path, "default", files)
    assert theme.select_language(language) == chosen


def test_no_catalogue_at_all_selects_nothing(tmp_path: Path) -> None:
    theme = loaded(tmp_path, "solo", {"solo/theme.yaml": ""})
    assert theme.select_language("nl") is None
