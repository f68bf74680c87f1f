"""Command line: ``python -m service [serve | extract ...]``.

    python -m service                      development server (as ``serve``)
    python -m service extract article.txt --published-at 2022-02-07
    python -m service extract - < article.txt
    python -m service extract --jsonl corpus.jsonl --out events.jsonl

``extract FILE`` prints the body ``POST /v1/events`` would return. ``--jsonl``
reads one request document per line (``{"id", "text", "published_at", ...}``,
validated as the API validates them) and writes one line per input line, in
order: ``{"line", "document", "events"}`` as in a batch response, or
``{"id", "line", "error"}`` with the problem (RFC 9457 body) that document
would have got from the API; a blank line gets a problem too, so output line N
always answers input line N. A bad line never stops the run.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from typing import IO, Any

import orjson

from .corpus import CorpusDocument, chunks, extract_documents, parse_document
from .errors import ProblemError
from .extraction import Extractor
from .payloads import events_response, load_request
from .schemas import make_request_schema
from .settings import Settings, SettingsError

# Documents parsed together with nlp.pipe; bounds memory on any corpus size.
CHUNK_DOCUMENTS = 64


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m service", description="Event extraction for news: server and command line."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the development server (the default; use gunicorn in production)")
    serve.add_argument(
        "--host", default=os.environ.get("HOST", "127.0.0.1"), help="address to listen on (default: $HOST or 127.0.0.1)"
    )
    serve.add_argument(
        "--port", type=int, default=int(os.environ.get("PORT", "8000")), help="port (default: $PORT or 8000)"
    )

    extract = commands.add_parser(
        "extract",
        help="extract events from a text file, stdin or a JSON Lines corpus",
        description="Print the events of one plain-text article (FILE, or - for stdin) as POST /v1/events would return them, "
        "or process a JSON Lines corpus with --jsonl. Settings (SPACY_MODEL, MAX_TEXT_CHARS, ...) come from the environment.",
    )
    extract.add_argument("file", nargs="?", metavar="FILE", help="plain-text article, UTF-8; - reads stdin")
    extract.add_argument(
        "--published-at", metavar="DATE", help="publication date, ISO 8601 (anchor for relative dates)"
    )
    extract.add_argument("--id", dest="doc_id", metavar="ID", help="document id echoed in the output")
    extract.add_argument("--title", help="document title echoed in the output")
    extract.add_argument("--event-types", metavar="TYPES", help="comma-separated event types to keep")
    extract.add_argument("--min-confidence", type=float, metavar="X", help="drop events below this confidence (0..1)")
    extract.add_argument(
        "--jsonl", metavar="IN", help="JSON Lines corpus, one request document per line; - reads stdin"
    )
    extract.add_argument("--out", metavar="OUT", default="-", help="where --jsonl writes its results (default: stdout)")
    extract.add_argument(
        "--batch-size", type=int, default=16, metavar="N", help="documents per nlp.pipe batch (default: 16)"
    )
    extract.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    extractor: Extractor | None = None,
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the command line; returns the exit status. ``extractor`` and the streams are for tests."""
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in (None, "serve"):
        return serve(getattr(args, "host", None), getattr(args, "port", None))
    if (args.file is None) == (args.jsonl is None):
        parser.error("extract needs exactly one input: FILE (or -) or --jsonl IN")
    if args.jsonl is not None and (
        args.published_at or args.doc_id or args.title or args.event_types or args.min_confidence is not None
    ):
        parser.error(
            "--published-at, --id, --title, --event-types and --min-confidence apply to FILE; in --jsonl put them on each line"
        )
    if args.batch_size < 1:
        parser.error("--batch-size must be at least 1")
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"error: {exc}", file=stderr)
        return 2
    extractor = extractor or Extractor(
        settings.spacy_model, detector=settings.trigger_detector, scorer=settings.event_scorer
    )
    schema = make_request_schema(settings.max_text_chars, extractor.codebook.type_names)
    if args.jsonl is not None:
        return extract_corpus(args, extractor, schema, stdin, stdout, stderr)
    return extract_file(args, extractor, schema, stdin, stdout, stderr)


