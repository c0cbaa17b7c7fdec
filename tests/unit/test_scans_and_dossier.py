"""Uploads are normalised once S3 reports them; refused files are named to the uploader; the dossier gathers all."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import ForbiddenActionError, ValidationFailedError
from chalicelib.services import dossier_assembly, intake, material_scans, queries
from chalicelib.services.ports import CaseFile
from tests.support.builders import APPLICANT, PL_APPROVER, World, world
from tests.support.cases import attach, file_case


def draft(w: World) -> str:
    return file_case(w, APPLICANT, slots=(), submit=False)


def upload(w: World, case_id: str, data: bytes, name: str = "id.jpg") -> str:
    return attach(w, APPLICANT, case_id, "id_card", data, name)


def s3_event(key: str) -> dict[str, object]:
    return {
        "Records": [
            {"eventName": "ObjectCreated:Post", "s3": {"object": {"key": key.replace(" ", "+")}}}
        ]
    }


def test_an_upload_is_normalised_once_and_shown_with_a_thumbnail() -> None:
    w = world()
    case_id = draft(w)
    key = upload(w, case_id, b"\xff\xd8\xff" + b"1" * 100)
    assert [
        material_scans.process_upload(w.scans, k)
        for k in material_scans.keys_from_s3_event(s3_event(key))
    ] == ["normalised"]
    assert material_scans.process_upload(w.scans, key) == "duplicate"
    stored = w.blobs.head(key)
    assert stored is not None
    derived = f"{key}@{stored.version_id}"  # the pages of this version, beside any later one's
    assert (
        f"normalised/{derived}.pdf" in w.blobs.data and f"thumbnails/{derived}.jpg" in w.blobs.data
    )
    material = queries.get_case(w.queries, APPLICANT, case_id)["materials"][0]
    assert material["scan_status"] == "ok" and material["thumbnail_url"] and material["pages"] == 1


def test_a_refused_file_is_named_with_its_reason_and_does_not_count_for_submission() -> None:
    w = world()
    case_id = draft(w)
    key = upload(w, case_id, b"this is not an image", name="身份证.jpg")
    assert material_scans.process_upload(w.scans, key) == "rejected"
    material = queries.get_case(w.queries, APPLICANT, case_id)["materials"][0]
    assert material["scan_status"] == "rejected" and "身份证.jpg" in material["scan_message"]
    with pytest.raises(ValidationFailedError, match="材料不齐全"):
        intake.submit_case(w.intake, APPLICANT, case_id)
    upload(w, case_id, b"\xff\xd8\xff" + b"2" * 100)
    intake.submit_case(w.intake, APPLICANT, case_id)  # the replacement, not yet scanned, counts


def test_the_test_event_and_foreign_keys_are_ignored() -> None:
    w = world()
    assert material_scans.keys_from_s3_event({"Event": "s3:TestEvent"}) == []
    assert material_scans.process_upload(w.scans, "normalised/cases/x/y/z/a.pdf") == "ignored"
    assert material_scans.process_upload(w.scans, "cases/unknown/id_card/1/a.jpg") == "missing"
    # An object no ticket pinned (put there by hand): its case is read, and there is none.
    w.blobs.put("cases/unknown/id_card/1/a.jpg", b"\xff\xd8\xff" + b"1" * 10, "image/jpeg")
    assert material_scans.process_upload(w.scans, "cases/unknown/id_card/1/a.jpg") == "unknown_case"


def test_the_dossier_has_a_cover_the_application_and_every_normalised_material() -> None:
    w = world()
    case_id = draft(w)
    key = upload(w, case_id, b"\xff\xd8\xff" + b"3" * 100)
    material_scans.process_upload(w.scans, key)
    built = dossier_assembly.assemble(w.dossier, PL_APPROVER, case_id)
    assert built["parts"] == ["申请表", "材料：id.jpg"]
    rows = {
        r["label"]: r["value"] for r in dossier_assembly.rows_of(w.documents, w.cases.get(case_id))
    }
    assert rows["失业原因"] == "劳动合同期满终止" and rows["是否申领失业保险金"] == "是"
    assert rows["常住地址"] == "山东省滨州市惠民县 惠民县孙武街道某小区2号楼"
    with pytest.raises(ForbiddenActionError):
        dossier_assembly.assemble(w.dossier, APPLICANT, case_id)


class NoReads:
    """A case file reader that must not be asked."""

    def read(self, case_id: str) -> CaseFile:
        raise AssertionError(f"the case {case_id} was read")


def test_an_upload_ticketed_with_its_colour_is_scanned_without_reading_the_case() -> None:
    from dataclasses import replace

    w = world()
    case_id = draft(w)
    key = upload(w, case_id, b"\xff\xd8\xff" + b"1" * 100)
    stored = w.blobs.head(key)
    assert stored is not None and dict(stored.metadata) == {"tongban-colour": "1"}  # 身份证: colour
    unread = replace(w.scans, files=NoReads())
    assert material_scans.process_upload(unread, key) == "normalised"
    assert material_scans.process_upload(unread, key) == "duplicate"  # the first result stays
    [result] = w.scans.results.for_case(case_id).values()
    assert result["status"] == "ok"


def test_pinned_colour_reads_only_what_a_ticket_pins() -> None:
    assert material_scans.upload_metadata("id_card") == {"tongban-colour": "1"}
    assert material_scans.upload_metadata("household_register") == {"tongban-colour": "0"}
    assert material_scans.pinned_colour({"tongban-colour": "0"}) is False
    assert material_scans.pinned_colour({}) is None
    assert material_scans.pinned_colour({"tongban-colour": "yes"}) is None
