from __future__ import annotations

from compiler.targets.base import load_preview
from compiler.targets.scorm12.preview import PREVIEW, launch


def test_launch_settings_come_from_the_manifest() -> None:
    manifest = b"""<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
        xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"><organizations><organization><item
        identifierref="R"><adlcp:datafromlms>mode=a</adlcp:datafromlms><adlcp:masteryscore> 80 </adlcp:masteryscore>
        </item></organization></organizations><resources><resource identifier="R" href="index.html"
        adlcp:scormtype="sco"/></resources></manifest>"""
    assert launch({"imsmanifest.xml": manifest, "index.html": b""}) == {"masteryScore": "80", "dataFromLms": "mode=a"}
    assert launch({"imsmanifest.xml": b"<manifest/>"}) == {"masteryScore": "", "dataFromLms": ""}
    assert launch({}) == {"masteryScore": "", "dataFromLms": ""}


def test_the_target_folder_supplies_the_emulation_and_its_script() -> None:
    assert load_preview("scorm12") is PREVIEW
    assert PREVIEW.adapter == "scorm12"
    assert PREVIEW.backend is None  # the strict API lives in the page alone
    from importlib import resources

    script = (resources.files("compiler.targets.scorm12") / PREVIEW.scripts[0]).read_text(encoding="utf-8")
    assert "LMS.adapters.scorm12 = " in script
