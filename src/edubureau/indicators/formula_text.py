"""Each indicator's formula in words, in Chinese, as a bureau reads it (大班额比例 = 56人及以上班级数 ÷ 班级总数
× 100%): the right-hand side, by indicator code. ``Indicator.formula`` says the same in the code's terms
(models and fields) for developers; the Chinese pages show this text instead. A test holds every code of
``LIBRARY`` to have one, free of Latin letters.
"""

from __future__ import annotations

#: The starting grade of each level (the 新生 of ``entrants_<level>``).
_FIRST_GRADE = {
    "preschool": "幼儿园小班",
    "primary": "小学一年级",
    "junior": "初中一年级",
    "senior": "普通高中一年级",
    "vocational": "中职一年级",
}

# The 7 resources of 教督〔2017〕6号 (优质均衡), per student or per hundred students.
_BALANCE = {
    "qualified_teachers": "高于规定学历的教师数（小学专科及以上、初中本科及以上）÷ 学生数 × 100",
    "backbone_teachers": "县级及以上骨干教师数 ÷ 学生数 × 100",
    "sports_arts_teachers": "体育、艺术（音乐、美术）专任教师数 ÷ 学生数 × 100",
    "floor_area": "教学及辅助用房面积（平方米）÷ 学生数",
    "sports_area": "体育运动场馆面积（平方米）÷ 学生数",
    "equipment": "教学仪器设备值（元）÷ 学生数",
    "multimedia_rooms": "网络多媒体教室数 ÷ 学生数 × 100",
}
_NINE_YEAR = "；九年一贯制学校的资源按小学、初中学生数（初中按1.1折算）分摊"
_CV = (
    "标准差 ÷ 平均数；平均数 = 各校该项资源之和 ÷ 各校学生数之和，"
    "标准差 = √（Σ 各校学生数占比 ×（该校值 − 平均数）²）"
)
_LEVELS = ("primary", "junior")
_FUNDING_TYPES = ("kindergarten", "primary", "nine_year", "junior", "senior")

