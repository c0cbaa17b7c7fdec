"""The 送达回证 of a counter case prints the link its 好差评 page opens, bound to that case."""

from __future__ import annotations

from chalicelib.bootstrap import port_builders
from chalicelib.domain.roles import Role
from chalicelib.services import document_issuing, handling
from chalicelib.services.feedback.counter_rating import case_by_link
from tests.support.builders import PL_WINDOW, person, world
from tests.support.cases import file_case
from tests.support.fakes import FakeIssuer


def test_the_delivery_receipt_carries_the_cases_rating_link() -> None:
    w = world()
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    wx = person(Role.APPROVER, "u-wx", "140823", "RS")
    handling.perform(w.steps, PL_WINDOW, case_id, action="accept")
    handling.perform(
        w.steps, PL_WINDOW, case_id, action="send_materials", details={"method": "system"}
    )
    handling.perform(w.steps, wx, case_id, action="approve", reason="同意")
    handling.perform(w.steps, wx, case_id, action="complete")
    handling.perform(w.steps, wx, case_id, action="send_result", details={"method": "system"})
    details = {"method": "window", "receiver": "马国强"}
    handling.perform(w.steps, PL_WINDOW, case_id, action="deliver", details=details)
    for message in w.queue.drain("documents"):
        document_issuing.issue(w.documents, message)
    issuer = w.deps.issuer
    assert isinstance(issuer, FakeIssuer)
    receipt = next(c for kind, c, _ in issuer.rendered if kind == "delivery_receipt")
    url = receipt["rating_url"]
    base = w.deps.public_base_url
    assert url.startswith(f"{base}/rate/{case_id}/")
    ports = port_builders.counter_rating_from(w.deps)
    token = url.rsplit("/", 1)[1]
    assert case_by_link(ports, "1.2.3.4", case_id, token).case_id == case_id
