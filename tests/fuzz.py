"""Fuzzing the loader and the validator: random bytes and random mutations of the example
content, each either refused with located French lines or accepted *and rendered*.

A failure is any other outcome: a traceback, an input the validator accepts and the
renderer then crashes on, an input that takes more than a few seconds (a regular
expression gone quadratic), or memory that keeps growing from one input to the next.
Failing inputs are written to ``fuzz-failures/`` to be replayed and added to
tests/bad_inputs.

    python -m tests.fuzz --seconds 600          # make fuzz (FUZZ_SECONDS)
    python -m tests.fuzz --inputs 150 --seed 1  # what tests/test_fuzz.py runs in make test
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any

import yaml

from plato_site.errors import ContentErrors
from plato_site.i18n import Catalog
from plato_site.load import FORBIDDEN_CHARACTERS
from plato_site.pipeline import load_site, render_site

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((REPO / "content" / "territoires").glob("*.yml"))
NETWORK = REPO / "content" / "reseau.yml"
TODAY = date(2026, 11, 22)  # the example build date
SITE_URL = "https://plato.example.org/"
FR, EN = Catalog("fr"), Catalog("en")
SLOW_SECONDS = 10  # one input; the whole example network loads in well under a second
LEAK_LIMIT_MB = 150  # growth of the peak memory after the warm-up inputs

# Characters and fragments that mean something to YAML, to the character policy, or that
# staff paste by accident.
FRAGMENTS = [
    "\t", "\u00a0", "\u202f", "\u200b", "\u200d", "\u202e", "\u2066", "\u2028", "\u2029",
    "\x85", "\x00", "\x07", "\x1b", "\x0b", "\x0c", "\ufeff", "\r", "\r\n", "\n", " ", "  ",
    ":", ": ", "-", "- ", "#", "&a", "*a", "!!", "!!python/object:os.system", "<<: ", "|", ">",
    "'", '"', "«", "»", "“", "”", "’", "′", "，", "４", "{", "}", "[", "]", ",", "?", "%", "@",
    "`", "\\", "\\u202e", "---\n", "...\n", "~", "null", "true", "0", "1e999", "-1", "+33 4",
    "2027-02-30", "25:00", "8h30", "<script>", "javascript:", "é", "🙂", "👩\u200d💼",
]  # fmt: skip


@dataclass
class Outcome:
    inputs: int = 0
    refused: int = 0
    rendered: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


# --- mutations ---------------------------------------------------------------------------------


def _random_bytes(rng: random.Random, source: bytes) -> bytes:
    return rng.randbytes(rng.randint(0, 2000))


def _flip_bytes(rng: random.Random, source: bytes) -> bytes:
    data = bytearray(source)
    for _ in range(rng.randint(1, 8)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def _insert_fragment(rng: random.Random, source: bytes) -> bytes:
    text = source.decode("utf-8")
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(text))
        text = text[:at] + rng.choice(FRAGMENTS) + text[at:]
    return text.encode("utf-8")


def _delete_span(rng: random.Random, source: bytes) -> bytes:
    at = rng.randint(0, len(source))
    return source[:at] + source[at + rng.randint(1, 40) :]


def _shuffle_lines(rng: random.Random, source: bytes) -> bytes:
    lines = source.split(b"\n")
    for _ in range(rng.randint(1, 3)):
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        action = rng.choice(["swap", "duplicate", "delete", "indent", "dedent"])
        if action == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "duplicate":
            lines.insert(j, lines[i])
        elif action == "delete":
            del lines[i]
        elif action == "indent":
            lines[i] = b" " * rng.randint(1, 3) + lines[i]
        else:
            lines[i] = lines[i].lstrip(b" ")
    return b"\n".join(lines)


def _truncate(rng: random.Random, source: bytes) -> bytes:
    return source[: rng.randint(0, len(source))]


def _replace_value(rng: random.Random, source: bytes) -> bytes:
    """A value anywhere in the document replaced by another type or an odd scalar."""
    data = yaml.safe_load(source)
    places = list(_places(data))
    if not places:
        return source
    container, key = rng.choice(places)
    container[key] = rng.choice(
        [
            None, True, 0, -1, 10**30, 1.5, "", " ", rng.choice(FRAGMENTS), [], {},
            ["x"], {"x": 1}, "2027-13-01", "9999-12-31", "1900-01-01", "８:３０", "« 42300 »",
            rng.choice(FRAGMENTS) * rng.randint(1, 50),
        ]
    )  # fmt: skip
    return yaml.safe_dump(data, allow_unicode=rng.random() < 0.5, sort_keys=False).encode()


def _edit_text(rng: random.Random, source: bytes) -> bytes:
    """Fragments inside one text value: mostly still valid, so the renderer is exercised."""
    data = yaml.safe_load(source)
    texts = [(c, k) for c, k in _places(data) if isinstance(c[k], str)]
    if not texts:
        return source
    container, key = rng.choice(texts)
    value: str = container[key]
    for _ in range(rng.randint(1, 3)):
        at = rng.randint(0, len(value))
        value = value[:at] + rng.choice(FRAGMENTS) + value[at:]
    container[key] = value
    return yaml.safe_dump(data, allow_unicode=rng.random() < 0.5, sort_keys=False).encode()


def _places(data: Any) -> Iterator[tuple[Any, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield data, key
            yield from _places(value)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield data, index
            yield from _places(value)


MUTATIONS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "random bytes": _random_bytes,
    "flipped bytes": _flip_bytes,
    "inserted fragments": _insert_fragment,
    "deleted span": _delete_span,
    "moved lines": _shuffle_lines,
    "truncated": _truncate,
    "replaced value": _replace_value,
    "edited text": _edit_text,
}


# --- one input ---------------------------------------------------------------------------------


class _Slow(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Slow


def check_one(project: Path, network: bytes, territory: bytes) -> str:
    """ "refused" or "rendered"; raises on anything else."""
    content = project / "content"
    (content / "reseau.yml").write_bytes(network)
    (content / "territoires" / "fuzz.yml").write_bytes(territory)
    try:
        site = load_site(content, TODAY, project)
    except ContentErrors as problems:
        assert problems.errors, "ContentErrors without a problem"
        for error in problems.errors:
            assert error.location.file.startswith("content/"), error.location
            assert error.location.line >= 1 and error.location.column >= 1, error.location
            french, english = error.format(FR), error.format(EN)
            assert "\n" not in french and "\n" not in english, french
        return "refused"
    output = render_site(site, FR, site_url=SITE_URL, feeds=True)
    assert output.pages and output.feeds
    # The character policy holds end to end: nothing it refuses reaches a page or a feed.
    for page in output.pages:
        assert not FORBIDDEN_CHARACTERS.search(page.html), page.url
    for feed in output.feeds:
        assert not FORBIDDEN_CHARACTERS.search(feed.content.decode("utf-8")), feed.path
    return "rendered"


def run(inputs: int | None, seconds: float | None, seed: int, failures_dir: Path | None) -> Outcome:
    rng = random.Random(seed)
    sources = [path.read_bytes() for path in EXAMPLES]
    network = NETWORK.read_bytes()
    outcome = Outcome()
    deadline = time.monotonic() + seconds if seconds else None
    warm_peak = 0
    previous_handler = signal.signal(signal.SIGALRM, _alarm)
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / "content" / "territoires").mkdir(parents=True)
        try:
            while (inputs is None or outcome.inputs < inputs) and (
                deadline is None or time.monotonic() < deadline
            ):
                kind = rng.choice(list(MUTATIONS))
                mutate_network = rng.random() < 0.1
                source = network if mutate_network else rng.choice(sources)
                mutated = MUTATIONS[kind](rng, source)
                files = (mutated, rng.choice(sources)) if mutate_network else (network, mutated)
                outcome.inputs += 1
                outcome.kinds[kind] += 1
                signal.alarm(SLOW_SECONDS)
                try:
                    result = check_one(project, *files)
                    if result == "refused":
                        outcome.refused += 1
                    else:
                        outcome.rendered += 1
                except _Slow:
                    _record(outcome, failures_dir, files, f"slower than {SLOW_SECONDS} s", kind)
                except Exception:  # every other outcome is a finding
                    _record(outcome, failures_dir, files, traceback.format_exc(), kind)
                finally:
                    signal.alarm(0)
                if outcome.inputs == 50:
                    warm_peak = _peak_mb()
        finally:
            signal.signal(signal.SIGALRM, previous_handler)
    if warm_peak and _peak_mb() - warm_peak > LEAK_LIMIT_MB:
        outcome.failures.append(f"memory grew from {warm_peak} MB to {_peak_mb()} MB")
    return outcome


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def _record(
    outcome: Outcome, folder: Path | None, files: tuple[bytes, bytes], problem: str, kind: str
) -> None:
    outcome.failures.append(f"[{kind}] {problem}")
    if folder is not None:
        case = folder / f"failure-{len(outcome.failures):03d}"
        (case / "territoires").mkdir(parents=True, exist_ok=True)
        (case / "reseau.yml").write_bytes(files[0])
        (case / "territoires" / "fuzz.yml").write_bytes(files[1])
        (case / "problem.txt").write_text(problem, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--inputs", type=int, default=None)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--failures", type=Path, default=Path("fuzz-failures"))
    parser.add_argument("--memory-mb", type=int, default=2048, help="address-space limit")
    args = parser.parse_args(argv)
    limit = args.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # a blow-up fails, not the machine
    shutil.rmtree(args.failures, ignore_errors=True)
    started = time.monotonic()
    outcome = run(args.inputs, args.seconds, args.seed, args.failures)
    elapsed = time.monotonic() - started
    print(
        f"fuzz: seed {args.seed}, {outcome.inputs} inputs in {elapsed:.0f} s "
        f"({outcome.refused} refused with French lines, {outcome.rendered} accepted and "
        f"rendered), peak memory {_peak_mb()} MB, {len(outcome.failures)} failures"
    )
    for kind, count in sorted(outcome.kinds.items()):
        print(f"  {kind}: {count}")
    for failure in outcome.failures[:20]:
        print(failure, file=sys.stderr)
    if outcome.failures:
        print(f"failing inputs written to {args.failures}/", file=sys.stderr)
    return 1 if outcome.failures else 0


if __name__ == "__main__":
    sys.exit(main())
