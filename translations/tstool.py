#!/usr/bin/env python3
"""Keeps translations/berth_*.ts in step with the code (scripts/update-translations.sh runs it).

lupdate names a tr() call's context after the class or namespace around it, but berth::tr (core/util/
translate.h) always translates in the context "berth". The contexts lupdate reports as lacking Q_OBJECT
are those where tr() is berth::tr: their messages move to "berth". Classes with their own tr()
(Q_OBJECT, Q_DECLARE_TR_FUNCTIONS) keep their contexts.

  tstool.py merge FRESH TS LOG   write TS: FRESH's messages with TS's translations (new ones unfinished)
  tstool.py check FRESH TS LOG   exit 1 when TS lacks a message of the code, keeps one the code no longer
                                 has, or has an unfinished, obsolete, vanished or empty entry
FRESH is lupdate's output for the sources alone, LOG its standard error.
"""
import re
import sys
import xml.etree.ElementTree as ET

ENGINE_CONTEXT = "berth"


def berth_tr_contexts(log_path):
    with open(log_path, encoding="utf-8") as f:
        return set(re.findall(r"Class '([^']+)' lacks Q_OBJECT macro", f.read()))


def read_ts(path):
    """(language, [(context, key, message element)]) with key = (source, comment, numerus)."""
    root = ET.parse(path).getroot()
    messages = []
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            key = (message.findtext("source", ""), message.findtext("comment", ""), message.get("numerus") == "yes")
            messages.append((name, key, message))
    return root.get("language", ""), messages


def fresh_messages(fresh_path, log_path):
    moved = berth_tr_contexts(log_path)
    seen = set()
    result = []
    for context, key, _ in read_ts(fresh_path)[1]:
        context = ENGINE_CONTEXT if context in moved else context
        if (context, key) not in seen:
            seen.add((context, key))
            result.append((context, key))
    return result


def escape(text):
    out = []
    for ch in text:
        if ch == "&":
            out.append("&amp;")
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch == '"':
            out.append("&quot;")
        elif ch == "'":
            out.append("&apos;")
        elif ord(ch) < 0x20 and ch not in "\n\t":
            out.append('<byte value="x%x"/>' % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


def translation_xml(message, numerus):
    """The <translation> element of a committed message, as lupdate writes it."""
    tr = message.find("translation") if message is not None else None
    attrs = ""
    kind = tr.get("type") if tr is not None else "unfinished"
    if kind in ("unfinished", "obsolete", "vanished"):
        attrs = ' type="unfinished"'
    if numerus:
        forms = [f.text or "" for f in tr.iter("numerusform")] if tr is not None else []
        if not forms:
            forms = [""]
        inner = "".join("\n            <numerusform>%s</numerusform>" % escape(f) for f in forms)
        return "<translation%s>%s\n        </translation>" % (attrs, inner)
    return "<translation%s>%s</translation>" % (attrs, escape(tr.text or "") if tr is not None else "")


def merge(fresh_path, ts_path, log_path):
    language, committed = read_ts(ts_path)
    known = {(c, k): m for c, k, m in committed if (m.find("translation") is None
                                                    or m.find("translation").get("type") not in ("obsolete", "vanished"))}
    by_context = {}
    for context, key in fresh_messages(fresh_path, log_path):
        by_context.setdefault(context, []).append((key, known.get((context, key))))
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
             '<TS version="2.1" language="%s">' % language]
    for context in sorted(by_context):
        lines += ["<context>", "    <name>%s</name>" % escape(context)]
        for (source, comment, numerus), message in by_context[context]:
            lines.append('    <message numerus="yes">' if numerus else "    <message>")
            lines.append("        <source>%s</source>" % escape(source))
            if comment:
                lines.append("        <comment>%s</comment>" % escape(comment))
            lines.append("        " + translation_xml(message, numerus))
            lines.append("    </message>")
        lines.append("</context>")
    lines.append("</TS>")
    with open(ts_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def check(fresh_path, ts_path, log_path):
    _, committed = read_ts(ts_path)
    problems = []
    in_file = set()
    for context, key, message in committed:
        in_file.add((context, key))
        tr = message.find("translation")
        kind = tr.get("type") if tr is not None else "unfinished"
        if kind in ("unfinished", "obsolete", "vanished"):
            problems.append("%s entry: [%s] %r" % (kind, context, key[0]))
        elif not "".join(tr.itertext()).strip():
            problems.append("empty translation: [%s] %r" % (context, key[0]))
    code = fresh_messages(fresh_path, log_path)
    in_code = set(code)
    for context, key in code:
        if (context, key) not in in_file:
            problems.append("missing from %s: [%s] %r" % (ts_path, context, key[0]))
    for context, key, _ in committed:
        if (context, key) not in in_code:
            problems.append("no longer in the code: [%s] %r" % (context, key[0]))
    for p in problems:
        print(p)
    if problems:
        print("%d problem(s) in %s; run scripts/update-translations.sh and translate what is new."
              % (len(problems), ts_path))
        return 1
    print("%s: %d messages, all translated, none stale" % (ts_path, len(committed)))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] not in ("merge", "check"):
        sys.exit(__doc__)
    if sys.argv[1] == "merge":
        merge(*sys.argv[2:])
    else:
        sys.exit(check(*sys.argv[2:]))
