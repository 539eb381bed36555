"""Run data-to-insight's CIN census validator (csc-validator-be-cin) over census files and fail on any rule of type
ERROR. Runs in its own virtual environment (.venv-cin: the validator pins pandas<2), so it imports nothing of macp.

    .venv-cin/bin/python .ci/cin_validate.py --ruleset cin2026_27 FILE.xml [FILE.xml ...]

It validates as `python -m cin_validator run FILE -r RULESET` does (the same convert, process and CinValidator
calls), then prints each rule broken with its type and count; queries (rules of type QUERY) are shown but pass."""

import argparse
import importlib
import sys
import xml.etree.ElementTree as ET

from cin_validator import cin_validator


def validate(path: str, ruleset: str) -> tuple[int, int]:
    registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
    raw = cin_validator.convert_data(ET.parse(path).getroot())
    result = cin_validator.CinValidator(cin_validator.process_data(raw), registry)
    broken = {}
    for code in result.full_issue_df["rule_code"].tolist():
        broken[str(code)] = broken.get(str(code), 0) + 1
    for code in result.multichild_issues["rule_code"].tolist():
        broken.setdefault(str(code), 1)
    errors = queries = 0
    for code, count in sorted(broken.items()):
        rule = registry.get(code) or registry.get(int(code) if code.isdigit() else code)
        kind = rule.rule_type.name if rule is not None else "ERROR"
        message = rule.message if rule is not None else "(rule not in the registry)"
        print(f"  {kind:<5} {code:<6} x{count:<4} {message}")
        if kind == "ERROR":
            errors += 1
        else:
            queries += 1
    print(f"{path}: {errors} ERROR rules broken, {queries} QUERY rules raised ({ruleset}, {len(registry)} rules)")
    return errors, queries


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ruleset", "-r", default="cin2026_27")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    errors = sum(validate(path, args.ruleset)[0] for path in args.files)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
