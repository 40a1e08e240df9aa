"""Validation: every record checked against the national standards, every problem kept.

``steps.validation_steps`` returns the SQL steps; ``catalogue.RULES`` lists the rule codes.
"""
