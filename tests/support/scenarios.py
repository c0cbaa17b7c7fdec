"""The seed's four procedures as HTTP scenarios, shared by the end-to-end tests and the bench."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.support.slice import Api, login, sample_answers

Upload = Callable[[dict[str, Any], bytes], int]
Wait = Callable[[Callable[[], bool]], None]


def _sample_files() -> dict[str, bytes]:
    """A real photo-like JPEG and a one-page PDF, so the scan pipeline accepts them."""
    import io

    from PIL import Image, ImageDraw
    from pypdf import PdfWriter

    image = Image.new("RGB", (1200, 800), "white")
    draw = ImageDraw.Draw(image)
    for y in range(0, 800, 40):
        draw.line([(0, y), (1200, y + 20)], fill=(90, 90, 90), width=3)
    jpeg, png = io.BytesIO(), io.BytesIO()
    image.save(jpeg, "JPEG", quality=80)
    image.convert("L").save(png, "PNG")
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    pdf = io.BytesIO()
    writer.write(pdf)
    return {
        "image/jpeg": jpeg.getvalue(),
        "application/pdf": pdf.getvalue(),
        "image/png": png.getvalue(),
    }


FILES = _sample_files()
JPEG = FILES["image/jpeg"]


class Scenario:
    """Drives one case over HTTP as the people of the seed would, checking each answer."""

    def __init__(self, api: Api, upload: Upload, wait: Wait) -> None:
        self.api = api
        self.upload = upload
        self.wait = wait
        self.tokens: dict[str, str] = {}
        self.case_id = ""
        self.case_number = ""
        self.version = 0
        self.procedure = ""

    def token(self, user: str) -> str:
        if user not in self.tokens:
            self.tokens[user] = login(self.api, user)
        return self.tokens[user]

    def ok(self, method: str, path: str, user: str, body: Any = None) -> Any:
        status, payload = self.api(method, path, body, self.token(user))
        assert status == 200, (method, path, user, payload)
        return payload

    def create(self, user: str, item: str, mode: str, home: str) -> dict[str, Any]:
        form = self.api("GET", f"/api/items/{item}/form?jurisdiction={home}")[1]
        answers = sample_answers(form["id"])
        case = self.ok(
            "POST",
            "/api/cases",
            user,
            {"item_code": item, "mode": mode, "home_code": home, "answers": answers},
        )
        self.case_id, self.case_number, self.version = (
            case["case_id"],
            case["case_number"],
            case["version"],
        )
        self.form = form
        return dict(case)

    def attach_required(self, user: str, also: tuple[str, ...] = ()) -> None:
        for slot in self.form["material_slots"]:
            if slot["required"] or slot["material"] in also:
                self.attach(user, slot["id"], slot["accept"][0])

    def attach(self, user: str, slot: str, content_type: str) -> None:
        ext = {"image/jpeg": "jpg", "application/pdf": "pdf", "image/png": "png"}.get(
            content_type, "bin"
        )
        ticket = self.ok(
            "POST",
            f"/api/cases/{self.case_id}/uploads",
            user,
            {
                "slot": slot,
                "filename": f"{slot}.{ext}",
                "content_type": content_type,
                "size": len(JPEG),
            },
        )
        assert self.upload(ticket, JPEG) in (200, 201, 204)
        self.version = self.ok(
            "POST", f"/api/cases/{self.case_id}/materials", user, {"key": ticket["key"]}
        )["version"]

    def submit(self, user: str) -> None:
        self.version = self.ok(
            "POST", f"/api/cases/{self.case_id}/submit", user, {"expected_version": self.version}
        )["version"]

    def act(self, user: str, action: str, reason: str = "", **details: str) -> dict[str, Any]:
        """Act on the version last seen; after a 409 (a queue handler moved the case) reload once, as a person would."""
        path = f"/api/cases/{self.case_id}/actions"
        body = {
            "action": action,
            "reason": reason,
            "expected_version": self.version,
            "details": details,
        }
        status, case = self.api("POST", path, body, self.token(user))
        if status == 409:
            body["expected_version"] = self.view(user)["version"]
            status, case = self.api("POST", path, body, self.token(user))
        assert status == 200, (action, user, case)
        self.version = case["version"]
        return dict(case)

    def view(self, user: str) -> dict[str, Any]:
        return dict(self.ok("GET", f"/api/cases/{self.case_id}", user))

    def wait_routed(self, user: str) -> None:
        def routed() -> bool:
            view = self.view(user)
            self.version = view["version"]
            return bool(view["routing_state"] == "delivered")

        self.wait(routed)

    def wait_notices(self, user: str, wanted: set[str]) -> None:
        def sent() -> bool:
            return {
                n["notice"] for n in self.view(user)["notices"] if n["status"] == "sent"
            } >= wanted

        self.wait(sent)

    def actions(self, user: str) -> list[str]:
        return [t["action"] for t in self.view(user)["timeline"]]


def online_with_supplement(s: Scenario) -> None:
    """全程网办: apply online to the home jurisdiction, get a 补正 notice, supplement, accepted, result to the account."""
    s.create("applicant1", "RS-002", "online", "140823")
    s.attach_required("applicant1")
    s.submit("applicant1")
    s.wait_routed("wx_approver")
    s.act("wx_approver", "request_supplement", "请补充解除劳动合同证明")
    assert s.view("applicant1")["status"] == "supplement_requested"
    s.attach("applicant1", "termination_proof", "application/pdf")
    s.submit("applicant1")
    s.wait_routed("wx_approver")
    s.act("wx_approver", "accept")
    s.act("wx_approver", "approve", "符合失业登记条件")
    s.act("wx_approver", "complete")
    s.wait_notices(
        "applicant1", {"received", "supplement", "supplemented", "accepted", "completed_online"}
    )
    final = s.view("applicant1")
    assert final["status"] == "completed" and final["supplement_rounds"] == 1
    assert final["result"]["decision"] == "approve"
    # The rating window opens when the result reaches the applicant (送达), not at 办结.
    s.act("wx_approver", "deliver", method="electronic")
    assert s.view("applicant1")["status"] == "delivered"
    bad_rating(s)


def bad_rating(s: Scenario) -> None:
    """好差评: a 差评 opens a rectification for the unit that handled the case, tracked to its close."""
    rated = s.ok(
        "POST",
        f"/api/cases/{s.case_id}/evaluation",
        "applicant1",
        {
            "level": 2,
            "channel": "online",
            "indicators": {"办事效率": 2},
            "comment": "补正通知说得不清楚，多跑了一次",
        },
    )
    rect = rated["rectification"]
    assert rated["evaluation"]["level"] == 2 and rect and rect["owner"]["jurisdiction"] == "140823"
    path = f"/api/rectifications/{rect['rectification_id']}/actions"
    for user, action, extra in (
        ("wx_approver", "verify", {}),
        ("wx_approver", "rectify", {"note": "核实属实：补正告知不够具体"}),
        ("wx_approver", "complete", {"note": "已修订补正告知模板，列明全部所缺材料"}),
        ("wx_approver", "revisit", {"revisit_result": "satisfied"}),
        ("wx_supervisor", "close", {}),
    ):
        rect = s.ok("POST", path, user, {"action": action, **extra})
    assert rect["status"] == "closed"
    units = s.ok("GET", "/api/feedback/report?jurisdiction=140823", "wx_supervisor")["units"]
    assert sum(u["bad"] for u in units) >= 1


def proxy_by_post(s: Scenario) -> None:
    """异地代收代办: the 平罗 counter takes the papers, receipts, posts them; 闻喜 decides and posts the result back."""
    s.create("pl_window", "GA-007", "proxy", "140823")
    s.attach_required("pl_window")
    s.submit("pl_window")
    s.act("pl_window", "start_pre_review")
    s.act("pl_window", "accept")
    s.act("pl_window", "send_materials", method="post", waybill="SF1400823001", carrier="顺丰")
    s.wait_routed("wx_approver_ga")
    s.act("wx_approver_ga", "confirm_materials")
    s.act("wx_approver_ga", "start_review")
    s.act("wx_approver_ga", "approve", "材料齐全，准予换领")
    s.act("wx_approver_ga", "complete")
    s.act("wx_approver_ga", "send_result", method="post", waybill="EMS1408230099")
    s.act("pl_window", "confirm_result")
    s.act("pl_window", "deliver", method="window", receiver="马国强")
    final = s.view("pl_window")
    assert final["status"] == "delivered"
    assert [(t["leg"], t["method"], bool(t["received_at"])) for t in final["transfers"]] == [
        ("materials", "post", True),
        ("result", "post", True),
    ]


def joint_local(s: Scenario) -> None:
    """多地联办·异地受理本地办理: 平罗 enters the case, 惠民 does the business and returns the result."""
    s.create("pl_window", "GA-001", "joint_local", "371621")
    s.attach_required("pl_window")
    s.submit("pl_window")
    s.act("pl_window", "accept")
    s.act("pl_window", "send_materials", method="system")
    s.wait_routed("hm_approver_ga")
    s.act("hm_approver_ga", "approve", "准予迁入")
    s.act("hm_approver_ga", "complete")
    s.act("hm_approver_ga", "send_result", method="system")
    s.act("pl_window", "deliver", method="post", waybill="EMS6402210001")
    assert s.view("pl_window")["status"] == "delivered"


def joint_remote(s: Scenario) -> None:
    """多地联办·异地受理异地办理: 闻喜 only reviews and returns its opinion; the 平罗 centre completes the business."""
    s.create("pl_window", "RS-010", "joint_remote", "140823")
    s.attach_required("pl_window")
    s.submit("pl_window")
    s.act("pl_window", "accept")
    s.wait_routed("wx_approver")
    s.act("wx_approver", "approve", "审核通过，同意转移")
    status, body = s.api(
        "POST",
        f"/api/cases/{s.case_id}/actions",
        {"action": "complete", "expected_version": s.view("wx_approver")["version"]},
        s.token("wx_approver"),
    )
    assert status == 403, body  # the home department may not complete a 异地办理 case
    s.act("wx_approver", "send_result", method="system")
    s.act("pl_window", "complete")
    s.act("pl_window", "deliver", method="window", receiver="马国强")
    assert s.view("pl_window")["status"] == "delivered"
