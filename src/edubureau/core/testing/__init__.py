"""Test helpers shared by every app: factories for the registry and users holding each role."""
