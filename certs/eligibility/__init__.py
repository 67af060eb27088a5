"""The standard conditions (北京市工程技术人才职称评价基本标准条件) as code: an applicant's
facts (``facts``) against the annex's rules (``annex``), with years counted to the day
(``years``), giving a verdict that cites each clause (``engine``). Pure: no I/O."""

from certs.eligibility.engine import (
    ELIGIBLE,
    NEEDS_COMMITTEE,
    NOT_ELIGIBLE,
    Condition,
    EligibilitySettings,
    Verdict,
    evaluate,
)
from certs.eligibility.facts import (
    Education,
    Facts,
    GroundClaim,
    Output,
    Qualification,
    Title,
    WorkPeriod,
)

__all__ = [
    "ELIGIBLE",
    "NEEDS_COMMITTEE",
    "NOT_ELIGIBLE",
    "Condition",
    "Education",
    "EligibilitySettings",
    "Facts",
    "GroundClaim",
    "Output",
    "Qualification",
    "Title",
    "Verdict",
    "WorkPeriod",
    "evaluate",
]
