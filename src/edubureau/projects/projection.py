"""School-place demand by town and level: the cohort-survival (grade progression ratio) method.

NCES, *Projections of Education Statistics*, Appendix A (see ``reference/algorithms.md`` §5):

* grades after the first: E[g+1, t+1] = E[g, t] · mean_k GPR[g, t−k], with GPR[g, t] = E[g+1, t+1] / E[g, t]
  averaged over the year pairs available (at most 3); a ratio above 1 carries net in-migration;
* entry grades: E[1, t] = P[a, t] · mean(E[1, t] / P[a, t]) with the population of entry age a (3 for
  幼儿园小班, 6 for 小学一年级) — for preschool this ratio is the 入园率 of the entry cohort;
* 初一 follows 六年级 through its own progression ratio (the primary → junior transition);
* with a single year of data, a grade's progression ratio is 1 (the cohort moves up whole, as the
  population is aged on), until a second year gives the observed ratio.

``backtest`` projects the last year of the data from the years before it and compares, level by level.

Population of a later year not yet in the data is the latest year's cohort aged on (no migration). Pure
functions over plain dicts: no ORM, testable without a database.
"""

from __future__ import annotations

from statistics import mean

# (level, grades) in the order pupils pass through them; primary's 一年级 and preschool's 小班 enter from
# the population, junior's 初一 from primary's 六年级.
CHAIN = {"preschool": 3, "primary": 6, "junior": 3}
ENTRY_AGE = {"preschool": 3, "primary": 6}
WINDOW = 3  # year pairs averaged (NCES smooths; K = 3–6 in practice)

Counts = dict[tuple[str, int], float]


def _prev(level: str, grade: int) -> tuple[str, int] | None:
    if grade > 1:
        return (level, grade - 1)
    if level == "junior":
        return ("primary", 6)
    return None


def population_at(pop: dict[tuple[int, int], int], year: int, age: int) -> float | None:
    """People of ``age`` in ``year``: the datum if present, else the latest year's cohort aged on."""
    if (year, age) in pop:
        return pop[(year, age)]
    known = sorted(y for (y, a) in pop if a == age - (year - y) and y <= year)
    if known:
        y = known[-1]
        return pop[(y, age - (year - y))]
    return None


def ratios(history: dict[int, Counts], pop: dict[tuple[int, int], int]) -> dict[tuple[str, int], float]:
    """Mean progression and entry ratios over the last ``WINDOW`` year pairs of ``history``."""
    years = sorted(history)
    out: dict[tuple[str, int], float] = {}
    for level, n in CHAIN.items():
        for grade in range(1, n + 1):
            prev = _prev(level, grade)
            values = []
            for t in years[-WINDOW - 1 :]:
                now = history[t].get((level, grade), 0)
                if prev is None:
                    base = population_at(pop, t, ENTRY_AGE[level])
                else:
                    if t - 1 not in history:
                        continue
                    base = history[t - 1].get(prev, 0)
                if base:
                    values.append(now / base)
            if prev is None:
                values = values[-WINDOW:]
            elif not values and any(history[t].get(prev) for t in years):
                # one year of data only: cohorts move up whole (no migration, no drop-out) until a second
                # year gives the progression ratio; the cross-sectional ratio (grade g over g−1 in one
                # year) would read a growing intake as attrition
                values = [1.0]
            if values:
                out[(level, grade)] = mean(values)
    return out


def project(
    history: dict[int, Counts], pop: dict[tuple[int, int], int], horizon: int = 5
) -> dict[int, Counts]:
    """Pupils by (level, grade) for the ``horizon`` school years after the last one in ``history``
    (school years by their starting calendar year)."""
    r = ratios(history, pop)
    last = max(history)
    current = dict(history[last])
    out: dict[int, Counts] = {}
    for t in range(last + 1, last + horizon + 1):
        nxt: Counts = {}
        for level, n in CHAIN.items():
            for grade in range(1, n + 1):
                prev = _prev(level, grade)
                ratio = r.get((level, grade))
                if ratio is None:
                    nxt[(level, grade)] = current.get((level, grade), 0)
                elif prev is None:
                    people = population_at(pop, t, ENTRY_AGE[level])
                    nxt[(level, grade)] = (
                        ratio * people if people is not None else current.get((level, grade), 0)
                    )
                else:
                    nxt[(level, grade)] = ratio * current.get(prev, 0)
        out[t] = nxt
        current = nxt
    return out


def by_level(counts: Counts) -> dict[str, int]:
    totals: dict[str, float] = {}
    for (level, _grade), n in counts.items():
        totals[level] = totals.get(level, 0) + n
    return {level: round(n) for level, n in totals.items()}


def backtest(
    history: dict[int, Counts], pop: dict[tuple[int, int], int], *, year: int | None = None
) -> dict[str, dict[str, float]]:
    """Project ``year`` (the last year of ``history`` by default) from the years before it and compare it
    with what was observed: {level: {"forecast", "observed", "error"}}, error the absolute percentage
    error (0.02 = 2 %). Empty when there is no earlier year."""
    year = max(history) if year is None else year
    past = {t: counts for t, counts in history.items() if t < year}
    if not past or year not in history:
        return {}
    forecast = by_level(project(past, pop, horizon=year - max(past))[year])
    observed = by_level(history[year])
    return {
        level: {
            "forecast": forecast.get(level, 0),
            "observed": n,
            "error": abs(forecast.get(level, 0) - n) / n,
        }
        for level, n in observed.items()
        if n
    }
