"""JSON events from a byte stream, and a value-free account of why parsing failed.

The main pass uses ijson's fastest available backend (its C backend on CPython, the
pure-Python one in Pyodide). ijson's error messages quote the offending text, so they are
never shown. When parsing fails, :func:`locate_problem` reads the document once more with
ijson's pure-Python lexer, which knows character positions, and answers with a code
(``truncated`` when the text simply stops, ``not-json`` otherwise) and a line and column.
That extra pass happens only for broken files, and gives the same answer on both runtimes.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import IO, Any

import ijson
from ijson import common as ijson_common
from ijson import utils as ijson_utils
from ijson.backends import python as ijson_python

from .reader import CHUNK_SIZE, ByteReader

Event = tuple[str, Any]
JSONError: type[Exception] = ijson_common.JSONError
IncompleteJSONError: type[Exception] = ijson_common.IncompleteJSONError


def events(reader: ByteReader) -> Iterator[Event]:
    """ijson's basic events; floats rather than Decimals so output is plain JSON."""
    result: Iterator[Event] = ijson.basic_parse(reader, buf_size=CHUNK_SIZE, use_float=True)
    return result


@dataclass(frozen=True)
class ParseProblem:
    """Why a document is not JSON: ``truncated`` or ``not-json``, and where."""

    code: str
    line: int | None
    column: int | None


def _decoded_chunks(open_stream: Callable[[], IO[bytes]]) -> Iterator[str]:
    """The document as text, for locating a problem: lenient, since the bytes may be broken."""
    stream = open_stream()
    decoder = codecs.getincrementaldecoder("utf-8-sig")("replace")
    while True:
        data = stream.read(CHUNK_SIZE)
        text = decoder.decode(data, final=not data)
        if text:
            yield text
        if not data:
            return


@ijson_utils.coroutine  # type: ignore[untyped-decorator]
def _position_tracker(target: Any, last: list[int]) -> Generator[None, Any, None]:
    while True:
        item = yield
        if item[0] >= 0:
            last[0] = item[0]
        try:
            target.send(item)
        except StopIteration:
            return  # the document ended; the lexer expects this StopIteration


def _line_column(open_stream: Callable[[], IO[bytes]], position: int) -> tuple[int, int]:
    line, line_start, seen = 1, 0, 0
    for text in _decoded_chunks(open_stream):
        stop = min(len(text), position - seen)
        newlines = text.count("\n", 0, stop)
        if newlines:
            line += newlines
            line_start = seen + text.rindex("\n", 0, stop) + 1
        seen += len(text)
        if seen >= position:
            break
    return line, position - line_start + 1


def locate_problem(open_stream: Callable[[], IO[bytes]]) -> ParseProblem:
    """Re-read a document that failed to parse and say what is wrong and where."""
    last = [0]
    sink = ijson_utils.sendable_list()
    parser = ijson_python.parse_value(sink, False, True)
    lexer = ijson_python.Lexer(_position_tracker(parser, last))
    end = 0
    try:
        for text in _decoded_chunks(open_stream):
            end += len(text)
            lexer.send(text)
            del sink[:]
        lexer.close()
    except IncompleteJSONError:
        line, column = _line_column(open_stream, end)
        return ParseProblem("truncated", line, column)
    except (JSONError, ValueError):  # ValueError: json.scanstring on a broken string literal
        line, column = _line_column(open_stream, last[0])
        return ParseProblem("not-json", line, column)
    # The fast backend refused what the careful one accepts: say so without a position.
    return ParseProblem("not-json", None, None)
