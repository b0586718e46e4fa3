from __future__ import annotations

from importlib import resources
from pathlib import Path

from compiler.api import compile_course
from compiler.targets.base import load_preview
from compiler.targets.scorm2004.preview import PREVIEW, launch

ROOT = Path(__file__).resolve().parents[4]

MANIFEST = b"""<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"><organizations default="O"><organization identifier="O">
  <item identifier="I" identifierref="R"><adlcp:dataFromLMS> mode=a </adlcp:dataFromLMS>
  <adlcp:completionThreshold completedByMeasure="%s" minProgressMeasure="0.75"/>
  <imsss:sequencing><imsss:objectives><imsss:primaryObjective objectiveID="P" satisfiedByMeasure="true">
  <imsss:minNormalizedMeasure>0.6</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives>
  </imsss:sequencing></item></organization></organizations><resources><resource identifier="R" href="index.html"
  adlcp:scormType="sco"/></resources></manifest>"""


def test_launch_settings_come_from_the_manifest() -> None:
    assert launch({"imsmanifest.xml": MANIFEST % b"true"}) == {
        "scaledPassingScore": "0.6",
        "completionThreshold": "0.75",
        "dataFromLms": "mode=a",
    }
    # A threshold that does not complete by measure is no cmi.completion_threshold.
    assert launch({"imsmanifest.xml": MANIFEST % b"false"})["completionThreshold"] == ""
    empty = {"scaledPassingScore": "", "completionThreshold": "", "dataFromLms": ""}
    assert launch({}) == empty
    assert launch({"imsmanifest.xml": b'<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"/>'}) == empty


def test_a_graded_course_launches_with_its_scaled_passing_score() -> None:
    result = compile_course(ROOT / "tests" / "golden" / "graded" / "course_src", None, targets=["scorm2004"])
    assert result.ok
    assert result.course is not None
    mastery = result.course.config.mastery_score
    assert mastery is not None
    assert float(str(launch(result.files)["scaledPassingScore"])) == mastery / 100


def test_the_target_folder_supplies_the_emulation_and_its_script() -> None:
    assert load_preview("scorm2004") is PREVIEW
    assert PREVIEW.backend is None
    script = (resources.files("compiler.targets.scorm2004") / PREVIEW.scripts[0]).read_text(encoding="utf-8")
    assert "LMS.adapters.scorm2004 = " in script
    assert "suspendLimit: 64000," in script
