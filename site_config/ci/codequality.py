"""`plato-site validate --format json` (stdin) as a GitLab Code Quality report (stdout).

GitLab shows each error in the merge request, at its file and line, in French as staff read
it in the terminal. Used by gitlab-ci.yml; Python's standard library only.
"""

from __future__ import annotations

import hashlib
import json
import sys
from typing import Any


def code_quality(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Errors block the merge request ("major"); warnings, where validate gives them, do not."""
    issues = []
    for records, severity in (
        (report.get("errors", []), "major"),
        (report.get("warnings", []), "minor"),
    ):
        for record in records:
            where = f"{record['file']}:{record['line']}:{record['column']}"
            field, message = record["field"], record["message"]
            issues.append(
                {
                    "type": "issue",
                    "check_name": record["key"],
                    "description": f"{field} : {message}" if field else message,
                    "severity": severity,
                    "fingerprint": hashlib.sha256(f"{where}:{record['key']}".encode()).hexdigest(),
                    "location": {"path": record["file"], "lines": {"begin": record["line"]}},
                }
            )
    return issues


if __name__ == "__main__":
    json.dump(code_quality(json.load(sys.stdin)), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
