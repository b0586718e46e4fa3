from __future__ import annotations

from decimal import Decimal

from lxml import etree

from compiler.targets.scorm2004.checks import NS_ADLCP, NS_ADLNAV, NS_IMSCP, NS_IMSSS, check_package, schema_files
from compiler.targets.scorm2004.manifest import build_manifest, scaled_passing_score

from ..helpers import golden_course

NS = {"cp": NS_IMSCP, "adlcp": NS_ADLCP, "imsss": NS_IMSSS, "adlnav": NS_ADLNAV}
FILES = ["index.html", "media/foto van de zorg.jpg", "runtime/app.js"]


def _manifest(case: str) -> etree._Element:
    return etree.fromstring(build_manifest(golden_course(case), FILES))


def test_graded_course_declares_a_primary_objective_with_the_scaled_mastery_score() -> None:
    root = _manifest("graded")
    primary = root.find(".//imsss:primaryObjective", NS)
    assert primary is not None
    assert primary.get("satisfiedByMeasure") == "true"
    assert primary.findtext("imsss:minNormalizedMeasure", namespaces=NS) == "0.75"
    assert scaled_passing_score(golden_course("graded")) == Decimal("0.75")


def test_ungraded_course_has_no_objective_measure() -> None:
    root = _manifest("minimal")
    assert root.find(".//imsss:primaryObjective", NS) is None
    assert scaled_passing_score(golden_course("minimal")) is None


def test_the_content_sets_completion_and_flow_and_choice_are_on() -> None:
    root = _manifest("minimal")
    delivery = root.find(".//cp:item/imsss:sequencing/imsss:deliveryControls", NS)
    assert delivery is not None
    assert (delivery.get("completionSetByContent"), delivery.get("objectiveSetByContent")) == ("true", "true")
    control = root.find("cp:organizations/cp:organization/imsss:sequencing/imsss:controlMode", NS)
    assert control is not None
    assert (control.get("flow"), control.get("choice")) == ("true", "true")
    hidden = [e.text for e in root.iterfind(".//adlnav:hideLMSUI", NS)]
    assert hidden == ["continue", "previous"]


def test_metadata_resource_and_files() -> None:
    root = _manifest("graded")
    assert root.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "2004 4th Edition"
    resource = root.find("cp:resources/cp:resource", NS)
    assert resource is not None
    assert resource.get(f"{{{NS_ADLCP}}}scormType") == "sco"
    hrefs = [f.get("href") for f in resource.iterfind("cp:file", NS)]
    assert hrefs == ["index.html", "media/foto%20van%20de%20zorg.jpg", "runtime/app.js"]


def test_the_manifest_is_schema_valid_with_every_file_in_place() -> None:
    for case in ("graded", "minimal"):
        files = dict.fromkeys(FILES, b"")
        files["imsmanifest.xml"] = build_manifest(golden_course(case), FILES)
        assert check_package({**files, **schema_files()}) == [], case
