"""The SCORM 1.2 preview: a strict RTE 1.2 API in the page (preview-api.js), launched with the manifest's data."""

from __future__ import annotations

from collections.abc import Mapping

from compiler.package.untrusted_xml import description_root
from compiler.targets.base import PreviewEmulation
from compiler.targets.scorm12.manifest import MANIFEST_NAME
from compiler.targets.scorm12.reader import READER


def launch(files: Mapping[str, bytes]) -> dict[str, object]:
    """What the LMS hands the SCO at launch.

    adlcp:masteryscore -> cmi.student_data.mastery_score, adlcp:datafromlms -> cmi.launch_data.
    """
    root = description_root(files, MANIFEST_NAME)
    facts = READER.facts(root, list(files))
    return {"masteryScore": facts.mastery_score or "", "dataFromLms": facts.launch_data or ""}


PREVIEW = PreviewEmulation("scorm12", "SCORM 1.2 (strict)", launch, host_scripts=("cmi.js",))
