"""Documents of a corpus in, one result per document out: shared by the CLI and the Spark job.

Each input document is a request body as ``POST /v1/events`` takes it, read from
one line of JSON. It is validated exactly as the API validates it, and its result
is the item a batch response would hold for it: ``{"document", "events", "meta"}``,
or the problem (RFC 9457 body) the API would have answered. A document the
extractor fails on fails alone; the rest of its chunk still gets events.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from .errors import ProblemError
from .extraction import Extractor
from .payloads import document_result, load_request, parse_json


@dataclass
class CorpusDocument:
    """One input document: its raw JSON, the validated request, and its result once known."""

    number: int
    raw: Any = None
    doc: dict[str, Any] | None = None
    result: dict[str, Any] | None = None
    problem: ProblemError | None = None

    @property
    def doc_id(self) -> Any:
        return self.raw.get("id") if isinstance(self.raw, dict) else None

    @property
    def pending(self) -> bool:
        return self.result is None and self.problem is None


def parse_document(number: int, text: bytes | str, schema) -> CorpusDocument:
    """Parse and validate one line; a problem (never an exception) if it is not a valid request."""
    item = CorpusDocument(number)
    if not text.strip():
        # Skipping it would shift every later output line off its input line.
        item.problem = ProblemError(
            400, "Bad Request", "The line is blank; expected one JSON document.", "malformed-json"
        )
        return item
    raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    try:
        item.raw = parse_json(raw, what="line")
        item.doc = load_request(schema, item.raw)
    except ProblemError as problem:
        item.problem = problem
    return item


def extract_documents(
    extractor: Extractor, items: list[CorpusDocument], batch_size: int = 16, log: IO[str] | None = None
) -> None:
    """Fill the result of every pending document, batching them through ``nlp.pipe``."""
    pending = [item for item in items if item.pending]
    if not pending:
        return
    try:
        results = list(
            extractor.extract_many(
                ((item.doc["text"], item.doc.get("published_at")) for item in pending), batch_size=batch_size
            )
        )
    except Exception as exc:
        if len(pending) == 1:
            print(f"line {pending[0].number}: extraction failed: {type(exc).__name__}: {exc}", file=log or sys.stderr)
            pending[0].problem = ProblemError(
                500, "Internal Server Error", "Extraction failed on this document.", "internal-error"
            )
            return
        for item in pending:  # find the culprit: the others still get their events
            extract_documents(extractor, [item], batch_size, log)
        return
    for item, result in zip(pending, results, strict=True):
        item.result = document_result(item.doc, item.raw, result)


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``items`` in lists of at most ``size``, in order."""
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
