"""A tiny local SMTP server (enough of RFC 5321 for smtplib): keeps each message it is given."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage


@dataclass
class SmtpStub:
    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    refuse_recipients: bool = False


@contextmanager
def smtp_stub() -> Iterator[SmtpStub]:
    stub = SmtpStub()

    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            self.wfile.write(line.encode() + b"\r\n")

        def handle(self) -> None:
            self.reply("220 stub ESMTP")
            while line := self.rfile.readline():
                verb = line[:4].upper()
                if verb in (b"EHLO", b"HELO"):
                    self.reply("250-stub\r\n250 8BITMIME")
                elif verb == b"RCPT":
                    if stub.refuse_recipients:
                        self.reply("550 no such mailbox")
                        continue
                    stub.recipients.append(line.decode().split(":", 1)[1].strip(" <>\r\n"))
                    self.reply("250 ok")
                elif verb == b"DATA":
                    self.reply("354 go ahead")
                    data = b""
                    while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                        data += chunk
                    stub.messages.append(message_from_bytes(data, policy=policy.default))
                    self.reply("250 queued")
                elif verb == b"QUIT":
                    self.reply("221 bye")
                    return
                else:
                    self.reply("250 ok")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    stub.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
