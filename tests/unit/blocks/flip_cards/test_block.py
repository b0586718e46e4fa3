from __future__ import annotations

import pytest
from pydantic import ValidationError

from compiler.blocks.base import worst_panel_state
from compiler.blocks.flip_cards.block import BLOCK, MAX_CARDS, FlipCards
from compiler.blocks.registry import read_block_file

from ..helpers import lesson_from


def _cards(count: int) -> list[dict[str, str]]:
    return [{"front": f"Kaart {n}", "back": "Uitleg."} for n in range(count)]


def test_flip_cards_take_one_to_twelve_cards_each_with_a_front_and_a_back() -> None:
    assert FlipCards.model_validate({"cards": _cards(1)}).state_size() == 1
    assert FlipCards.model_validate({"cards": _cards(MAX_CARDS)}).state_size() == MAX_CARDS == 12
    wrong_inputs: tuple[dict[str, object], ...] = (
        {"cards": []},
        {"cards": _cards(MAX_CARDS + 1)},
        {"cards": [{"front": "Alleen een voorkant"}]},
        {"cards": [{"front": " ", "back": "Leeg"}]},
        {"cards": _cards(2), "kleur": "rood"},
    )
    for wrong in wrong_inputs:
        with pytest.raises(ValidationError):
            FlipCards.model_validate(wrong)


def test_the_worst_state_is_every_card_turned_in_the_panels_codec() -> None:
    cards = FlipCards.model_validate({"cards": _cards(7)})
    assert (cards.required, BLOCK.codec) == (False, "panels")
    assert cards.worst_state() == worst_panel_state(7) == "B_B_"  # two digits per mask above 6 cards


def test_a_repeated_front_is_an_error_at_the_card_and_a_single_card_a_warning() -> None:
    repeated = FlipCards.model_validate(
        {"cards": [{"front": "Twee vinkjes", "back": "a"}, {"front": "twee  Vinkjes", "back": "b"}]}
    )
    assert [(f.code, f.loc) for f in repeated.findings()] == [("E211", ("cards", 1, "front"))]
    single = FlipCards.model_validate({"cards": _cards(1)})
    assert [(f.code, f.severity, f.loc) for f in single.findings()] == [("W322", "warning", ("cards",))]


def test_a_card_back_is_markdown_whose_images_are_checked() -> None:
    lesson, diagnostics = lesson_from(
        "```flip_cards\ncards:\n  - front: Foto\n    back: |\n      ![Een foto](media/weg.png)\n"
        "  - front: B\n    back: b\n```\n"
    )
    assert lesson is not None
    assert diagnostics == []
    assert BLOCK.markdown_fields == (("cards", "*", "back"),)
    [placed] = lesson.registered_blocks()
    assert placed.id == "les-flip_cards-1"


def test_the_documented_card_limit_is_the_models() -> None:
    readme = read_block_file("flip_cards", "README.md").decode("utf-8")
    assert f"# 1 to {MAX_CARDS} (one card is a warning, W322)" in readme
