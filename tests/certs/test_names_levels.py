import pytest

from certs.levels import ISSUABLE_CODES, LEVELS, get_level
from certs.names import mask_name


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("李小明", "李*明"),
        ("欧阳明", "欧阳*"),
        ("欧阳小明", "欧阳*明"),
        ("司马相如", "司马*如"),
        ("买买提·艾力", "买*·艾*"),
        ("John Smith", "J* S*"),
        ("王", "王*"),
    ],
)
def test_public_names_are_masked(name, masked):
    assert mask_name(name) == masked


def test_the_five_levels_and_the_pre_reform_title():
    titles = [level.title_zh for level in LEVELS]
    assert titles[:5] == ["技术员", "助理工程师", "工程师", "高级工程师", "正高级工程师"]
    legacy = get_level("senior_engineer_professor_grade")
    assert legacy.title_zh == "高级工程师（教授级）"
    assert not legacy.issuable and legacy.code not in ISSUABLE_CODES
    assert [get_level(c).rank for c in ISSUABLE_CODES] == [1, 2, 3, 4, 5]
    assert all(level.title_en for level in LEVELS)
