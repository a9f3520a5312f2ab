"""Stream JSON Lines through a predictor. Framework-free, so the console command can score without
starting Django: bulk scoring is pure arithmetic and needs no database."""

import sys
from typing import TextIO

from probation.risk.rules.batch import KINDS, score_lines

CHUNK = 8192


def predict_stream(kind: str, source: TextIO, out: TextIO) -> None:
    if kind not in KINDS:
        raise ValueError(f"Unknown predictor {kind!r}; choose one of {', '.join(KINDS)}")
    batch: list[str] = []
    for result in score_lines(kind, (line.rstrip("\n") for line in source)):
        batch.append(result)
        if len(batch) >= CHUNK:
            out.write("\n".join(batch) + "\n")
            batch.clear()
    if batch:
        out.write("\n".join(batch) + "\n")
    out.flush()


def main(argv: list[str]) -> int:
    """`probation predict KIND [FILE|-]`."""
    if not argv or argv[0] in {"-h", "--help"} or len(argv) > 2:
        print(f"usage: probation predict {{{','.join(KINDS)}}} [FILE|-]", file=sys.stderr)
        return 0 if argv and argv[0] in {"-h", "--help"} else 2
    kind, file = argv[0], (argv[1] if len(argv) > 1 else "-")
    if kind not in KINDS:
        print(
            f"probation predict: unknown predictor {kind!r}; choose one of {', '.join(KINDS)}",
            file=sys.stderr,
        )
        return 2
    try:
        source = sys.stdin if file == "-" else open(file, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        print(f"probation predict: cannot read {file}: {exc.strerror}", file=sys.stderr)
        return 2
    with source:
        predict_stream(kind, source, sys.stdout)
    return 0
