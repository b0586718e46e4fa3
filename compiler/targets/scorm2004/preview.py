"""The SCORM 2004 preview: a strict 4th edition API_1484_11 in the page (preview-api.js), launched from the manifest."""

from __future__ import annotations

from collections.abc import Mapping

from compiler.package.untrusted_xml import description_root
from compiler.targets.base import PreviewEmulation
from compiler.targets.scorm2004.checks import MANIFEST_NAME, NS_ADLCP, NS_IMSCP, launch_facts


def launch(files: Mapping[str, bytes]) -> dict[str, object]:
    """What the LMS hands the SCO at launch, read from the manifest's first launchable item.

    The primary objective's minNormalizedMeasure (when satisfiedByMeasure) -> cmi.scaled_passing_score,
    adlcp:completionThreshold's minProgressMeasure (when completedByMeasure) -> cmi.completion_threshold,
    adlcp:dataFromLMS -> cmi.launch_data. Empty strings where the manifest says nothing (the LMS then
    answers 403, value not initialized).
    """
    root = description_root(files, MANIFEST_NAME)
    if root is None:
        return {"scaledPassingScore": "", "completionThreshold": "", "dataFromLms": ""}
    facts = launch_facts(root)
    passing = (facts.mastery_score or "").removesuffix(" (scaled)")
    item = next((i for i in root.iter(f"{{{NS_IMSCP}}}item") if i.get("identifierref")), None)
    threshold = data_from_lms = ""
    if item is not None:
        element = item.find(f"{{{NS_ADLCP}}}completionThreshold")
        if element is not None and element.get("completedByMeasure") == "true":
            threshold = element.get("minProgressMeasure", "1.0").strip()
        data_from_lms = (item.findtext(f"{{{NS_ADLCP}}}dataFromLMS") or "").strip()
    return {"scaledPassingScore": passing, "completionThreshold": threshold, "dataFromLms": data_from_lms}


PREVIEW = PreviewEmulation("scorm2004", "SCORM 2004 4th edition (strict)", launch, host_scripts=("cmi.js",))
