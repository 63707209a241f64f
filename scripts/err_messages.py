#!/usr/bin/env python3
"""err_messages.py: the error messages of zuofeng's sources and their Chinese catalog.

Every message a person may read in an API error is written in the sources as the format
string of one of the error setters below. src/base/err_zh.inc holds, for each of them, the
Chinese text shown beside the English one (X4): entries {"English format", "中文格式"}, with
the same printf conversions in the same order.

  scripts/err_messages.py list             the format strings, one JSON string a line
  scripts/err_messages.py check            exit 1 naming every format without an entry, every
                                           entry no source uses, and every entry whose
                                           conversions differ from its English
  scripts/err_messages.py missing FILE     writes the formats without an entry as a JSON list
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATALOG = os.path.join(ROOT, "src", "base", "err_zh.inc")

# setter name -> index of its format argument
SETTERS = {
    "zf_err_set": 3,
    "resp_fail": 3,
    "item_err": 4,
    "check_fail": 3,
    "imp_bad": 3,
    "field_err": 2,  # eval_config.c: (err, path, fmt, what)
    "login_fail": 6,  # a whole message, shown through "%s"
    "ZF_MSG": 0,  # a whole message returned, passed on through "%s"
}

SPEC = re.compile(r"%(?:%|[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|L|z|j|t)?[diouxXeEfFgGaAcsp])")


def conversions(fmt):
    """What the printf conversions of fmt take from the arguments, in order: the type of
    each (its length modifier and letter) and the ints a '*' takes. Flags, widths and
    precisions may differ between the languages: "%.0s" takes a string and prints nothing,
    as for an English plural's "s"."""
    out = []
    for spec in SPEC.findall(fmt):
        if spec == "%%":
            continue
        out.extend(["*"] * spec.count("*"))
        out.append(re.search(r"(?:hh|h|ll|l|L|z|j|t)?[diouxXeEfFgGaAcsp]$", spec).group(0))
    return out


def unescape(body):
    """The value of a C string literal's body (the escapes C sources here use)."""
    out, i = [], 0
    simple = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "'": "'", "0": "\0"}
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            n = body[i + 1]
            if n == "x":
                m = re.match(r"[0-9a-fA-F]+", body[i + 2:])
                out.append(chr(int(m.group(0), 16)))
                i += 2 + len(m.group(0))
                continue
            out.append(simple.get(n, n))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def split_args(text, start):
    """The arguments of the call whose '(' is at text[start], as source slices."""
    depth, i, args, cur = 0, start, [], start + 1
    while i < len(text):
        c = text[i]
        if c == '"' or c == "'":
            j = i + 1
            while text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c == "/" and text.startswith("/*", i):
            i = text.index("*/", i) + 2
            continue
        if c == "/" and text.startswith("//", i):
            i = text.index("\n", i)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append(text[cur:i])
                return args
        elif c == "," and depth == 1:
            args.append(text[cur:i])
            cur = i + 1
        i += 1
    return args


LITERAL = re.compile(r'\s*"((?:[^"\\]|\\.)*)"\s*', re.S)


def literal(arg):
    """The value of arg when it is only adjacent string literals, else None."""
    arg = re.sub(r"/\*.*?\*/", "", arg, flags=re.S).strip()
    parts, pos = [], 0
    while pos < len(arg):
        m = LITERAL.match(arg, pos)
        if not m:
            return None
        parts.append(unescape(m.group(1)))
        pos = m.end()
    return "".join(parts) if parts else None


def source_formats():
    """{format: [file:line, ...]} over src/."""
    found = {}
    call = re.compile(r"\b(" + "|".join(SETTERS) + r")\s*\(")
    for dirpath, _, files in os.walk(os.path.join(ROOT, "src")):
        for name in sorted(files):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(dirpath, name)
            text = open(path, encoding="utf-8").read()
            for m in call.finditer(text):
                args = split_args(text, m.end() - 1)
                k = SETTERS[m.group(1)]
                if len(args) <= k:
                    continue  # the declaration or definition itself
                fmt = literal(args[k])
                if fmt is None or not re.search(r"[A-Za-z]{2}", fmt):
                    continue  # a variable, or a bare "%s"
                where = "%s:%d" % (os.path.relpath(path, ROOT), text.count("\n", 0, m.start()) + 1)
                found.setdefault(fmt, []).append(where)
    return found


ENTRY = re.compile(r'\{\s*((?:"(?:[^"\\]|\\.)*"\s*)+),\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\}', re.S)


def catalog():
    """[(english, chinese, line)] of the catalog."""
    if not os.path.exists(CATALOG):
        return []
    text = open(CATALOG, encoding="utf-8").read()
    return [(literal(m.group(1)), literal(m.group(2)), text.count("\n", 0, m.start()) + 1)
            for m in ENTRY.finditer(text)]


def check():
    formats, entries, problems = source_formats(), catalog(), []
    seen = {}
    for en, zh, line in entries:
        if en in seen:
            problems.append("err_zh.inc:%d: a second entry for %s" % (line, json.dumps(en)))
        seen[en] = zh
        if en not in formats:
            problems.append("err_zh.inc:%d: no source uses %s" % (line, json.dumps(en)))
        if conversions(en) != conversions(zh):
            problems.append("err_zh.inc:%d: conversions %s in the Chinese, %s in the English"
                            % (line, conversions(zh), conversions(en)))
        if not zh.strip() or zh == en:
            problems.append("err_zh.inc:%d: no Chinese for %s" % (line, json.dumps(en)))
    for fmt, where in sorted(formats.items()):
        if fmt not in seen:
            problems.append("%s: no Chinese entry for %s" % (where[0], json.dumps(fmt, ensure_ascii=False)))
    for p in problems:
        print(p)
    print("%d formats, %d entries, %d problems" % (len(formats), len(entries), len(problems)))
    return 1 if problems else 0


def main(argv):
    if len(argv) == 2 and argv[1] == "list":
        for fmt in sorted(source_formats()):
            print(json.dumps(fmt, ensure_ascii=False))
        return 0
    if len(argv) == 2 and argv[1] == "check":
        return check()
    if len(argv) == 3 and argv[1] == "missing":
        have = {en for en, _, _ in catalog()}
        todo = [f for f in sorted(source_formats()) if f not in have]
        with open(argv[2], "w", encoding="utf-8") as f:
            json.dump(todo, f, ensure_ascii=False, indent=0)
        print("%d formats without an entry" % len(todo))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
