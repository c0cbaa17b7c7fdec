"""Every SMS template renders with a real case context, in Chinese, within a few SMS segments."""

from __future__ import annotations

from pathlib import Path

import pytest

from chalicelib.documents.templating import JinjaNoticeRenderer
from chalicelib.services.notices import NOTICE_TITLES
from tests.support.builders import APPLICANT, world
from tests.support.cases import file_case

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("notice", sorted(NOTICE_TITLES))
def test_each_notice_template_renders_for_a_real_case(notice: str) -> None:
    w = world()
    case = w.cases.get(file_case(w, APPLICANT))
    event = w.cases.events(case.case_id)[-1]
    context = {
        "case": case,
        "event": event,
        "title": NOTICE_TITLES[notice],
        "home": w.deps.jurisdictions.get(case.home_code),
        "receiving": w.deps.jurisdictions.get(case.receiving_code),
        "track_url": "http://localhost:8000/track",
        "note": "已修订补正告知模板",
    }
    text = JinjaNoticeRenderer(ROOT / "templates").render(f"sms/{notice}.txt.j2", context)
    assert (
        text.startswith("【平罗县政务服务】")
        and case.case_number in text
        and case.applicant_name in text
    )
    assert len(text) <= 201  # at most three 67-character segments
