#!/usr/bin/env python3
"""Validates JSON Lines on stdin against a JSON Schema (Draft 2020-12).

usage: validate_schema.py SCHEMA [--min N]

Every non-empty line must be one JSON object valid against SCHEMA; at
least N lines (default 1) must be present. Exits 0 when all are valid,
1 with the first error (line number, JSON path, message) otherwise.
Used by tests/unit/test_write.c and tests/cli/test_cli_seeds.sh."""
import json
import sys

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--min"):
        print(__doc__, file=sys.stderr)
        return 2
    minimum = int(argv[3]) if len(argv) == 4 else 1
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    count = 0
    for lineno, line in enumerate(sys.stdin.buffer, 1):
        if not line.strip():
            continue
        count += 1
        try:
            doc = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            print(f"line {lineno}: not JSON: {e}", file=sys.stderr)
            return 1
        e = best_match(validator.iter_errors(doc))
        if e is not None:
            print(f"line {lineno}: {e.json_path}: {e.message[:300]}",
                  file=sys.stderr)
            return 1
    if count < minimum:
        print(f"expected at least {minimum} JSON lines, got {count}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
