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
    issues = []
    for error in report.get("errors", []):
        where = f"{error['file']}:{error['line']}:{error['column']}"
        field, message = error["field"], error["message"]
        description = f"{field} : {message}" if field else message
        issues.append(
            {
                "type": "issue",
                "check_name": error["key"],
                "description": description,
                "severity": "major",
                "fingerprint": hashlib.sha256(f"{where}:{error['key']}".encode()).hexdigest(),
                "location": {"path": error["file"], "lines": {"begin": error["line"]}},
            }
        )
    return issues


if __name__ == "__main__":
    json.dump(code_quality(json.load(sys.stdin)), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
