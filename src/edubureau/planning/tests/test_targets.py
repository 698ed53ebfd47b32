import pytest

from edubureau.planning.parser.targets import extract_targets


def one(text):
    targets = extract_targets(text)
    assert len(targets) == 1, targets
    return targets[0]


@pytest.mark.parametrize(
    ("text", "value", "unit", "comparator"),
    [
        ("入园率保持在98%以上", 98, "%", ">="),
        ("入学率达到97％以上", 97, "%", ">="),  # full-width percent sign
        ("拨款标准不低于450元", 450, "元", ">="),
        ("投资6.22亿元", 622_000_000, "元", "="),
        ("投入150万元", 1_500_000, "元", "="),
        ("培养300名左右骨干教师", 300, "人", "approx"),
        ("约1.2万人次", 12_000, "人次", "approx"),
        ("减少大班额班级数32个", 32, "个", "reduce_by"),
        ("新增学位11000个", 11_000, "个", "increase_by"),
        ("新增学位11,000个", 11_000, "个", "increase_by"),
        ("班额控制在45人以内", 45, "人", "<="),
        ("大班额比例降至5%以下", 5, "%", "<="),
        ("事故发生率不超过0.5‰", 0.5, "‰", "<="),
        ("优秀率提高3个百分点", 3, "百分点", "increase_by"),
        ("覆盖率提高到52%", 52, "%", ">="),
        ("完成率达100%", 100, "%", "="),
        ("覆盖率达到100%以上", 100, "%", "="),  # a rate cannot exceed 100%
        ("差异系数不高于0.5", 0.5, None, "<="),
        ("巩固率达到百分之九十五", 95, "%", "="),
        ("新建三所幼儿园", 3, "所", "="),
        ("教师不低于教师总数的10%", 10, "%", ">="),
    ],
)
def test_values_units_comparators(text, value, unit, comparator):
    t = one(text)
    assert (t.value, t.unit, t.comparator) == (value, unit, comparator)
    assert t.text == text


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("每年10期", "每年"),
        ("每半年召开一次分析会", "每半年"),
        ("用三年时间培养300名左右的教师", "三年"),
        ("三年内建成5所学校", "三年"),
        ("全年安全教育不少于12课时", "全年"),
        ("每个月开展一次检查", "每月"),
    ],
)
def test_periods(text, period):
    assert one(text).period == period


@pytest.mark.parametrize(
    "text",
    [
        "举办全区第五届中小学生足球联赛",
        "启动第六轮中小学实施素质教育督导评估工作",
        "组织开展第24个全国中小学生安全教育日",
        "开展第22届全国推广普通话宣传周活动",
        "全面深化“三通两平台”建设与应用",
        "组织“一师一优课”等评选活动",
        "重大传统节日与“五必访”相结合走访慰问",
        "加强《新时代中小学教师职业行为十项准则》学习",
        "贯彻教育“三年补短板、五年创强区”整体工作部署",
        "严格落实“一会一报”报备制度",
        "提高全区民办学校“两个覆盖”水平",
        "强化对“三重一大”事项的监督",
        "实施中小学教师队伍素质提升2.0计划",
        "《关于加强中小学校党的建设工作的实施意见》（泉港委组综〔2017〕37号）",
        "全面收官中小学德育一体化建设（2017-2019）",
        "推进2018-2022年新一轮“平安校园”等级创建工作",
        "在去年6所试点校工作岗位全员竞聘上岗的基础上",
        "有效控制51至55人的班级数",
        "庆祝中华人民共和国成立70周年",
        "2019年3月28日",
        "益海实小二期扩建",
        "全面贯彻党的十九大和十九届二中、三中全会精神",
        "发挥三项考评的奖优罚劣作用",
        "全市排名进入前五名",
        "发放一次性补助",
        "56人以上大班额",
    ],
)
def test_not_targets(text):
    assert extract_targets(text) == []


def test_paired_values():
    a, b = extract_targets("小学、初中学龄人口入学率分别达到100%和98%以上")
    assert (a.indicator, a.value, a.comparator) == ("小学学龄人口入学率", 100, "=")
    assert (b.indicator, b.value, b.comparator) == ("初中学龄人口入学率", 98, ">=")


def test_paired_values_three_ways():
    targets = extract_targets("幼儿园、小学、初中入学率分别达到90%、99%和95%以上")
    assert [(t.indicator, t.value, t.comparator) for t in targets] == [
        ("幼儿园入学率", 90, ">="),
        ("小学入学率", 99, ">="),
        ("初中入学率", 95, ">="),
    ]


