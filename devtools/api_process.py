"""An extra API worker of the local stack, in its own process: it serves the connections the runner hands
it (devtools/connection_handoff.py), as Lambda serves concurrent requests from separate instances —
the API is not one interpreter's lock for every client."""

from __future__ import annotations

import argparse
import signal
import socket
import sys
import threading


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="本地 API 工作进程（由主进程分派连接）")
    parser.add_argument("--channel", type=int, required=True, help="Unix socket from the runner")
    parser.add_argument("--durations", required=True, help="file this worker appends its ms to")
    args = parser.parse_args(argv)
    from devtools import process_logging

    process_logging.configure()
    from chalice.cli.factory import CLIFactory

    from devtools.connection_handoff import HandedServer
    from devtools.local_gateway import ROOT, GatewayParityHandler, gateway

    config = CLIFactory(str(ROOT)).create_config_obj(chalice_stage_name="local")
    GatewayParityHandler.durations_file = open(args.durations, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 (open for the process's life)
    server = gateway(config.chalice_app, config, 0, server_cls=HandedServer)
    channel = socket.socket(fileno=args.channel)
    # Ready only now that the app has loaded: the runner hands us nothing before.
    threading.Thread(target=server.server.serve_channel, args=(channel,), daemon=True).start()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    stopped.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
