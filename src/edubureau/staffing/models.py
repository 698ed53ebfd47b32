"""Staffing (区管校聘) models: posts and quotas, the 三考评 scheme and scores, competitions, 志愿, rounds, appeals."""

from .pool_models import *  # noqa: E402,F401,F403  (周转池 and 交流, owned by the pool work)
