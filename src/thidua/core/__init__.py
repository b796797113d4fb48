"""What every app needs, and nothing else.

- ``models.AuditEvent`` and ``audit.record_event``: the append-only audit trail.
- ``text``: Vietnamese normalisation for accent-insensitive search.
- ``dates``: Vietnamese date formatting ("ngày 10 tháng 5 năm 2018").
- ``permissions``: the one place where a denied attempt is refused and recorded.
- shared UI pieces: the base layout and the component templates under ``templates/core/``.
"""
