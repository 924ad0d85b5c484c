"""How long staff wait in ``make preview``: edit a territory's YAML, see the page reload.

Starts ``mkdocs serve`` on a synthetic network with the one-territory preview, appends a
line to the territory's file a few times and reads the server's log: from the edit to
"Reloading browsers" is what staff wait for; from "Building documentation" to "Reloading
browsers" is the rebuild itself (the rest is the file watcher's delay).
"""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tests.synthetic import SyntheticNetwork

STARTUP_TIMEOUT = 600.0
REBUILD_TIMEOUT = 120.0


@dataclass(frozen=True)
class ServeTiming:
    edit_to_reload_s: list[float]
    rebuild_s: list[float]


def measure_serve_rebuild(network: SyntheticNetwork, slug: str, edits: int = 3) -> ServeTiming:
    port = _free_port()
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": network.source_date_epoch,
        "NO_MKDOCS_2_WARNING": "1",
        "PLATO_PREVIEW": slug,
    }
    command = [
        str(Path(sys.executable).with_name("mkdocs")),
        "serve",
        "--livereload",
        "-a",
        f"127.0.0.1:{port}",
        "-f",
        str(network.config_file),
    ]
    process = subprocess.Popen(
        command,
        cwd=network.root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[tuple[float, str]] = queue.Queue()
    assert process.stderr is not None
    reader = threading.Thread(target=_read_lines, args=(process.stderr, lines), daemon=True)
    reader.start()
    source = network.territory_file(slug)
    original = source.read_bytes()
    try:
        _wait_for(lines, "Serving on", STARTUP_TIMEOUT)
        edit_to_reload: list[float] = []
        rebuild: list[float] = []
        for number in range(edits):
            time.sleep(1.0)
            edited = time.perf_counter()
            with source.open("a", encoding="utf-8") as file:
                file.write(f"# modification {number + 1}\n")
            started = _wait_for(lines, "Building documentation", REBUILD_TIMEOUT)
            reloaded = _wait_for(lines, "Reloading browsers", REBUILD_TIMEOUT)
            edit_to_reload.append(reloaded - edited)
            rebuild.append(reloaded - started)
        return ServeTiming(edit_to_reload, rebuild)
    finally:
        source.write_bytes(original)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _read_lines(stream: object, lines: queue.Queue[tuple[float, str]]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        lines.put((time.perf_counter(), line.rstrip()))


def _wait_for(lines: queue.Queue[tuple[float, str]], text: str, timeout: float) -> float:
    deadline = time.perf_counter() + timeout
    seen: list[str] = []
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            raise TimeoutError(f"mkdocs serve never said {text!r}; last lines: {seen[-10:]}")
        try:
            stamp, line = lines.get(timeout=remaining)
        except queue.Empty:
            continue
        seen.append(line)
        if "ERROR" in line or "Aborted" in line:
            raise RuntimeError(f"mkdocs serve failed: {line}")
        if text in line:
            return stamp
