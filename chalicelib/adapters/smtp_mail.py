"""E-mail in the cn profile (no SES in Ningxia): the county's SMTP relay, through the standard library."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from chalicelib.services.notice_params import email_subject, notice_text
from chalicelib.services.ports import Notice, NoticeRenderer

TIMEOUT_SECONDS = 10


class SmtpMail:
    """STARTTLS when `starttls` (a relay on the open network); login only when a user is configured."""

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        renderer: NoticeRenderer,
        user: str = "",
        password: str = "",
        starttls: bool = True,
    ) -> None:
        self._host, self._port, self._sender = host, port, sender
        self._renderer = renderer
        self._login = (user, password)
        self._starttls = starttls

    def send_email(self, to: str, notice: Notice) -> str:
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = to
        message["Subject"] = email_subject(notice)
        message["Message-ID"] = make_msgid(domain=self._sender.rpartition("@")[2] or None)
        if notice.correlation_id:
            message["X-Request-Id"] = notice.correlation_id
        message.set_content(notice_text(self._renderer, notice))
        with smtplib.SMTP(self._host, self._port, timeout=TIMEOUT_SECONDS) as smtp:
            if self._starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self._login[0]:
                smtp.login(*self._login)
            refused = smtp.send_message(message)
        if refused:
            raise smtplib.SMTPRecipientsRefused(refused)
        return str(message["Message-ID"])
