"""Evaluation: the comprehensive school evaluation and exam value-added (增值评价), DESIGN §3."""
