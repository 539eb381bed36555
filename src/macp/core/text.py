"""Text that can be stored and drawn: what to refuse (NUL, lone surrogates, deep nesting) and what to clean
(control characters in names, which break DOCX and SVG, both XML)."""

import re

MAX_JSON_DEPTH = 32  # the deepest body the contracts define is 4 levels
# C0 and C1 controls other than tab, newline and carriage return: not allowed in XML 1.0, never typed on purpose.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def unstorable(text: str) -> str | None:
    """Why no database column can hold this text, or None. PostgreSQL refuses NUL; UTF-8 has no lone surrogates."""
    if "\x00" in text:
        return "contains a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains a lone UTF-16 surrogate (not valid Unicode text)"
    return None


def json_problems(value) -> list[dict]:
    """Every string (key or value) that cannot be stored, and nesting deeper than MAX_JSON_DEPTH ({loc, msg})."""
    problems, stack = [], [(value, [], 0)]
    while stack and len(problems) < 20:
        item, loc, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            problems.append({"loc": loc, "msg": f"Nested more than {MAX_JSON_DEPTH} levels deep"})
            continue
        if isinstance(item, str):
            if why := unstorable(item):
                problems.append({"loc": loc, "msg": f"The text {why}"})
        elif isinstance(item, dict):
            for key, child in item.items():
                if why := unstorable(str(key)):
                    problems.append({"loc": loc, "msg": f"A key {why}"})
                stack.append((child, [*loc, str(key)], depth + 1))
        elif isinstance(item, list):
            stack.extend((child, [*loc, str(i)], depth + 1) for i, child in enumerate(item))
    return problems


def without_controls(text: str) -> str:
    """Text safe inside XML (DOCX, SVG): control characters dropped, tab and line breaks kept."""
    return _CONTROLS.sub("", text) if text else text
