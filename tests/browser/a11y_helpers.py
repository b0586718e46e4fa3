"""Helpers for the theme's browser tests: viewports, axe-core with WCAG tags, page walking, a theme course.

The runtime lane's conftest provides the browser, the compile fixture and the simulated LMS; these
helpers size the course iframe like a phone or a desktop, move between pages, and write a course
that uses every lesson block the theme renders (callouts, image, audio, video, credits, logo).
"""

from __future__ import annotations

import mimetypes
import struct
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Frame, Page, Route

from .conftest import AXE, ROOT, LmsSession, Package

PHONE = (390, 844)
DESKTOP = (1280, 800)
NARROW = (320, 640)
"""The smallest width the theme supports (WCAG 1.4.10 reflow)."""
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BUNDLED_COURSE = ROOT / "course_src" / "whatsapp-in-de-zorg"
PALEST_BRAND = "#767676"
"""The palest grey a course may choose (4.54:1 on white): the hardest case for contrast."""


def fit(session: LmsSession, size: tuple[int, int]) -> Frame:
    """Make the course iframe exactly size (width, height), like an LMS that gives it the whole screen."""
    width, height = size
    session.page.set_viewport_size({"width": width, "height": height})
    session.page.evaluate(
        """([w, h]) => {
            document.body.style.margin = "0";
            const frame = document.getElementById("sco");
            frame.style.width = w + "px";
            frame.style.height = h + "px";
            frame.style.display = "block";
        }""",
        [width, height],
    )
    frame = session.frame
    frame.wait_for_function("w => window.innerWidth === w", arg=width)
    return frame


def open_standalone(browser: Browser, package: Package, size: tuple[int, int]) -> tuple[BrowserContext, Page]:
    """Open the package on its own, without an LMS around it (as from a file share); close the context after."""
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    origin = "https://course.test/"

    def serve(route: Route) -> None:
        relative = route.request.url.split("#")[0].split("?")[0].removeprefix(origin)
        path = package.root / relative
        if route.request.url.startswith(origin) and path.is_file():
            route.fulfill(status=200, body=path.read_bytes(), content_type=mimetypes.guess_type(path.name)[0])
        else:
            route.abort()

    context.route("**/*", serve)
    page = context.new_page()
    page.goto(origin + "index.html")
    page.wait_for_function("document.documentElement.classList.contains('js')")
    return context, page


def axe_violations(frame: Frame, *, whole_document: bool = True) -> list[str]:
    """Run axe-core with the WCAG 2.0/2.1 A and AA rules; return violations as readable lines.

    With whole_document=False the hidden pages are left out: they are not on screen, and skipping
    them makes the per-page runs of a long course several times faster.
    """
    if not frame.evaluate("typeof window.axe === 'object'"):
        frame.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = frame.evaluate(
        """async ([tags, whole]) => {
            const context = whole ? document : {exclude: [["section[data-page][hidden]"]]};
            const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
            // What the learner reads once a step or card has come in: colours measured mid-fade are
            // not the page's (a fade starts at opacity 0), so axe waits for running animations.
            await Promise.all(document.getAnimations()
                .filter((animation) => animation.effect && animation.effect.getComputedTiming().endTime !== Infinity)
                .map((animation) => animation.finished.catch(() => null)));
            const result = await axe.run(context, options);
            return result.violations.map(v => v.id + " (" + v.impact + "): " + v.help + " -> "
                + v.nodes.slice(0, 5).map(n => n.target.join(" ") + " " + n.failureSummary.replace(/\\s+/g, " "))
                    .join(" | "));
        }""",
        [WCAG_TAGS, whole_document],
    )
    return [str(v) for v in violations]


def heading_jumps(frame: Frame) -> list[str]:
    """Headings of the visible page that skip a level going down (h2 -> h4), or a first heading that is no h1."""
    found: list[str] = frame.evaluate(
        """() => {
            const page = document.querySelector("section[data-page]:not([hidden])");
            const headings = Array.from(page.querySelectorAll("h1, h2, h3, h4, h5, h6"))
                .filter(h => h.getClientRects().length > 0);  // rendered ones only
            const problems = [];
            let previous = 0;
            for (const h of headings) {
                const level = Number(h.tagName[1]);
                if (previous === 0 ? level !== 1 : level > previous + 1) {
                    const text = h.textContent.trim().slice(0, 40);
                    problems.push(`h${previous || "-"} -> ${h.tagName.toLowerCase()} "${text}"`);
                }
                previous = level;
            }
            return problems;
        }"""
    )
    return found


