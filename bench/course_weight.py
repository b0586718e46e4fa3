"""Runtime weight per target of one or more courses: JS + CSS bytes, raw and gzipped, as packaged.

Run: .venv/bin/python bench/course_weight.py [COURSE ...] [--ref REF]
Without COURSE it weighs the bundled course. With --ref (e.g. main) it also weighs the bundled course as
that git ref has it (extracted with `git archive` into a temporary folder, compiled with *this* checkout),
so the difference is what the course's own changes (its new blocks) add. Each file is gzipped on its own
at level 9 (bench/bench.py `runtime_weight`); the issue 20 budget is 30 KB for the bundled course.
Counts bytes, not time: the numbers do not depend on the machine's load.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import _AUTHOR_ENVIRONMENT, BUNDLED, ROOT, _coursec, runtime_weight

BUDGET = 30 * 1024
"""Issue 20: runtime JS + CSS gzipped of the bundled course, per target."""


def weigh(label: str, course: Path, out: Path) -> None:
    """Compile `course` for every target and print each package's runtime weight."""
    command = [*_coursec(), "compile", str(course), "-o", str(out), "--target", "all", "-q"]
    subprocess.run(command, cwd=ROOT, env=_AUTHOR_ENVIRONMENT, check=True, capture_output=True)
    for zipped in sorted(out.glob("*.zip")):
        raw, compressed = runtime_weight(zipped)
        target = zipped.stem.rsplit("-", 1)[-1]
        verdict = "ok" if compressed <= BUDGET else "OVER"
        print(f"{label:<10} {target:<9} {raw:>9,} {compressed:>9,}  {verdict} (budget {BUDGET:,})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("courses", nargs="*", type=Path, help="course folders (default: the bundled course)")
    parser.add_argument("--ref", help="also weigh the bundled course as this git ref has it (e.g. main)")
    args = parser.parse_args()
    print(f"{'course':<10} {'target':<9} {'raw B':>9} {'gzip B':>9}")
    with tempfile.TemporaryDirectory() as temp:
        base = Path(temp)
        if args.ref:
            folder = BUNDLED.relative_to(ROOT).as_posix()
            archive = subprocess.run(
                ["git", "archive", "--format=tar", args.ref, folder], cwd=ROOT, check=True, capture_output=True
            ).stdout
            with tarfile.open(fileobj=BytesIO(archive)) as tar:
                tar.extractall(base / "ref", filter="data")
            weigh(args.ref[:10], base / "ref" / folder, base / "out-ref")
        for number, course in enumerate(args.courses or [BUNDLED]):
            weigh(course.name[:10] if args.courses else "this", course, base / f"out-{number}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
