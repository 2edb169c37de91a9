"""A member's post category (工作岗位): the rows of table T2 of the annual statistics (党员基本情况).

The list is the form's (docs/statistics.md#post-categories, ../shared/STATISTICS.md "T2"), in its
order. A member holds one leaf category; the form's group rows (一、在岗职工, 公有制单位 合计,
非公有制单位 合计) and its "of which" rows (其中：农民工, 其中：外出务工经商人员) are sums of leaves,
kept here as data (`T2_ROWS`) so that the statistics add them up and a new year's form is an edit.

The "of which" rows are marks on a member of rows 9/16 and 18, not categories of their own: with one
field per member, a mark is a leaf of its own (工勤技能人员 who is a 农民工), which rows 9/16 (or 18)
count together with the unmarked leaf and rows 10/17 (or 19) count alone.

No models import: the model, the forms, the importer and the statistics all read this module.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PostCategory(models.TextChoices):
    # The labels are the form's names (zh-hans); where a name stands under both ownership groups it
    # is prefixed by its group, as a workbook writes it.
    PARTY_GOVERNMENT = "gov", _("Party and government agency staff")
    INSTITUTION_MANAGER = "inst_mgr", _("Public institution managers")
    INSTITUTION_PROFESSIONAL = "inst_pro", _("Public institution professional and technical staff")
    PUBLIC_ENTERPRISE_MANAGER = "pub_mgr", _("Public-sector enterprise managers")
    PUBLIC_ENTERPRISE_PROFESSIONAL = "pub_pro", _("Public-sector enterprise professional and technical staff")
    PUBLIC_WORKER = "pub_wrk", _("Public-sector skilled and service workers")
    PUBLIC_MIGRANT_WORKER = "pub_mig", _("Public-sector migrant workers")
    PRIVATE_ENTERPRISE_MANAGER = "prv_mgr", _("Non-public enterprise managers")
    PRIVATE_ENTERPRISE_PROFESSIONAL = "prv_pro", _("Non-public enterprise professional and technical staff")
    SOCIAL_ORGANIZATION_MANAGER = "soc_mgr", _("Private non-enterprise unit (social organization) managers")
    SOCIAL_ORGANIZATION_PROFESSIONAL = (
        "soc_pro",
        _("Private non-enterprise unit (social organization) professional and technical staff"),
    )
    PRIVATE_WORKER = "prv_wrk", _("Non-public skilled and service workers")
    PRIVATE_MIGRANT_WORKER = "prv_mig", _("Non-public migrant workers")
    FARMER = "farmer", _("Farmers, herdsmen and fishermen")
    FARMER_WORKING_AWAY = "farm_away", _("Farmers, herdsmen and fishermen (working or trading away from home)")
    MILITARY = "military", _("Military and armed police")
    STUDENT = "student", _("Students")
    RETIRED = "retired", _("Retired staff")
    OTHER = "other", _("Other")


C = PostCategory

PUBLIC = frozenset(
    {
        C.PARTY_GOVERNMENT,
        C.INSTITUTION_MANAGER,
        C.INSTITUTION_PROFESSIONAL,
        C.PUBLIC_ENTERPRISE_MANAGER,
        C.PUBLIC_ENTERPRISE_PROFESSIONAL,
        C.PUBLIC_WORKER,
        C.PUBLIC_MIGRANT_WORKER,
    }
)
NON_PUBLIC = frozenset(
    {
        C.PRIVATE_ENTERPRISE_MANAGER,
        C.PRIVATE_ENTERPRISE_PROFESSIONAL,
        C.SOCIAL_ORGANIZATION_MANAGER,
        C.SOCIAL_ORGANIZATION_PROFESSIONAL,
        C.PRIVATE_WORKER,
        C.PRIVATE_MIGRANT_WORKER,
    }
)

# T2's rows (the same in T3, T4 and T16): (栏, the form's name, the categories the row counts).
# Row 1 counts every member who has a category; members without one are reported as missing.
T2_ROWS = (
    (1, "总计", frozenset(C)),
    (2, "一、在岗职工", PUBLIC | NON_PUBLIC),
    (3, "公有制单位 合计", PUBLIC),
    (4, "党政机关工作人员", frozenset({C.PARTY_GOVERNMENT})),
    (5, "事业单位管理人员", frozenset({C.INSTITUTION_MANAGER})),
    (6, "事业单位专业技术人员", frozenset({C.INSTITUTION_PROFESSIONAL})),
    (7, "企业管理人员", frozenset({C.PUBLIC_ENTERPRISE_MANAGER})),
    (8, "企业专业技术人员", frozenset({C.PUBLIC_ENTERPRISE_PROFESSIONAL})),
    (9, "工勤技能人员", frozenset({C.PUBLIC_WORKER, C.PUBLIC_MIGRANT_WORKER})),
    (10, "其中：农民工", frozenset({C.PUBLIC_MIGRANT_WORKER})),
    (11, "非公有制单位 合计", NON_PUBLIC),
    (12, "企业管理人员", frozenset({C.PRIVATE_ENTERPRISE_MANAGER})),
    (13, "企业专业技术人员", frozenset({C.PRIVATE_ENTERPRISE_PROFESSIONAL})),
    (14, "民办非企业单位（社会组织）管理人员", frozenset({C.SOCIAL_ORGANIZATION_MANAGER})),
    (15, "民办非企业单位（社会组织）专业技术人员", frozenset({C.SOCIAL_ORGANIZATION_PROFESSIONAL})),
    (16, "工勤技能人员", frozenset({C.PRIVATE_WORKER, C.PRIVATE_MIGRANT_WORKER})),
    (17, "其中：农民工", frozenset({C.PRIVATE_MIGRANT_WORKER})),
    (18, "二、农牧渔民", frozenset({C.FARMER, C.FARMER_WORKING_AWAY})),
    (19, "其中：外出务工经商人员", frozenset({C.FARMER_WORKING_AWAY})),
    (20, "三、军人、武警", frozenset({C.MILITARY})),
    (21, "四、学生", frozenset({C.STUDENT})),
    (22, "五、离退休人员", frozenset({C.RETIRED})),
    (23, "六、其他", frozenset({C.OTHER})),
)

# How a spreadsheet writes a category (the member import's 工作岗位, header aliases 岗位类别 and 人员类别):
# every accepted spelling → the code. The form's name comes first and is what the export writes (the
# Chinese label), prefixed by its group where the name stands under both; then the group in brackets
# after the name, and short common forms. Spaces and full-width forms are read as the same word.
SPREADSHEET_WORDS = {
    "党政机关工作人员": C.PARTY_GOVERNMENT,
    "党政机关": C.PARTY_GOVERNMENT,
    "机关工作人员": C.PARTY_GOVERNMENT,
    "事业单位管理人员": C.INSTITUTION_MANAGER,
    "事业单位专业技术人员": C.INSTITUTION_PROFESSIONAL,
    "事业单位专技人员": C.INSTITUTION_PROFESSIONAL,
    "公有制单位企业管理人员": C.PUBLIC_ENTERPRISE_MANAGER,
    "企业管理人员（公有制单位）": C.PUBLIC_ENTERPRISE_MANAGER,
    "公有制企业管理人员": C.PUBLIC_ENTERPRISE_MANAGER,
    "公有制单位企业专业技术人员": C.PUBLIC_ENTERPRISE_PROFESSIONAL,
    "企业专业技术人员（公有制单位）": C.PUBLIC_ENTERPRISE_PROFESSIONAL,
    "公有制企业专业技术人员": C.PUBLIC_ENTERPRISE_PROFESSIONAL,
    "公有制单位工勤技能人员": C.PUBLIC_WORKER,
    "工勤技能人员（公有制单位）": C.PUBLIC_WORKER,
    "公有制单位农民工": C.PUBLIC_MIGRANT_WORKER,
    "农民工（公有制单位）": C.PUBLIC_MIGRANT_WORKER,
    "公有制单位工勤技能人员（农民工）": C.PUBLIC_MIGRANT_WORKER,
    "非公有制单位企业管理人员": C.PRIVATE_ENTERPRISE_MANAGER,
    "企业管理人员（非公有制单位）": C.PRIVATE_ENTERPRISE_MANAGER,
    "非公有制企业管理人员": C.PRIVATE_ENTERPRISE_MANAGER,
    "非公企业管理人员": C.PRIVATE_ENTERPRISE_MANAGER,
    "非公有制单位企业专业技术人员": C.PRIVATE_ENTERPRISE_PROFESSIONAL,
    "企业专业技术人员（非公有制单位）": C.PRIVATE_ENTERPRISE_PROFESSIONAL,
    "非公有制企业专业技术人员": C.PRIVATE_ENTERPRISE_PROFESSIONAL,
    "非公企业专业技术人员": C.PRIVATE_ENTERPRISE_PROFESSIONAL,
    "民办非企业单位（社会组织）管理人员": C.SOCIAL_ORGANIZATION_MANAGER,
    "民办非企业单位管理人员": C.SOCIAL_ORGANIZATION_MANAGER,
    "社会组织管理人员": C.SOCIAL_ORGANIZATION_MANAGER,
    "民办非企业单位（社会组织）专业技术人员": C.SOCIAL_ORGANIZATION_PROFESSIONAL,
    "民办非企业单位专业技术人员": C.SOCIAL_ORGANIZATION_PROFESSIONAL,
    "社会组织专业技术人员": C.SOCIAL_ORGANIZATION_PROFESSIONAL,
    "非公有制单位工勤技能人员": C.PRIVATE_WORKER,
    "工勤技能人员（非公有制单位）": C.PRIVATE_WORKER,
    "非公企业工勤技能人员": C.PRIVATE_WORKER,
    "非公有制单位农民工": C.PRIVATE_MIGRANT_WORKER,
    "农民工（非公有制单位）": C.PRIVATE_MIGRANT_WORKER,
    "非公有制单位工勤技能人员（农民工）": C.PRIVATE_MIGRANT_WORKER,
    "非公企业农民工": C.PRIVATE_MIGRANT_WORKER,
    "农牧渔民": C.FARMER,
    "二、农牧渔民": C.FARMER,
    "农民": C.FARMER,
    "农牧渔民（外出务工经商人员）": C.FARMER_WORKING_AWAY,
    "外出务工经商人员": C.FARMER_WORKING_AWAY,
    "外出务工经商农牧渔民": C.FARMER_WORKING_AWAY,
    "军人、武警": C.MILITARY,
    "三、军人、武警": C.MILITARY,
    "军人": C.MILITARY,
    "武警": C.MILITARY,
    "学生": C.STUDENT,
    "四、学生": C.STUDENT,
    "离退休人员": C.RETIRED,
    "五、离退休人员": C.RETIRED,
    "离退休": C.RETIRED,
    "退休人员": C.RETIRED,
    "离休人员": C.RETIRED,
    "其他": C.OTHER,
    "六、其他": C.OTHER,
    "其它": C.OTHER,
}
# Names that stand under both ownership groups: refused when written alone, with a hint to add the group.
UNDER_BOTH_GROUPS = ("企业管理人员", "企业专业技术人员", "工勤技能人员", "农民工", "其中：农民工")
