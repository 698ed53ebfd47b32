"""Staffing (区管校聘): posts, the two competitions, the turnover pool and rotation (DESIGN §3)."""
