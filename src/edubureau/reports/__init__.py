"""Reports (报表与公文): the bureau's outputs — official documents in the GB/T 9704 layout and Excel 台账.

``reports.docx`` holds the renderers: pure functions from plain data to file bytes, with no ORM, so each
report builder (one per report, reading the other apps) gathers its data and hands it to a renderer.
"""