def test_two_values_in_one_clause():
    a, b = extract_targets("加快6所“义务教育教改示范性建设学校”及5所“保教改革”示范园创建")
    assert (a.indicator, a.value) == ("义务教育教改示范性建设学校", 6)
    assert (b.indicator, b.value) == ("保教改革示范园创建", 5)


def test_bare_amount_is_named_by_its_neighbour():
    money, count = extract_targets("投资6.22亿元，建设锦川实验小学等13个项目")
    assert money.indicator == count.indicator == "锦川实验小学等项目"


def test_recurring_commitment_without_a_number_is_a_period_target():
    t = one("每半年排查防范教育系统意识形态工作主要风险点")
    assert (t.value, t.unit, t.comparator, t.period) == (None, None, None, "每半年")


def test_never_decrease():
    t = one("确保一般公共预算教育支出逐年只增不减")
    assert (t.indicator, t.value, t.comparator, t.period) == ("一般公共预算教育支出", None, ">=", "逐年")


def test_due_year_is_kept_on_the_model():
    assert one("力争2020年全区公办中小学文明校园创建活动达到100%覆盖").due == "2020"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # sibling names of unequal length: the later one replaces the first one's, not as many characters
        ("差异系数小学不高于0.50、初级中学不高于0.45", ["差异系数小学", "差异系数初级中学"]),
        ("差异系数初级中学不高于0.45、小学不高于0.50", ["差异系数初级中学", "差异系数小学"]),
        ("差异系数小学不高于0.5、初中不高于0.45", ["差异系数小学", "差异系数初中"]),
    ],
)
def test_sibling_names_share_the_stem_of_the_first(text, names):
    targets = extract_targets(text)
    assert [t.indicator for t in targets] == names
    assert [t.comparator for t in targets] == ["<=", "<="]


def test_zero_of_a_counted_thing_is_no_target():
    assert extract_targets("新建零所幼儿园") == []
    assert one("新建一所幼儿园").value == 1


def test_a_recurring_duty_without_a_number_is_a_target():
    t = one("班主任每学期家访")
    assert (t.value, t.comparator, t.period) == (None, None, "每学期")


@pytest.mark.parametrize(("text", "due"), [("年底前建成5所学校", "年底"), ("2019年底前建成5所学校", "2019")])
def test_due_date_year_or_year_end(text, due):
    assert one(text).due == due


@pytest.mark.parametrize(
    "text",
    [
        "完成教学楼B3栋改造",  # a number after a Latin letter is a name
        "推进第2、3期工程",  # 第二、三期: the ordinal reaches over the list
        "组织开展第 24 个全国中小学生安全教育日",  # spaces after 第
        "有效控制51人至55人的班级数",  # a band, the first end with its unit
        "安排一次性奖励资金",  # 一次性 after a counting verb
        "在6所试点校工作的基础上",  # 在 right before the number
        "在1,200名教师和6所学校的基础上",  # the comma of 1,200 does not end the 在…基础上 phrase
        "安全教育每学期",  # a period word with nothing after it
    ],
)
def test_more_things_that_are_not_targets(text):
    assert extract_targets(text) == []


@pytest.mark.parametrize(
    ("text", "indicator", "period"),
    [("每学期家访一次", "家访", "每学期"), ("每月一次安全检查", "安全检查", "每月")],
)
def test_a_chinese_numeral_after_a_period_word_counts(text, indicator, period):
    t = one(text)
    assert (t.indicator, t.value, t.unit, t.comparator, t.period) == (indicator, 1, "次", "=", period)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("初级中学不高于0.45、小学不高于0.50", ["初级中学", "小学"]),  # nothing before the first name
        ("差异系数甲类不高于0.5、乙类不高于0.45", ["差异系数甲类", "差异系数乙类"]),  # no known name
    ],
)
def test_sibling_names_without_a_shared_stem_or_a_known_name(text, names):
    assert [t.indicator for t in extract_targets(text)] == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("建设锦川实验小学等项目，投资6.22亿元", ["锦川实验小学等项目"]),  # the clause before
        ("投资6.22亿元，建设校舍", ["校舍"]),  # a two-character name
        ("投资6.22亿元，新建园", [""]),  # one character names nothing
        ("（投资1亿元，建设甲校）（投资2亿元，建设乙校）", ["甲校", "乙校"]),  # each bracket its own
    ],
)
def test_a_bare_amount_is_named_by_its_neighbour_clause(text, names):
    assert [t.indicator for t in extract_targets(text)] == names


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("巩固率达到百分之95", 95, "%"), ("培养百名骨干教师", 100, "人"), ("新建两所幼儿园", 2, "所")],
)
def test_numerals_written_in_words(text, value, unit):
    t = one(text)
    assert (t.value, t.unit) == (value, unit)


