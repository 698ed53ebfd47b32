"""Excel imports for the registry (students, teachers, schools, population)."""
