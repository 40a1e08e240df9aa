"""The person registry: persons, enrolments, employers, employment, survey returns.

Every row keeps its origin (``source``, ``row_ref``) so it traces back to the
delivered record.
"""
