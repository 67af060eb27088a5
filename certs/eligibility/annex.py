"""The annex, 北京市工程技术人才职称评价基本标准条件, as data: each condition with its clause
and the policy's own words, verbatim, beside what the engine checks. Read it side by side
with the annex; the engine (certs.eligibility.engine) only applies what is written here.
"""

from __future__ import annotations

from dataclasses import dataclass

# The annex's opening paragraph, which binds every level.
PREAMBLE_CLAUSE = "附件首段"
PREAMBLE_ZH = (
    "申报工程系列职称人员，应遵守国家宪法和法律法规，从事工程技术工作，具有良好的职业道德和敬业精神，"
    "作风端正，具备正常履行岗位职责必须的身体条件和心理素质，按要求参加继续教育"
)
PREAMBLE_EN = (
    "Applicants abide by the Constitution and the law, work in engineering, have sound "
    "professional ethics and dedication, upright conduct, the health to do their job, and "
    "take part in continuing education as required."
)


@dataclass(frozen=True)
class Option:
    """One of 学历和专业工作经历符合下列条件之一: an education (or a title) and the years of
    professional work in the specialty after it."""

    clause: str
    wording_zh: str
    wording_en: str
    educations: tuple[str, ...] = ()  # education kinds that satisfy it (empty: none needed)
    title_tier: str | None = None  # a title of this tier, obtained before the years
    outside_series: bool = False  # the title is 非本系列（专业）
    years: int = 0  # 满N年; 0: 从事本专业技术工作 at all
    technical_school: bool = False  # 技工院校毕业生按本办法有关规定申报


@dataclass(frozen=True)
class Judged:
    """A condition only the committee's experts can weigh."""

    clause: str
    wording_zh: str
    wording_en: str


@dataclass(frozen=True)
class OutputRule:
    """成果条件: how many outputs, of which kinds and roles, since the lower title."""

    clause: str
    wording_zh: str
    wording_en: str
    minimum: int
    paper_roles: tuple[str, ...]
    paper_core_journal: bool
    work_roles: tuple[str, ...]  # roles for the other kinds


@dataclass(frozen=True)
class LevelRules:
    level: str
    basic: Judged
    experience_clause: str
    options: tuple[Option, ...]
    achievements: dict[str, Judged]  # 业绩, by talent category
    outputs: OutputRule | None
    lower_tier: str | None  # the title the 业绩 and 成果 count from
    lower_words_zh: str = ""
    lower_words_en: str = ""
    # The heading of 附件X(一)2 or 附件X(二), verbatim: 附件四 and 附件五 say 应符合.
    experience_wording_zh: str = "学历和专业工作经历符合下列条件之一"


_HIGHER = ("doctorate", "master", "bachelor")
_COLLEGE_UP = (*_HIGHER, "college")
_COUNTED_KINDS = (
    "invention_patent",
    "technical_report",
    "design_document",
    "technical_standard",
    "construction_method",
    "monograph",
    "transfer_contract",
)

_TECHNICAL_ZH = "技工院校毕业生按本办法有关规定申报。"
_TECHNICAL_EN = (
    "Technical-school graduates apply under the rules of these measures (三(三)2: their "
    "class counts as 中专, 大专 or 本科)."
)


def _technical(clause: str) -> Option:
    return Option(clause, _TECHNICAL_ZH, _TECHNICAL_EN, technical_school=True)