def test_paired_values_share_the_clause_period_and_due_year():
    targets = extract_targets("每年小学、初中入学率分别达到100%和98%以上")
    assert [(t.period, t.due) for t in targets] == [("每年", None), ("每年", None)]
    targets = extract_targets("力争2020年小学、初中入学率分别达到100%和98%以上")
    assert [(t.period, t.due) for t in targets] == [(None, "2020"), (None, "2020")]


@pytest.mark.parametrize(
    ("text", "comparators"),
    [
        ("减少辍学，小学、初中巩固率分别达到99%和98%以上", [">=", ">="]),  # 减少 is in the clause before
        ("小学、初中巩固率分别提高到99%和98%", [">=", ">="]),  # the shared 提高到 applies to both
        ("通过新增学位使入园率提高到90%", [">="]),  # 提高到 a level, not 新增 an amount
        ("通过新增学位使入园率提高至90%", [">="]),
        ("办学条件不低于省定标准的学校比例达到95%", ["="]),  # 不低于 qualifies the schools, 达到 the value
    ],
)
def test_the_comparator_comes_from_the_words_of_the_value(text, comparators):
    assert [t.comparator for t in extract_targets(text)] == comparators


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("新建3所小学、2所初中和1所高中", ["小学", "初中", "高中"]),
        ("城区校达到90%、农村达到85%", ["城区校", "农村"]),  # the first name is not longer by two
        (
            "宽带覆盖率城区中心校达到100%、农村教学点达到90%",
            ["宽带覆盖率城区中心校", "农村教学点"],
        ),  # 5: a name
    ],
)
def test_each_value_of_a_list_keeps_its_own_name(text, names):
    assert [t.indicator for t in extract_targets(text)] == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("投资6.22亿元。建设校舍", [""]),  # not named from the next sentence
        ("甲。投资6.22亿元。建设校舍", [""]),
        ("（在建项目\n投资6.22亿元，建设校舍", ["校舍"]),  # a bracket left open ends with its line
        ("（投资1亿元，建设甲校）投资2亿元，建设乙校", ["甲校", "乙校"]),  # nor after it is closed
        ("投资6.22亿元，，建设校舍", ["校舍"]),  # an empty clause is no clause
        ("入学 率达到95%", ["入学率"]),  # no spaces in a name
    ],
)
def test_clauses_and_sentences_bound_the_names(text, names):
    assert [t.indicator for t in extract_targets(text)] == names


@pytest.mark.parametrize(
    ("text", "clause", "value"),
    [
        ("5,000名教师参加培训", "5,000名教师参加培训", 5000),  # a thousands comma does not end a clause
        ("投资5,000万元", "投资5,000万元", 50_000_000),
        ("甲，、新建3所学校", "新建3所学校", 3),  # 、 around a clause is not part of it
        ("新建3所学校、", "新建3所学校", 3),
        ("1.入园率达到95%", "入园率达到95%", 95),  # the number of a list item
    ],
)
def test_the_text_of_a_target_is_its_clause(text, clause, value):
    t = one(text)
    assert (t.text, t.value) == (clause, value)


def test_a_number_before_a_comma_ends_its_clause():
    assert [(t.indicator, t.value) for t in extract_targets("学位数达到5000，新建学校3所")] == [("学校", 3)]
    assert extract_targets("截至2019,") == []


@pytest.mark.parametrize(
    "text", ["新建5所学校；启动2020年规划编制", "新增学位3000个以满足2020年秋季入学需求"]
)
def test_a_year_after_the_value_is_not_its_due_date(text):
    assert one(text).due is None


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("“5个一”工程覆盖率达到95%", [95]),  # a number in quotation marks is a name
        ('"5个一"工程覆盖率达到95%', [95]),  # ASCII quotation marks too
        ('"5个一"和"3个二"工程覆盖率达到95%', [95]),
        ('a"b\n覆盖率达到95%，"c"', [95]),  # an unclosed quotation mark ends with its line
        ("“未闭合\n覆盖率达到95%”", [95]),
        ("入学率达到98%，巩固率达到百分之九十五", [98, 95]),  # each clause its own 百分之
        ("“百分之百”工程巩固率达到百分之九十五", [95]),
    ],
)
def test_quotation_marks_and_clauses_bound_the_values(text, values):
    assert [t.value for t in extract_targets(text)] == values


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("小学、初中入学率分别达到100%、98%和95%", ["小学、初中入学率"] * 3),  # two names for three values
        ("入学率分别达到95%和90%", ["入学率", "入学率"]),
        ("分别达到95%和90%", ["", ""]),
    ],
)
def test_paired_values_without_one_name_each(text, names):
    assert [t.indicator for t in extract_targets(text)] == names


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("新建幼儿园5所，3所小学改扩建", [5, 3]),  # a number right after a comma is read
        ("新增学位3000个，5所学校", [3000, 5]),
    ],
)
def test_a_number_after_a_comma(text, values):
    assert [t.value for t in extract_targets(text)] == values


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("（投资1亿元）", [""]),  # alone in its bracket: nothing names it
        ("建设乙校（投资1亿元，3所，建设甲校）", ["甲校", "甲校"]),  # the bracket's name, not the sentence's
    ],
)
def test_a_bare_amount_in_brackets_is_named_inside_them(text, names):
    assert [t.indicator for t in extract_targets(text)] == names


