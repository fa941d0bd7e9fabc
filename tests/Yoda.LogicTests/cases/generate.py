#!/usr/bin/env python3
"""Fills in the expected results of sqllogictest case files from SQLite (Python's sqlite3, 3.39 or later).

Usage: python3 generate.py case.test   (rewrites the file in place)
A case file holds 'statement ok' records and 'query [TYPES] nosort|rowsort|valuesort' records;
their results (if any) are ignored: each query is run on SQLite and written back with its column
types (I, R, T) and values rendered as the sqllogictest harness renders them (%.3f for reals,
NULL, (empty)).
"""
import sqlite3
import sys


def render(value, kind):
    if value is None:
        return "NULL"
    if kind == "I":
        text = str(int(value))
    elif kind == "R":
        text = "%.3f" % float(value)
    else:
        text = str(value)
    if text == "":
        return "(empty)"
    return "".join(c if " " <= c <= "~" else "@" for c in text)


def kind_of(values):
    present = [v for v in values if v is not None]
    if any(isinstance(v, float) for v in present):
        return "R"
    if any(isinstance(v, (str, bytes)) for v in present):
        return "T"
    return "I"


def records(lines):
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\n")
        if not line.strip() or line.startswith("#"):
            if line.startswith("#"):
                yield ("comment", line, None)
            i += 1
            continue
        header = line
        i += 1
        body = []
        while i < len(lines) and lines[i].strip() and lines[i].rstrip("\n") != "----":
            body.append(lines[i].rstrip("\n"))
            i += 1
        while i < len(lines) and lines[i].strip():
            i += 1
        yield ("record", header, "\n".join(body))


def main(path):
    db = sqlite3.connect(":memory:")
    out = []
    for kind, header, body in records(open(path).readlines()):
        if kind == "comment":
            out.append(header)
            continue
        words = header.split()
        if words[0] == "statement":
            db.executescript(body)
            out += [header, body, ""]
            continue
        sort = words[-1] if words[-1] in ("nosort", "rowsort", "valuesort") else "nosort"
        rows = db.execute(body).fetchall()
        width = len(db.execute(body).description)
        kinds = "".join(kind_of([r[c] for r in rows]) for c in range(width))
        rendered = [[render(r[c], kinds[c]) for c in range(width)] for r in rows]
        if sort == "rowsort":
            rendered.sort()
        values = [v for r in rendered for v in r]
        if sort == "valuesort":
            values.sort()
        out += ["query %s %s" % (kinds, sort), body, "----"] + values + [""]
    with open(path, "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