RULES: dict[str, LevelRules] = {
    "technician": LevelRules(
        "technician",
        Judged(
            "附件一(一)",
            "熟悉本专业的基础理论知识和专业技术知识，具有完成一般技术辅助性工作的能力。",
            "Knows the basic theory and technical knowledge of the specialty and can do "
            "ordinary auxiliary technical work.",
        ),
        "附件一(二)",
        (
            Option(
                "附件一(二)1",
                "大学本科毕业后，从事本专业技术工作；",
                "After a bachelor's degree, works in the specialty.",
                ("bachelor",),
            ),
            Option(
                "附件一(二)2",
                "大学专科、中等职业学校毕业后，从事本专业技术工作满1年；",
                "After junior college or secondary vocational school, one full year in the "
                "specialty.",
                ("college", "secondary"),
                years=1,
            ),
            _technical("附件一(二)3"),
        ),
        {},
        None,
        None,
    ),
    "assistant_engineer": LevelRules(
        "assistant_engineer",
        Judged(
            "附件二(一)",
            "掌握本专业的基础理论知识和专业技术知识，具有独立完成一般性技术工作的能力，能处理本专业"
            "范围内一般性技术问题，具有指导技术员工作的能力。",
            "Masters the basics of the specialty, does ordinary technical work on their own, "
            "handles its ordinary technical problems and can guide technicians.",
        ),
        "附件二(二)",
        (
            Option(
                "附件二(二)1",
                "硕士研究生毕业后，从事本专业技术工作；",
                "After a master's degree, works in the specialty.",
                ("master",),
            ),
            Option(
                "附件二(二)2",
                "大学本科毕业后，从事本专业技术工作满1年；",
                "After a bachelor's degree, one full year in the specialty.",
                ("bachelor",),
                years=1,
            ),
            Option(
                "附件二(二)3",
                "大学专科毕业后，从事本专业技术工作满3年；",
                "After junior college, three full years in the specialty.",
                ("college",),
                years=3,
            ),
            Option(
                "附件二(二)4",
                "中等职业学校毕业后，从事本专业技术工作满5年；",
                "After secondary vocational school, five full years in the specialty.",
                ("secondary",),
                years=5,
            ),
            _technical("附件二(二)5"),
        ),
        {},
        None,
        None,
    ),
    "engineer": LevelRules(
        "engineer",
        Judged(
            "附件三(一)1",
            "熟练掌握并能够灵活运用本专业基础理论知识和专业技术知识，熟悉本专业技术标准和规程，了解本"
            "专业新技术、新工艺、新设备、新材料的现状和发展趋势，取得有实用价值的技术成果；具有独立承担"
            "较复杂工程项目的工作能力，能解决本专业范围内较复杂的工程问题；具有一定的技术研究能力，能够"
            "撰写解决复杂技术问题的技术报告；具有指导助理工程师工作的能力。",
            "Masters and applies the specialty's theory, standards and codes, follows new "
            "techniques, has results of practical value, carries fairly complex projects alone, "
            "writes technical reports on complex problems and can guide assistant engineers.",
        ),
        "附件三(一)2",
        (
            Option(
                "附件三(一)2(1)",
                "博士研究生毕业后，从事本专业技术工作；",
                "After a doctorate, works in the specialty.",
                ("doctorate",),
            ),
            Option(
                "附件三(一)2(2)",
                "硕士研究生毕业后，从事本专业技术工作满2年；",
                "After a master's degree, two full years in the specialty.",
                ("master",),
                years=2,
            ),
            Option(
                "附件三(一)2(3)",
                "大学本科毕业后，从事本专业技术工作满5年；",
                "After a bachelor's degree, five full years in the specialty.",
                ("bachelor",),
                years=5,
            ),
            Option(
                "附件三(一)2(4)",
                "大学专科毕业后，从事本专业技术工作满7年；",
                "After junior college, seven full years in the specialty.",
                ("college",),
                years=7,
            ),
            Option(
                "附件三(一)2(5)",
                "大学专科及以上学历毕业、取得助理级职称后，从事本专业技术工作满4年；",
                "Junior college or higher, and four full years in the specialty after an "
                "assistant-grade title.",
                _COLLEGE_UP,
                title_tier="assistant",
                years=4,
            ),
            _technical("附件三(一)2(6)"),
        ),
        {
            "research_design": Judged(
                "附件三(二)1",
                "从事工程技术研究设计工作，具备一定的技术研究、设计实践经验和研究能力。参与的重点项目技术"
                "报告，经同行专家评议具有较高技术水平，技术论证有深度，调研、设计、测试数据齐全、准确；"
                "或参与完成并发表的本领域研究成果，受到同行专家认可；或作为技术骨干承担研制开发的新产品、"
                "新材料、新设备、新工艺等已投入生产，可比性技术经济指标处于较高水平。",
                "Research and design: some research and design experience, shown by peer-"
                "reviewed project reports, recognised published results, or new products in "
                "production with good indicators.",
            ),
            "application_practice": Judged(
                "附件三(二)2",
                "从事工程技术应用实践工作，具备一定的应用实践能力。熟练运用本专业技术标准和规程，能够解决"
                "在生产过程中的技术问题，多次参与技术密集、难度高、复杂性强的工程项目，或参与技术设施设备"
                "的调试运维工作，保障安全运行，取得一定的经济和社会效益。",
                "Application and practice: solves technical problems in production, took part "
                "in demanding projects or in commissioning and running facilities, with some "
                "economic and social benefit.",
            ),
            "transfer_service": Judged(
                "附件三(二)3",
                "从事科技成果转化服务工作，具备一定的成果转化推广能力。参与运营技术转移转化项目，或提供"
                "技术转移转化专业化服务，促进项目成功落地，实现了一定的经济和社会效益。",
                "Transfer of results: took part in running transfer projects or gave transfer "
                "services that brought projects to fruition, with some benefit.",
            ),
        },
        OutputRule(
            "附件三(三)",
            "作为参与人在公开发行的学术刊物上发表有学术价值的专业论文，或作为参与人完成在单位内具有"
            "较大影响的发明专利、技术报告、设计文件、技术标准、行业工法、专著编著、技术转移转化服务"
            "合同等，2项及以上。",
            "As a participant, published papers of academic value in public journals, or "
            "completed invention patents, technical reports, design documents, standards, "
            "construction methods, books or transfer contracts of weight in the unit: 2 or "
            "more.",
            2,
            ("first_author", "lead", "participant"),
            False,
            ("first_author", "lead", "participant"),
        ),
        "assistant",
        "取得助理级职称以来",
        "since an assistant-grade title",
    ),
    "senior_engineer": LevelRules(
        "senior_engineer",
        Judged(
            "附件四(一)1",
            "系统掌握专业基础理论知识和专业技术知识，掌握本专业领域国内外现状和发展趋势，具有跟踪本专业"
            "科技发展前沿水平的能力；认真履行工作职责，履职成效良好，有较高的行业认可度；在指导、培养"
            "中青年学术技术骨干方面发挥重要作用，能够指导工程师或研究生的工作和学习。",
            "Systematic command of the specialty and its state of the art at home and abroad, "
            "good performance and standing in the trade, guides engineers or graduate students.",
        ),
        "附件四(一)2",
        (
            Option(
                "附件四(一)2(1)",
                "博士研究生毕业后，从事本专业技术工作满2年；",
                "After a doctorate, two full years in the specialty.",
                ("doctorate",),
                years=2,
            ),
            Option(
                "附件四(一)2(2)",
                "硕士研究生毕业后，从事本专业技术工作满7年；",
                "After a master's degree, seven full years in the specialty.",
                ("master",),
                years=7,
            ),
            Option(
                "附件四(一)2(3)",
                "大学本科及以上学历毕业、取得中级职称后，从事本专业技术工作满5年；",
                "A bachelor's degree or higher, and five full years in the specialty after an "
                "intermediate title.",
                _HIGHER,
                title_tier="intermediate",
                years=5,
            ),
            Option(
                "附件四(一)2(4)",
                "已取得非本系列（专业）副高级职称后，从事本专业技术工作满3年；",
                "After an associate senior title of another series (or specialty), three full "
                "years in this specialty.",
                title_tier="associate_senior",
                outside_series=True,
                years=3,
            ),
            _technical("附件四(一)2(5)"),
        ),
        {
            "research_design": Judged(
                "附件四(二)1",
                "从事工程技术研究设计工作，具有丰富的技术研究、设计实践经验和较强的研究能力，能解决本专业"
                "领域的关键性技术问题。参与完成的省部级及以上重点项目技术报告，经同行专家评议具有较高技术"
                "水平；或发表的本领域研究成果，受到同行专家认可；或作为主要参与人研制开发的新产品、新材料、"
                "新设备、新工艺等已投入生产，取得较好的经济和社会效益。",
                "Research and design: rich experience, solves key problems of the field, shown "
                "by provincial-level project reports, recognised results or new products in "
                "production.",
            ),
            "application_practice": Judged(
                "附件四(二)2",
                "从事工程技术应用实践工作，具有丰富的生产、技术管理工作实践经验，熟练运用本专业技术标准和"
                "规程，能解决生产过程中本专业领域的复杂技术问题。独立主持和建设重大工程项目、重大技术改革"
                "项目，或独立承担过重要课题研究，或参与省部级及以上重点项目，取得了较好的经济和社会效益。",
                "Application and practice: rich production and technical management "
                "experience, led major projects or reforms, or important research, with good "
                "benefit.",
            ),
            "transfer_service": Judged(
                "附件四(二)3",
                "从事科技成果转化服务工作，掌握国内外技术成果转化服务相关方法和发展趋势，具有较强的技术"
                "推广、转移转化能力。作为主要负责人成功运营技术转移转化项目，实现了较好的经济和社会效益；"
                "或提供技术转移转化的专业化服务和资源配置服务，为推动技术成果的产业化做出积极贡献。",
                "Transfer of results: as principal, ran successful transfer projects, or gave "
                "services that helped bring results to industry.",
            ),
        },
        OutputRule(
            "附件四(三)",
            "作为第一作者在国内外核心期刊上发表有重要学术价值的专业论文，或作为主要负责人完成在行业内"
            "具有较大影响的发明专利、技术报告、设计文件、技术标准、行业工法、专著编著、技术转移转化服务"
            "合同等，3项及以上。",
            "As first author, papers of real academic value in core journals, or as principal "
            "contributor, invention patents, reports, designs, standards, construction methods, "
            "books or transfer contracts of weight in the trade: 3 or more.",
            3,
            ("first_author",),
            True,
            ("lead",),
        ),
        "intermediate",
        "取得中级职称以来",
        "since an intermediate title",
        experience_wording_zh="学历和专业工作经历应符合下列条件之一",
    ),
    "professorate_senior_engineer": LevelRules(
        "professorate_senior_engineer",
        Judged(
            "附件五(一)1",
            "具有全面系统的专业理论和实践功底，全面掌握本专业国内外前沿发展动态，具有引领本专业科技发展"
            "前沿水平的能力，在本专业领域具有较高的知名度和影响力，在突破关键核心技术和自主创新方面做出"
            "突出贡献，发挥了较强的引领和示范作用；在指导、培养中青年学术技术骨干方面做出突出贡献，能够"
            "有效指导高级工程师或研究生的工作和学习。",
            "Comprehensive theory and practice, leads the frontier of the specialty, well known "
            "in the field, outstanding contributions to key technologies and innovation, guides "
            "senior engineers or graduate students.",
        ),
        "附件五(一)2",
        (
            Option(
                "附件五(一)2(1)",
                "大学本科及以上学历毕业、取得副高级职称后，从事本专业技术工作满5年；",
                "A bachelor's degree or higher, and five full years in the specialty after an "
                "associate senior title.",
                _HIGHER,
                title_tier="associate_senior",
                years=5,
            ),
            Option(
                "附件五(一)2(2)",
                "已取得非本系列（专业）正高级职称后，从事本专业技术工作满3年；",
                "After a full senior title of another series (or specialty), three full years in "
                "this specialty.",
                title_tier="full_senior",
                outside_series=True,
                years=3,
            ),
            _technical("附件五(一)2(3)"),
        ),
        {
            "research_design": Judged(
                "附件五(二)1",
                "从事工程技术研究设计工作，具备很强的科学研究能力。主持或承担的省部级及以上重点项目技术报告，"
                "经同行专家评议具有国内领先水平，技术论证有深度，调研、设计、测试数据齐全、准确；或作为主要"
                "完成人发表的本领域研究成果，经同行专家评议具有较高学术价值，推动了本专业发展；或担任技术带头"
                "人研制开发高难度、较复杂的新产品、新材料、新设备、新工艺等已投入生产，可比性技术经济指标处于"
                "国内领先水平，取得了显著的经济和社会效益。",
                "Research and design: very strong research, nationally leading project reports, "
                "results that advanced the specialty, or leading new products in production.",
            ),
            "application_practice": Judged(
                "附件五(二)2",
                "从事工程技术应用实践工作，具备很强的技术实践能力。主持或承担省部级及以上重大技术项目，或"
                "解决重大技术问题或掌握关键核心技术，在技术革新、引进和推广新技术等方面实现重大突破，发挥了"
                "核心作用，取得了显著的经济和社会效益。",
                "Application and practice: led major projects or solved major problems, with "
                "breakthroughs and marked benefit.",
            ),
            "transfer_service": Judged(
                "附件五(二)3",
                "从事科技成果转化服务工作，具备很强的服务推广能力。主持完成国家重大科技计划项目研发成果、"
                "行业共性技术、行业关键技术的转移转化工作，取得重大的经济和社会效益；或作为负责人运营重大"
                "技术成果转化项目，取得重大的经济和社会效益；或作为负责人为实现技术转移转化提供各类专业化"
                "服务，为项目落地实施做出重大贡献。",
                "Transfer of results: led the transfer of major national or industry "
                "technologies, or ran major transfer projects or services, with major benefit.",
            ),
        },
        OutputRule(
            "附件五(三)",
            "作为第一作者在国内外核心期刊上发表有重要学术价值的专业论文，或作为主要负责人完成在行业内"
            "具有较大影响的发明专利、技术报告、设计文件、技术标准、行业工法、专著编著、技术转移转化服务"
            "合同等，3项及以上。",
            "As first author, papers of real academic value in core journals, or as principal "
            "contributor, invention patents, reports, designs, standards, construction methods, "
            "books or transfer contracts of weight in the trade: 3 or more.",
            3,
            ("first_author",),
            True,
            ("lead",),
        ),
        "associate_senior",
        "取得副高级职称后",
        "since an associate senior title",
        experience_wording_zh="学历和专业工作经历应符合下列条件之一",
    ),
}

