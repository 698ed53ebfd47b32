"""Pure allocation algorithms for 区管校聘 and the turnover pool: plain data in, plain data out, no database.

- ``compete``: the 校内竞聘 and 跨校竞聘 rounds, teacher-proposing deferred acceptance with the status-quo
  priority (DA*), each result explained by the cut-off of every post a teacher ranked higher;
- ``exchange``: the exchange pass after 跨校竞聘 (TO-BE within 分档): cycles of teachers each moving up to
  the next one's post, no teacher or school worse off, nobody passed over by a lower band;
- ``assign``: 组织调剂 and the turnover pool, a minimum-cost assignment of who is left to what is left.

Methods, sizes and timings: ``docs/algorithms.md`` §1–2 (Combe, Tercieux & Terrier, REStud 2022).
"""
