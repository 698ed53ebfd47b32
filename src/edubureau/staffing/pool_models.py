"""周转池 (turnover pool) and 校际交流 (rotation) models; owned by the pool work, imported at the end of models.py."""