COUNTED_KINDS = _COUNTED_KINDS

# What 破格 and 直通车 waive, in the policy's words.
EXCEPTIONAL_WAIVER = (
    "附件四(四)",
    "具备下列条件之一，可不受学历和专业工作经历限制，破格申报高级工程师",
    (
        "With one of these, one may apply for 高级工程师 exceptionally (破格), free of the "
        "limits of education and professional experience."
    ),
)
DIRECT_WAIVER = (
    "附件五(四)",
    "具备下列条件之一，可不受学历、资历等限制，直接申报高端领军人才正高级工程师直通车评审",
    (
        "With one of these, one may apply directly to the leading-talent direct track to "
        "正高级工程师, free of limits such as education and seniority."
    ),
)
RELAXED_WAIVER = (
    "三(三)1",
    (
        "对取得关键核心技术突破、解决“卡脖子”重大工程技术难题、做出重大贡献的工程技术人才，放宽学历、"
        "资历等条件限制，可按规定破格申报高级职称评审"
    ),
    (
        "Engineers who broke through key core technologies, solved major problems that held the "
        "country back or made major contributions have the limits of education and seniority "
        "relaxed and may apply exceptionally for a 高级 title."
    ),
)
SKILLED_ENTRY = (
    "三(三)2",
    (
        "在工程技术领域生产一线岗位从事技术技能工作的高技能人才，具有高级工以上职业资格或职业技能等级，"
        "符合工程技术人才职称评价基本标准条件，可参加工程系列职称评价"
    ),
)
QUALIFICATION_RULE = (
    "三(三)3",
    "工程领域专业技术人才职业资格均可对应工程系列职称，并可作为申报高一级工程系列职称的条件",
)
TECHNICAL_SCHOOL_RULE = (
    "三(三)2",
    (
        "技工院校中级工班、高级工班、预备技师（技师）班毕业生申报相应专业职称评审时，可分别按相当于中专、"
        "大专、本科学历对待"
    ),
)
