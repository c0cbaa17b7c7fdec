"""The upload page's read side: each material slot of the form, with the files attached and their scans."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.cases import Case
from chalicelib.domain.forms import material_slots_required
from chalicelib.domain.roles import Principal
from chalicelib.domain.statuses import Action

from .access_policy import visible_case
from .forms_lookup import form_of_case
from .material_scans import material_views
from .queries import QueryPorts, actions_for

# What a browser needs of an attached file (never who uploaded it, its version or its hash).
SHOWN = (
    "key",
    "filename",
    "size",
    "content_type",
    "scan_status",
    "scan_message",
    "thumbnail_url",
    "rotation",
)


def material_state(ports: QueryPorts, principal: Principal, case_id: str) -> dict[str, Any]:
    """For polling while scans run: read without the personal-data view a full case view records."""
    return materials_of(ports, principal, visible_case(ports.cases, principal, case_id))


def materials_of(ports: QueryPorts, principal: Principal, case: Case) -> dict[str, Any]:
    """Slots in the form's order: required (or required given the answers), limits, files so far."""
    form = form_of_case(ports.content, case)
    required = {s.id for s in material_slots_required(form, case.answers)}
    files = material_views(
        ports.materials,
        ports.download_expiry_seconds,
        [m.__dict__ for m in case.materials],
        ports.files.read(case.case_id).scans,
    )
    may = set(actions_for(case, principal))
    slots = [
        {
            "id": slot.id,
            "label": slot.label,
            "help": slot.help,
            "required": slot.id in required,
            "accept": list(slot.accept),
            "max_files": slot.max_files,
            "max_bytes": slot.max_bytes,
            "max_pages": slot.max_pages,
            "files": [{k: f[k] for k in SHOWN if k in f} for f in files if f["slot"] == slot.id],
        }
        for slot in form.material_slots
    ]
    return {
        "case_id": case.case_id,
        "status": case.status.value,
        "status_label": case.status.label_zh,
        "may_attach": Action.ATTACH_MATERIAL in may,
        "may_detach": Action.DETACH_MATERIAL in may,
        "scanning": any(f["scan_status"] == "pending" for f in files),
        "slots": slots,
    }
