"""Writes the .xlsx, .docx and .html gold documents of this folder (run once; the outputs are committed).

Three county 任务分解表 as bureaus circulate them: a sheet with a merged title, merged section rows and a
lead unit merged down two rows; a Word notice with the table after its cover text; a web page whose section
rows span the table. Names, units and numbers are invented.
"""

from pathlib import Path

import docx
import openpyxl

HERE = Path(__file__).parent

XLSX_HEADER = ["序号", "重点工作任务", "具体内容", "牵头单位", "配合单位", "责任领导", "时间节点", "备注"]
XLSX_ROWS = [
    ("一、推进教育优质均衡发展", None),
    (
        None,
        [
            "1",
            "学位建设",
            "开工建设实验小学等3个项目，新增学位1800个，完成投资2.1亿元。",
            "基建办",
            "计财股、教育服务中心",
            "许文斌",
            "2022年12月",
            "",
        ],
    ),
    (
        None,
        [
            "2",
            "化解大班额",
            "全面消除56人以上大班额，大班额比例控制在3%以内。",
            None,
            "基础教育股",
            "许文斌",
            "2022年9月",
            "秋季开学前",
        ],
    ),
    ("二、加强教师队伍建设", None),
    (
        None,
        [
            "4",
            "区管校聘",
            "推进县管校聘管理改革，参与竞聘学校达到50%以上。",
            "人事股",
            "各中小学校",
            "司马 静",
            "2022年8月底",
            "",
        ],
    ),
]


def write_xlsx() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "分解表"
    sheet.append(["龙溪县教育局2022年度重点工作任务分解表"])
    sheet.merge_cells("A1:H1")
    sheet.append(XLSX_HEADER)
    for section, row in XLSX_ROWS:
        sheet.append([section] if section else row)
        if section:
            sheet.merge_cells(f"A{sheet.max_row}:H{sheet.max_row}")
    sheet.merge_cells("D4:D5")  # 基建办 leads rows 1 and 2: the cell is merged down
    book.save(HERE / "longxi-merged.xlsx")


DOCX_HEADER = ["编号", "工作任务", "责任科室", "协办单位", "分管局领导", "完成期限"]
DOCX_ROWS = [
    [
        "01",
        "实施校园安全“护校安园”行动，开展应急疏散演练每学期不少于2次。",
        "安全保卫股",
        "各中小学校",
        "吴 岚",
        "每学期",
    ],
    [
        "02",
        "推进智慧校园建设，中小学校多媒体教室覆盖率达到100%。",
        "电教站",
        "计财股",
        "陈德明",
        "2021年11月",
    ],
    [
        "06",
        "做好特殊教育，三类残疾儿童少年义务教育入学率达到95%以上。",
        "基础教育股",
        "县残联，县卫健局",
        "吴岚",
        "2021年9月30日",
    ],
]


def write_docx() -> None:
    document = docx.Document()
    for line in (
        "青田县教育局文件",
        "青教〔2021〕12号",
        "青田县教育局关于印发2021年重点工作任务分解表的通知",
        "各股室、各中小学校：",
        "现将《青田县教育局2021年重点工作任务分解表》印发给你们，请认真抓好落实。",
        "青田县教育局",
        "2021年3月5日",
        "青田县教育局2021年重点工作任务分解表",
    ):
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=len(DOCX_HEADER))
    for cell, name in zip(table.rows[0].cells, DOCX_HEADER, strict=True):
        cell.text = name
    for row in DOCX_ROWS:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    document.save(HERE / "qingtian-notice.docx")


HTML = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>松阳市教育局2024年重点工作任务分解表</title></head>
<body>
<div class="nav">首页 &gt; 政务公开 &gt; 计划总结</div>
<h1>松阳市教育局2024年重点工作任务分解表</h1>
<p>发布时间：2024-02-20　来源：市教育局</p>
<table border="1">
<tr><th>序号</th><th>工作事项</th><th>牵头部门</th><th>配合部门</th><th>分管领导</th><th>完成时限</th><th>备注</th></tr>
<tr><td colspan="7">一、学前教育</td></tr>
<tr><td>1</td><td>新增普惠性幼儿园5所，公办园在园幼儿占比达到55%以上。</td><td>学前教育科</td><td>发展规划科</td><td>欧阳 华</td><td>2024年8月</td><td>&nbsp;</td></tr>
<tr><td colspan="7">二、义务教育</td></tr>
<tr><td>2</td><td>实施义务教育强校提质工程，培育新优质学校10所。</td><td>基础教育科</td><td>教研室、督导室</td><td>欧阳华张 敏</td><td>年底前</td><td>重点督办</td></tr>
<tr><td>3</td><td>落实义务教育课后服务，学校覆盖率保持100%。</td><td>基础教育科</td><td></td><td>张敏</td><td>长期坚持</td><td></td></tr>
</table>
<div class="footer">主办：松阳市教育局</div>
</body></html>
"""


def write_html() -> None:
    (HERE / "songyang-web.html").write_text(HTML, encoding="utf-8")


if __name__ == "__main__":
    write_xlsx()
    write_docx()
    write_html()
