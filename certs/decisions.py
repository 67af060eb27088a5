"""The dates of a decision that grants a title, and the rules they must meet (pure).

A title is granted by a committee's decision (三(四)3: 评审委员会……确定相应职称). The
registry records it only when the decision has been taken (not dated after today, Beijing
time), after the review meeting it decides on, after the public notice of the results
ended (三(四)4, 公示制度), and when the title it grants existed on that day: 正高级工程师 from
the day the measures took effect (本办法自2020年10月1日起实施; the level is 三(一)1's),
高级工程师（教授级） before it. The committee's own authority on those dates is the
registry's to check; these are the rules that need nothing but the dates.
"""

from __future__ import annotations

import datetime as dt

from certs.errors import FieldError
from certs.levels import get_level

# 本办法自2020年10月1日起实施: the day 正高级工程师 took the place of 高级工程师（教授级）.
REFORM_DATE = dt.date(2020, 10, 1)
LEVELS_FROM_REFORM = frozenset({"professorate_senior_engineer"})
LEVELS_BEFORE_REFORM = frozenset({"senior_engineer_professor_grade"})


def decision_date_errors(level: str, decided: dt.date, today: dt.date) -> list[FieldError]:
    """Why a decision of ``decided`` cannot grant ``level`` (empty: it can), as of ``today``."""
    return [*future_errors(decided, today), *level_date_errors(level, decided)]


def future_errors(decided: dt.date, today: dt.date) -> list[FieldError]:
    """A decision dated after today (Beijing) has not been taken."""
    if decided <= today:
        return []
    return [
        FieldError(
            "decision_date",
            "in_future",
            f"The decision date {decided} is after today ({today}, Beijing time): a title "
            "rests on a decision already taken (三(四)3).",
            f"决定日期 {decided} 晚于今天（北京时间 {today}）：职称须依据已作出的评审决定"
            "确定（三(四)3）。",
        )
    ]


def level_date_errors(level: str, decided: dt.date) -> list[FieldError]:
    """The title must have existed on the decision date: 正高级工程师 only from 2020-10-01,
    高级工程师（教授级） only before it."""
    title = get_level(level).title_zh
    if level in LEVELS_FROM_REFORM and decided < REFORM_DATE:
        return [
            FieldError(
                "decision_date",
                "level_not_yet_in_force",
                f"The title {get_level(level).title_en} ({title}) exists from {REFORM_DATE}, "
                f"when the measures took effect (三(一)1; 本办法自2020年10月1日起实施); "
                f"a decision of {decided} could not grant it.",
                f"{title}自 {REFORM_DATE} 起设立（三(一)1；本办法自2020年10月1日起实施），"
                f"{decided} 的决定不能授予该职称。",
            )
        ]
    if level in LEVELS_BEFORE_REFORM and decided >= REFORM_DATE:
        return [
            FieldError(
                "decision_date",
                "level_no_longer_in_force",
                f"The title {title} was granted only before {REFORM_DATE}; from then on the "
                "title is 正高级工程师 (三(一)1: "
                "改革前我市评审的高级工程师（教授级）证书继续有效).",
                f"{title}仅授予至 {REFORM_DATE} 之前，此后为正高级工程师"
                "（三(一)1：改革前我市评审的高级工程师（教授级）证书继续有效）。",
            )
        ]
    return []


def notice_errors(decided: dt.date, notice_to: dt.date) -> list[FieldError]:
    """A batch's results are decided on only after their public notice ended."""
    if decided > notice_to:
        return []
    first_day = notice_to + dt.timedelta(days=1)
    return [
        FieldError(
            "decision_date",
            "before_notice_ended",
            f"The decision date {decided} is before the public notice ended ({notice_to}); "
            f"results are decided on from {first_day}, after 公示 (三(四)4).",
            f"决定日期 {decided} 早于公示期结束（{notice_to}），公示结束后即 {first_day} 起方可"
            "作出决定（三(四)4：公示制度）。",
        )
    ]


def meeting_errors(decided: dt.date, meeting: dt.date, row: int | None = None) -> list[FieldError]:
    """A decision comes after the review meeting it decides on."""
    if decided >= meeting:
        return []
    return [
        FieldError(
            "decision_date",
            "before_meeting",
            f"The decision date {decided} is before this row's review meeting ({meeting}): the "
            "committee reviews, then decides (三(四)3).",
            f"决定日期 {decided} 早于该行的评审会议日期（{meeting}）：评审委员会先评审、"
            "后确定职称（三(四)3）。",
            row=row,
        )
    ]