def page_keys(frame: Frame) -> list[str]:
    """Every page key in order: start, lesson ids, quiz, end."""
    keys: list[str] = frame.evaluate(
        "Array.from(document.querySelectorAll('section[data-page]'))"
        ".map(p => p.dataset.page === 'lesson' ? p.dataset.lessonId : p.dataset.page)"
    )
    return keys


def visible_page(frame: Frame) -> str:
    """The key of the page on screen."""
    key: str = frame.evaluate(
        "(() => { const p = document.querySelector('section[data-page]:not([hidden])');"
        " return p.dataset.page === 'lesson' ? p.dataset.lessonId : p.dataset.page; })()"
    )
    return key


def show(frame: Frame, key: str) -> None:
    """Open a page through its contents link (a DOM click, so it works while the contents are folded)."""
    frame.evaluate('k => document.querySelector(`[data-toc] [data-nav-to="${k}"]`).click()', key)
    frame.wait_for_function(
        "k => { const p = document.querySelector('section[data-page]:not([hidden])');"
        " return p && (p.dataset.lessonId || p.dataset.page) === k; }",
        arg=key,
    )


def horizontal_overflow(frame: Frame) -> list[str]:
    """Elements wider than the viewport, and the document's own overflow (empty when it reflows)."""
    found: list[str] = frame.evaluate(
        """() => {
            const root = document.documentElement;
            const out = [];
            if (root.scrollWidth > root.clientWidth) out.push(`document ${root.scrollWidth} > ${root.clientWidth}`);
            for (const el of document.querySelectorAll("body *")) {
                const box = el.getBoundingClientRect();
                if (box.width && box.right > root.clientWidth + 0.5 && getComputedStyle(el).position !== "absolute") {
                    out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(box.right)}`);
                }
            }
            return out.slice(0, 10);
        }"""
    )
    return found


# ---------------------------------------------------------------------------- a course for the theme


def _wav(seconds: float = 0.2, rate: int = 8000) -> bytes:
    """A short silent PCM WAV file."""
    frames = int(seconds * rate)
    data = b"\x80" * frames
    header = struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + len(data), b"WAVE", b"fmt ", 16, 1, 1, rate, rate, 1, 8,
                         b"data", len(data))  # fmt: skip
    return header + data


def _mp4() -> bytes:
    """An MP4 file with only its 'ftyp' box: a video by its type, enough for the player's layout."""
    return struct.pack(">I4s4sI8s", 24, b"ftyp", b"isom", 0x200, b"isomiso2")


_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}">'
    '<rect width="{w}" height="{h}" fill="#d9e2ec"/><circle cx="{c}" cy="{c}" r="{r}" fill="#1d5fa8"/></svg>\n'
)
_VTT = "WEBVTT\n\n00:00.000 --> 00:00.200\nStilte.\n"

_COURSE_YAML = f"""id: theme-blocks
title: Alle blokken van het thema
language: nl
version: 1.0.0
description: >
  Een testcursus met elk soort blok dat het standaardthema toont,
  en een lange titel om te kijken of alles netjes past.
credits:
  - role: Schrijver van de tekst
    name: Sanne de Vries
    note: Schreef de eerste versie van deze voorbeeldcursus.
    url: https://example.org/sanne
  - role: Illustraties
    name: Zorggroep Voorbeeld
lessons:
  - blokken
  - media
completion:
  lessons: true
  quiz: true
mastery_score: 50
branding:
  organisation: Zorggroep Voorbeeld
  logo: media/logo.svg
  primary_color: "{PALEST_BRAND}"
"""

