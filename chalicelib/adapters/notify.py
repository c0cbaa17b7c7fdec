"""SMS through SNS and e-mail through SES."""

from __future__ import annotations

from typing import Any, Protocol

from chalicelib.services.notice_params import email_subject, notice_text
from chalicelib.services.ports import Notice, NoticeRenderer


def e164(phone: str) -> str:
    """Mainland mobile numbers are stored as 11 digits; SNS wants +86…"""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if phone.startswith("+"):
        return "+" + digits
    return "+86" + digits[-11:]


class AwsNotifier:
    def __init__(
        self, sns: Any, ses: Any, sender_id: str, email_sender: str, renderer: NoticeRenderer
    ) -> None:
        self._renderer = renderer
        self._sns = sns
        self._ses = ses
        self._sender_id = sender_id
        self._email_sender = email_sender

    def send_sms(self, phone: str, notice: Notice) -> str:
        out = self._sns.publish(
            PhoneNumber=e164(phone),
            Message=notice_text(self._renderer, notice),
            MessageAttributes={
                "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
                "AWS.SNS.SMS.SenderID": {"DataType": "String", "StringValue": self._sender_id},
            },
        )
        return str(out["MessageId"])

    def send_email(self, to: str, notice: Notice) -> str:
        out = self._ses.send_email(
            Source=self._email_sender,
            Destination={"ToAddresses": [to]},
            Message={
                "Subject": {"Data": email_subject(notice), "Charset": "UTF-8"},
                "Body": {"Text": {"Data": notice_text(self._renderer, notice), "Charset": "UTF-8"}},
            },
        )
        return str(out["MessageId"])


class SmsSender(Protocol):
    def send_sms(self, phone: str, notice: Notice) -> str:
        """Send a text message; returns the provider's id."""


class MailSender(Protocol):
    def send_email(self, to: str, notice: Notice) -> str:
        """Send an e-mail; returns its id."""


class SplitNotifier:
    """The cn profile: SMS from one provider, e-mail from another."""

    def __init__(self, sms: SmsSender, mail: MailSender) -> None:
        self._sms, self._mail = sms, mail

    def send_sms(self, phone: str, notice: Notice) -> str:
        return self._sms.send_sms(phone, notice)

    def send_email(self, to: str, notice: Notice) -> str:
        return self._mail.send_email(to, notice)