FORMULA_ZH: dict[str, str] = {
    **{f"entrants_{lvl}": f"本学年{grade}在籍在读学生数" for lvl, grade in _FIRST_GRADE.items()},
    "preschool_gross_enrolment_rate": "在园幼儿数 ÷ 3–5周岁人口数 × 100%",
    "primary_age_enrolment_rate": "在籍在读的6–11周岁儿童数（按当年12月31日计周岁，任一学段）÷ 6–11周岁人口数 × 100%",
    "junior_age_enrolment_rate": "在籍在读的12–14周岁少年数（按当年12月31日计周岁，任一学段）÷ 12–14周岁人口数 × 100%",
    "senior_gross_enrolment_rate": "（普通高中 + 中职）在校生数 ÷ 15–17周岁人口数 × 100%",
    "three_disability_enrolled": "6–15周岁视力、听力（言语）、智力残疾的在籍学生数（在读与休学；特教学校、随班就读、送教上门）",
    "three_disability_enrolment_rate": (
        "6–15周岁三类残疾在籍学生数（在读与休学）÷ 残联登记的6–15周岁三类残疾儿童少年数 × 100%"
    ),
    "class_size": "班级在籍在读学生数；学校及以上为平均班额 = 学生总数 ÷ 班级数",
    "classes_standard": "45人及以下的班级数",
    "classes_above_standard": "46–55人的班级数",
    "large_classes": "56人及以上的班级数",
    "very_large_classes": "66人及以上的班级数",
    "classes_51_55": "51–55人的班级数",
    "classes_over_standard": "超过本学段标准班额（小学45人，初中、高中50人）的班级数",
    "large_class_share": "56人及以上班级数 ÷ 班级总数 × 100%",
    "very_large_class_share": "66人及以上班级数 ÷ 班级总数 × 100%",
    "large_classes_reduction": "上学年56人及以上班级数 − 本学年56人及以上班级数",
    "students_per_teacher": "在校生数 ÷ 在岗专任教师数（交流轮岗教师计入任教学校，幼儿园为保教人员）",
    **{
        f"students_per_teacher_{lvl}": f"{name}在校生数 ÷ {name}在岗专任教师数（一校多学段的教师按各学段编制需求分摊）"
        for lvl, name in (
            ("primary", "小学"),
            ("junior", "初中"),
            ("senior", "普通高中"),
            ("vocational", "中职"),
        )
    },
    "students_per_teacher_preschool": "在园幼儿数 ÷ 在岗保教人员数（专任教师 + 保育员）",
    "staffing_norm": "Σ 各学段 向上取整（全区该学段在校生数 ÷ 该学段编制比）；学校为按在校生数以最大余数法分得的份额",
    "staffing_shortfall": "Σ 各校（应配教职工数 − 在岗教职工数，超编的学校记为0）",
    "backbone_teacher_share": "县级及以上骨干教师数 ÷ 在岗专任教师数 × 100%",
    "senior_title_share": "正高级、高级职称教师数 ÷ 在岗专任教师数 × 100%",
    **{f"balance_{key}_{lvl}": text + _NINE_YEAR for key, text in _BALANCE.items() for lvl in _LEVELS},
    **{f"balance_cv_{key}_{lvl}": _CV for key in _BALANCE for lvl in _LEVELS},
    **{
        f"balance_schools_meeting_{lvl}": (
            "7项资源配置指标中至少6项达标、其余项不低于标准85%的学校数 ÷ 参评学校数 × 100%"
        )
        for lvl in _LEVELS
    },
    "public_kindergarten_share": "公办幼儿园在园幼儿数 ÷ 全部在园幼儿数 × 100%",
    "affordable_kindergarten_coverage": "（公办园 + 普惠性民办园）在园幼儿数 ÷ 全部在园幼儿数 × 100%",
    **{
        f"public_funding_min_{kind}": "同类公办学校生均公用经费财政拨款标准中的最低值"
        for kind in _FUNDING_TYPES
    },
    "public_funding_min_nine_year": "九年一贯制学校生均公用经费财政拨款标准中的最低值；标准按小学部、初中部学生数加权",
    "public_funding_min_complete_secondary": (
        "完全中学生均公用经费财政拨款标准中的最低值；标准按初中部、高中部学生数加权"
    ),
    **{
        f"{stem}_{part}": text.format(part=name)
        for part, name in (
            ("compulsory", "义务教育（小学、初中，含九年一贯制、完全中学的义务教育部分）"),
            ("senior", "普通高中"),
        )
        for stem, text in (
            ("large_classes", "{part}56人及以上的班级数"),
            ("very_large_classes", "{part}66人及以上的班级数"),
            ("large_class_share", "{part}56人及以上班级数 ÷ 该学段班级总数 × 100%"),
            ("very_large_class_share", "{part}66人及以上班级数 ÷ 该学段班级总数 × 100%"),
            ("large_classes_reduction", "上学年{part}56人及以上班级数 − 本学年该学段56人及以上班级数"),
        )
    },
    "collect_lecture_sessions": "学校报送的教师培训记录中类别为名师大讲堂的行数（每期一行），按年合计",
    "collect_safety_platform_rate": "学校最近一次报送的安全教育平台完成率；镇街、全区为已报送学校的平均值",
    "collect_safety_lesson_hours": "学校每月报送的安全教育课时全年合计；镇街、全区为已报送学校的平均值",
    "collect_drill_share": "全年至少一个月报告开展应急演练的学校数 ÷ 已报送的学校数 × 100%",
    "collect_safety_lesson_schools_meeting": "全年安全教育课时合计不少于12课时的学校数 ÷ 已报送的学校数 × 100%",
    "collect_drills_held": "学校每月报送的应急演练记录行数（每次演练一行）全年合计",
    "collect_hazards_found": "学校每月报送的排查发现隐患数全年合计",
    "projects_delivered": "本年交付使用的基建项目数",
    "project_places_added": "本年交付使用的基建项目新增学位数之和",
    "project_investment_paid": "本年各基建项目实际拨付资金之和（元）",
    "education_spending_change": "本年一般公共预算教育支出 − 上年一般公共预算教育支出",
    "education_spending_per_student_change": "本年生均一般公共预算教育支出 − 上年生均一般公共预算教育支出",
    "education_spending_per_student": "一般公共预算教育支出 ÷ 在校学生数",
    "headcount_consistency": "计财报表在校生数与学籍在读人数一致的学校数 ÷ 有经费记录的学校数 × 100%",
    "staffing_competition_school_share": "参加当年区管校聘工作岗位竞聘的公办中小学校数 ÷ 全区公办中小学校数 × 100%",
}