_LESSON_BLOCKS = """---
id: blokken
title: Tekst, kaders en een tabel met een erg lange titel die op een telefoon over meerdere regels loopt
objectives:
  - Je ziet hoe tekst, kaders en tabellen eruitzien.
  - Je kunt een link herkennen.
---

Gewone tekst met **vet**, *schuin*, `code` en een [link naar een voorbeeld](https://example.org/een/heel/lang/adres/dat/niet/past/op/een/smal/scherm/zonder/af/te/breken).

## Een lijst

1. Eerste stap
2. Tweede stap met een woord als arbeidsongeschiktheidsverzekeringsmaatschappij erin

| Kolom een | Kolom twee | Kolom drie | Kolom vier | Kolom vijf |
| --- | --- | --- | --- | --- |
| waarde | waarde | een langere waarde | waarde | waarde |

```tip Handig om te weten
Zet **meldingen** uit buiten je werktijd. Meer in de [uitleg](https://example.org/uitleg).
```

```warning
Deel nooit gegevens van een cliënt.
```

```note
Schermen kunnen er op jouw telefoon anders uitzien.
```

```assignment
id: eigen-afspraken
prompt: Welke afspraken maak jij met je team?
max_length: 200
```

```question
id: kaders-vraag
type: single
prompt: Welk kader waarschuwt je?
options:
  - text: De tip
    feedback: Een tip helpt je op weg.
  - text: Het let-op-kader
    correct: true
feedback:
  correct: Goed, het let-op-kader waarschuwt.
  incorrect: Het let-op-kader waarschuwt je.
```

Einde van de les.
"""

_LESSON_MEDIA = """---
id: media
title: Beeld en geluid
objectives:
  - Je ziet een afbeelding, geluid en video met ondertiteling.
---

```media
type: image
src: media/breed.svg
alt: Een brede illustratie met een blauwe cirkel.
caption: Een *brede* afbeelding past zich aan het scherm aan.
```

```media
type: audio
src: media/geluid.wav
captions: media/geluid.vtt
transcript: Je hoort een korte stilte.
caption: Een geluidsfragment
```

```media
type: video
src: media/film.mp4
captions: media/film.vtt
transcript: |
  In de video is het stil.

  Er gebeurt niets.
```

```media
type: video
src: media/film.mp4
poster: media/film-beeld.svg
captions: media/film.vtt
caption: Dezelfde video, met een eerste beeld
```

```question
id: media-vraag
type: true-false
prompt: Bij de video staat een uitgeschreven tekst.
answer: true
feedback:
  correct: Klopt.
  incorrect: Er staat wel een uitgeschreven tekst bij.
```
"""

_QUIZ = """id: toets
title: Korte toets
intro: Beantwoord de vragen. Je hebt **50%** goed nodig.
attempts: 3
questions:
  - id: toets-een
    type: true-false
    prompt: Een tip waarschuwt je voor gevaar.
    answer: false
    feedback:
      correct: Klopt, dat doet het let-op-kader.
      incorrect: Nee, daarvoor is het let-op-kader.
  - id: toets-twee
    type: single
    prompt: Wat staat er bij een video?
    options:
      - text: Ondertiteling en een uitgeschreven tekst
        correct: true
      - text: Niets
    feedback:
      correct: Goed.
      incorrect: Er staan ondertiteling en een uitgeschreven tekst bij.
"""


def write_theme_course(root: Path) -> Path:
    """Write a course with every block the theme renders (and the palest brand colour); return its folder.

    Writing is idempotent, so modules that share a root also share the session's compiled package.
    """
    files: dict[str, str | bytes] = {
        "course.yaml": _COURSE_YAML,
        "quiz.yaml": _QUIZ,
        "lessons/01-blokken.md": _LESSON_BLOCKS,
        "lessons/02-media.md": _LESSON_MEDIA,
        "media/logo.svg": _SVG.format(w=48, h=48, c=24, r=16),
        "media/breed.svg": _SVG.format(w=1600, h=400, c=200, r=150),
        "media/geluid.wav": _wav(),
        "media/geluid.vtt": _VTT,
        # Markup is what the theme is tested on; the browser need not be able to play this file.
        "media/film.mp4": _mp4(),
        "media/film.vtt": _VTT,
        "media/film-beeld.svg": _SVG.format(w=800, h=600, c=300, r=200),  # 4:3, unlike the 16:9 default
    }
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root
