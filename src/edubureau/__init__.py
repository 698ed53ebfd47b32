"""edubureau: the platform on which a district education bureau runs its year."""
