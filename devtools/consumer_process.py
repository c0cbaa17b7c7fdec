"""The queue consumers and schedules of the local stack in their own process (as Lambda runs them apart
from the API): document rendering and scan normalisation do not share the API's interpreter."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading

REGION = "us-east-1"
# When set, the handlers' durations (ms, by handler) are written here every second and at exit (the bench).
DURATIONS_ENV = "TONGBAN_DURATIONS_FILE"


def write_durations(path: str, durations: dict[str, list[float]]) -> None:
    """Replace the file whole, so a reader never sees half of it."""
    temporary = f"{path}.tmp"
    with open(temporary, "w", encoding="utf-8") as out:
        json.dump({name: list(times) for name, times in durations.items()}, out)
    os.replace(temporary, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="本地队列消费者与定时任务（独立进程）")
    parser.add_argument("--schedule-every", type=float, default=60.0)
    args = parser.parse_args(argv)
    from devtools import process_logging

    process_logging.configure()
    from chalice.cli.factory import CLIFactory

    from devtools.dispatcher import Dispatcher
    from devtools.local_gateway import ROOT

    app = CLIFactory(str(ROOT)).create_config_obj(chalice_stage_name="local").chalice_app
    # Lambda's event source mappings long-poll for 20 s; stopping does not wait for them (SIGTERM ends us).
    dispatcher = Dispatcher(app, REGION, wait_seconds=20, schedule_every=args.schedule_every)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    dispatcher.start()
    target = os.environ.get(DURATIONS_ENV)
    while not stopped.wait(1.0):
        if target:
            write_durations(target, dispatcher.durations)
    if target:
        write_durations(target, dispatcher.durations)
    return 0


if __name__ == "__main__":
    sys.exit(main())
