"""How a title was evaluated (评价方式), and what the talent types are called.

Policy 三(四)2 names the ways of evaluation: 「通过采用考试、评审、面试答辩、业绩展示、认定等多种
评价方式」. Every certificate records the one it came from: a results batch (or a single
issuance) is 评审, review by a committee; a recognition of a listed qualification (三(三)3) is
认定. The other ways have no issuing path yet; their codes are fixed here so that one can be
added without renaming.

Not to be confused with the three talent types of 三(二)2 (研究设计, 应用实践, 成果转化服务,
``certs.levels.EVALUATION_TRACKS``): those say what the evaluation focuses on (评价重点) for the
kind of work a person does, not how the evaluation was done. The API keeps the name
``evaluation_track`` for them; people read them under ``TRACK_LABEL``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EvaluationMethod:
    code: str
    name_zh: str  # the policy's word
    name_en: str


EXAMINATION = "examination"
REVIEW = "review"
INTERVIEW = "interview"
ACHIEVEMENT_SHOWCASE = "achievement_showcase"
RECOGNITION = "recognition"
# An imported title (certs.register_import): how it was evaluated is the original's to say.
REGISTER = "register"

EVALUATION_METHODS: dict[str, EvaluationMethod] = {
    method.code: method
    for method in (
        EvaluationMethod(EXAMINATION, "考试", "Examination"),
        EvaluationMethod(REVIEW, "评审", "Review"),
        EvaluationMethod(INTERVIEW, "面试答辩", "Interview and oral defence"),
        EvaluationMethod(ACHIEVEMENT_SHOWCASE, "业绩展示", "Presentation of achievements"),
        EvaluationMethod(RECOGNITION, "认定", "Recognition"),
        EvaluationMethod(REGISTER, "以原证书为准", "As on the original certificate"),
    )
}

# (Chinese, English) labels people read.
METHOD_LABEL = ("评价方式", "Evaluation method")
TRACK_LABEL = ("人才类型", "Type of talent")

# What the two fields mean, for the API documents of both services.
TRACK_DESCRIPTION = (
    "人才类型 (type of talent) of policy 三(二)2, which sets the focus of evaluation "
    "(评价重点): research_design (研究设计), application_practice (应用实践) or "
    "transfer_service (成果转化服务). Not how the person was evaluated: that is "
    "evaluation_method."
)
METHOD_DESCRIPTION = (
    "评价方式 (evaluation method) of policy 三(四)2: how the title was evaluated, set by "
    "the path that issued it: review (评审, a results batch or a single issuance) or "
    "recognition (认定, of a listed professional qualification); the policy's other ways, "
    "examination (考试), interview (面试答辩) and achievement_showcase (业绩展示), have no "
    "issuing path yet."
)


def method_names(code: str) -> tuple[str, str]:
    """(Chinese, English) name of an evaluation method; an unknown code reads as itself."""
    method = EVALUATION_METHODS.get(code)
    return (method.name_zh, method.name_en) if method else (code, code)