def serve(host: str | None = None, port: int | None = None) -> int:
    """The development server (Flask's); production runs gunicorn with gunicorn.conf.py."""
    from .app import create_app

    app = create_app()
    app.run(
        host=host or os.environ.get("HOST", "127.0.0.1"), port=port or int(os.environ.get("PORT", "8000")), debug=False
    )
    return 0


# -- one article -------------------------------------------------------------


def extract_file(
    args: argparse.Namespace, extractor: Extractor, schema, stdin: IO[str], stdout: IO[str], stderr: IO[str]
) -> int:
    """Print the POST /v1/events body for one plain-text article; a problem on stderr and status 1 if it is invalid."""
    started = time.perf_counter()
    try:
        text = stdin.read() if args.file == "-" else _read_text(args.file)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {args.file}: {exc}", file=stderr)
        return 1
    raw: dict[str, Any] = {"text": text}
    optional = {
        "id": args.doc_id,
        "title": args.title,
        "published_at": args.published_at,
        "min_confidence": args.min_confidence,
    }
    raw.update({key: value for key, value in optional.items() if value is not None})
    if args.event_types:
        raw["event_types"] = [name.strip() for name in args.event_types.split(",") if name.strip()]
    try:
        doc = load_request(schema, raw)
    except ProblemError as problem:
        stderr.write(orjson.dumps(problem.to_dict(), option=orjson.OPT_INDENT_2).decode() + "\n")
        return 1
    result = extractor.extract(doc["text"], doc.get("published_at"))
    body = events_response(doc, raw, result, extractor, started)
    stdout.write(orjson.dumps(body, option=orjson.OPT_INDENT_2).decode() + "\n")
    return 0


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


# -- a corpus ----------------------------------------------------------------


def extract_corpus(
    args: argparse.Namespace, extractor: Extractor, schema, stdin: IO[str], stdout: IO[str], stderr: IO[str]
) -> int:
    """Process a JSON Lines corpus; every input line gets one output line, errors included."""
    try:
        # Bytes, so that orjson rejects a line that is not UTF-8 instead of it being silently altered.
        source = getattr(stdin, "buffer", stdin) if args.jsonl == "-" else open(args.jsonl, "rb")
    except OSError as exc:
        print(f"error: cannot read {args.jsonl}: {exc}", file=stderr)
        return 1
    total = None if args.jsonl == "-" else _count_lines(args.jsonl)
    try:
        sink = stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot write {args.out}: {exc}", file=stderr)
        return 1
    done = failed = 0
    progress = _progress(total, stderr, disable=args.no_progress)
    try:
        for chunk in chunks(enumerate(source, start=1), CHUNK_DOCUMENTS):
            items = [parse_document(number, text, schema) for number, text in chunk]
            extract_documents(extractor, items, args.batch_size, stderr)
            for item in items:
                sink.write(orjson.dumps(_output_line(item)).decode() + "\n")
                failed += item.problem is not None
            done += len(items)
            progress.update(len(items))
            sink.flush()
    finally:
        progress.close()
        if args.jsonl != "-":
            source.close()
        if sink is not stdout:
            sink.close()
    print(f"{done} documents, {done - failed} extracted, {failed} errors", file=stderr)
    return 0


def _output_line(item: CorpusDocument) -> dict[str, Any]:
    """Line N of the output: the batch item for input line N, or the problem it got."""
    if item.problem is not None:
        return {"id": item.doc_id, "line": item.number, "error": item.problem.to_dict()}
    return {"line": item.number, **item.result}


def _count_lines(path: str) -> int | None:
    try:
        with open(path, "rb") as handle:
            return sum(1 for _ in handle)
    except OSError:
        return None


def _progress(total: int | None, stream: IO[str], disable: bool):
    from tqdm import tqdm

    # disable=None: tqdm shows the bar only when stderr is a terminal.
    return tqdm(total=total, unit="doc", file=stream, disable=True if disable else None, dynamic_ncols=True)
