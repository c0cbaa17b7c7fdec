"""The cn profile's e-mail goes to the county's SMTP relay (a local stand-in here), rendered like SES's."""

from __future__ import annotations

import smtplib

import pytest

from chalicelib.adapters.smtp_mail import SmtpMail
from chalicelib.services.ports import Notice
from tests.support.fakes import FakeRenderer
from tests.support.smtp_stub import smtp_stub

NOTICE = Notice("accepted", "已受理", "640221", {"number": "KS640221-1", "name": "张三"}, "req-7")


def test_a_notice_mail_reaches_the_relay_with_its_subject_text_and_request_id() -> None:
    with smtp_stub() as stub:
        mail = SmtpMail(
            "127.0.0.1", stub.port, "noreply@pl.example.gov.cn", FakeRenderer(), starttls=False
        )
        message_id = mail.send_email("a@example.cn", NOTICE)
    [sent] = stub.messages
    assert stub.recipients == ["a@example.cn"]
    assert sent["Subject"] == "【政务服务】已受理" and sent["Message-ID"] == message_id
    assert sent["X-Request-Id"] == "req-7"
    assert sent.get_content().strip() == "sms/accepted.txt.j2:KS640221-1"


def test_a_refused_recipient_fails_the_notice() -> None:
    with smtp_stub() as stub:
        stub.refuse_recipients = True
        mail = SmtpMail(
            "127.0.0.1", stub.port, "noreply@pl.example.gov.cn", FakeRenderer(), starttls=False
        )
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            mail.send_email("nobody@example.cn", NOTICE)
