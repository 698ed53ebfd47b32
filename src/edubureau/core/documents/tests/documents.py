"""Sample official documents for the renderer tests: a 通报 on the 2019 Quangang plan."""

import datetime

from edubureau.core.documents import Heading, OfficialDocument, Table

# 56 characters with no punctuation: the line breaks fall where the line is full, 26 + 28 + 2.
FULL_LINES = "各校要对照工作要点逐项梳理任务清单明确责任人和完成时限按月报送进展情况并上传佐证材料确保各项工作落到实处不走过场"


def quangang_notice(*, filler_paragraphs: int = 0, **changes) -> OfficialDocument:
    body = [
        "为贯彻落实《2019年泉港区教育工作要点》（泉港教综〔2019〕55号），现将2019年第一季度重点工作推进情况通报如下。",
        Heading("一、总体情况", level=1),
        "截至3月31日，24项重点工作中已完成3项，按序时进度推进18项，滞后3项。",
        Heading("（一）项目建设提速", level=2),
        Heading(
            "1.加快学校项目建设。",
            level=3,
            body="圭峰中学综合楼、三川中学综合楼、益海实小二期扩建等11个项目按计划推进。",
        ),
        Heading("（1）学位供给", level=4, body="新增学位11000个的目标正在分解落实。"),
        Table(
            [
                ["序号", "工作任务", "牵头单位", "进度"],
                ["1", "加强教育系统党的建设", "综合股", "按序时推进"],
                ["20", "全力推进项目攻坚", "基建办", "滞后"],
            ],
            widths=[1, 4, 2, 2],
        ),
        Heading("二、存在问题", level=1),
        *[FULL_LINES] * filler_paragraphs,
        "部分项目前期工作进度偏慢，个别牵头单位进展报送不及时，请各单位切实抓好整改落实。",
    ]
    fields = {
        "issuer": "泉港区教育局",
        "doc_number": "泉港教综[2019]55号",
        "title": "泉港区教育局关于2019年第一季度\n重点工作推进情况的通报",
        "recipients": ["各中学、中心小学、区直学校", "民办学校", "局机关各股（室）、直属事业单位"],
        "body": body,
        "signature": "泉港区教育局",
        "date": datetime.date(2019, 3, 28),
        "attachments": ["2019年第一季度重点工作进展台账", "滞后事项督办清单。"],
        "cc": ["市委教育工委、市教育局", "区委办、区政府办", "各镇人民政府、山腰街道办事处"],
        "printer": "泉港区教育局办公室",
        "print_date": datetime.date(2019, 3, 28),
    }
    return OfficialDocument(**(fields | changes))
