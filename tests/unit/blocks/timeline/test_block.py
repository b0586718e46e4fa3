from __future__ import annotations

import pytest
from pydantic import ValidationError

from compiler.blocks.timeline.block import BLOCK, MAX_EVENTS, Timeline, out_of_order


def _timeline(*events: dict[str, object]) -> Timeline:
    return Timeline.model_validate({"events": list(events)})


def test_dates_are_years_months_or_days_and_a_year_may_be_a_number() -> None:
    timeline = _timeline({"date": 2009, "title": "Begin"}, {"date": "2014-02", "title": "Koop"})
    assert [event.date for event in timeline.events] == ["2009", "2014-02"]
    for wrong in ("2019-13", "2019-02-30", "19-03", "maart 2019", True):
        with pytest.raises(ValidationError):
            _timeline({"date": wrong, "title": "Fout"}, {"label": "Nu", "title": "Nu"})
    assert _timeline({"date": "2020-02-29", "title": "Schrikkeldag"}, {"label": "Nu", "title": "Nu"}).findings() == []


def test_a_timeline_has_two_to_forty_events_and_no_required() -> None:
    with pytest.raises(ValidationError):
        _timeline({"date": 2009, "title": "Alleen"})
    many: list[dict[str, object]] = [{"label": f"{n}", "title": "x"} for n in range(MAX_EVENTS + 1)]
    with pytest.raises(ValidationError):
        _timeline(*many)
    with pytest.raises(ValidationError):
        Timeline.model_validate({"required": True, "events": [{"label": "a", "title": "a"}] * 2})


def test_an_event_needs_a_date_or_a_label_and_an_image_its_alt_text() -> None:
    found = _timeline(
        {"title": "Ooit"}, {"label": "Nu", "title": "Foto", "image": "media/a.svg"}, {"label": "Later", "title": "x"}
    ).findings()
    assert [(f.code, f.loc) for f in found] == [("E217", ("events", 0, "title")), ("E218", ("events", 1, "image"))]


def test_dated_events_out_of_order_are_a_warning_at_the_later_date() -> None:
    found = _timeline(
        {"date": "2014-02", "title": "Koop"},
        {"label": "Tussendoor", "title": "Zonder datum"},  # not compared
        {"date": 2009, "title": "Begin"},
        {"date": "2019", "title": "Later"},
    ).findings()
    assert [(f.code, f.loc, f.severity) for f in found] == [("W329", ("events", 2, "date"), "warning")]
    assert "event 3 (2009) comes after event 1 (2014-02)" in found[0].message


@pytest.mark.parametrize(
    ("earlier", "later", "wrong"),
    [
        ("2014", "2014-02", False),
        ("2014-02", "2014", False),
        ("2014-02-10", "2014-02-09", True),
        ("2013", "2014", False),
    ],
)
def test_dates_are_compared_at_the_precision_both_have(earlier: str, later: str, wrong: bool) -> None:
    assert out_of_order(earlier, later) is wrong


def test_event_images_are_file_references_and_bodies_markdown() -> None:
    assert BLOCK.image_fields == (("events", "*", "image"),)
    assert BLOCK.markdown_fields == (("events", "*", "body"),)
    assert BLOCK.scripts == ()