def test_the_comparator_of_paired_values_is_read_in_their_clause():
    targets = extract_targets("减少辍学，小学、初中巩固率分别不低于99%和98%")
    assert [t.comparator for t in targets] == [">=", ">="]


# --- from the second mutation round (issue 17): baselines with quotations, 分别, quotation edges, clause edges


@pytest.mark.parametrize(
    "text",
    [
        # the comma inside the quotation ends neither the clause nor the 在…基础上 phrase
        "在“一校一品，特色发展”6所试点校的基础上，新增特色学校10所",
        '在"一校一品，特色发展"6所试点校的基础上，新增特色学校10所',
        "在6所“提质；增效”试点校的基础上，新增特色学校10所",
        "在现有6所基础上，新增特色学校10所",  # 基础上 right after the unit
    ],
)
def test_a_baseline_with_punctuation_in_a_quotation_is_not_a_target(text):
    t = one(text)
    assert (t.indicator, t.value, t.unit, t.comparator) == ("特色学校", 10, "所", "increase_by")


def test_fenbie_of_an_earlier_clause_does_not_pair_the_values_of_a_later_one():
    targets = extract_targets("小学、初中入学率分别达到100%和98%；投入资金5000万元和3000万元")
    assert [t.indicator for t in targets[:3]] == ["小学入学率", "初中入学率", "资金"]


def test_fenbie_after_the_values_does_not_pair_them():
    first = extract_targets("新增学位1000个和800个分别用于城区、农村学校")[0]
    assert (first.indicator, first.value, first.comparator) == ("学位", 1000, "increase_by")


def test_the_paired_subject_ends_at_the_first_fenbie():
    targets = extract_targets("城区、农村学校分别新建和改扩建校舍分别为3000平方米和2000平方米")
    assert [(t.indicator, t.value) for t in targets] == [("城区学校", 3000), ("农村学校", 2000)]


def test_fenbie_at_the_start_of_the_text_shares_the_comparator():
    targets = extract_targets("分别达到95%和90%以上")
    assert [(t.value, t.comparator) for t in targets] == [(95, ">="), (90, ">=")]


@pytest.mark.parametrize("close", ["”", '"'])
def test_a_number_right_after_a_closing_quotation_mark_counts(close):
    open_ = "“" if close == "”" else '"'
    t = one(f"开展{open_}一师一优课{close}30节")
    assert (t.indicator, t.value, t.unit) == ("一师一优课", 30, "节")


@pytest.mark.parametrize("marks", ["“”", '""'])
def test_a_number_right_before_an_opening_quotation_mark_counts(marks):
    o, c = marks
    t = one(f"推进{o}三通两平台{c}建设，创建3所{o}智慧校园{c}")
    assert (t.indicator, t.value, t.unit) == ("智慧校园", 3, "所")


def test_numbers_after_quotations_each_count():
    targets = extract_targets("创建“智慧校园”3所，“书香校园”5所")
    assert [(t.indicator, t.value) for t in targets] == [("智慧校园", 3), ("书香校园", 5)]


def test_a_thousands_comma_at_the_start_of_a_text():
    t = one("1,200名教师参加培训")
    assert (t.text, t.value, t.unit) == ("1,200名教师参加培训", 1200, "人")


@pytest.mark.parametrize("text", ["新增教师20名使生师比达到1:9", "新增教师20名使生师比达到1:9以上"])
def test_a_ratio_with_one_digit_after_the_colon_stays_in_its_clause(text):
    t = one(text)
    assert (t.text, t.value) == (text, 20)


def test_a_comma_that_starts_the_text_is_not_part_of_a_clause():
    t = extract_targets("，3所学校完成改造，经费投入100")[0]
    assert (t.text, t.value) == ("3所学校完成改造", 3)


def test_a_list_of_years_before_the_name_leaves_no_punctuation():
    t = one("2019年、2020年新建幼儿园3所")
    assert (t.indicator, t.value, t.due) == ("幼儿园", 3, "2019")
