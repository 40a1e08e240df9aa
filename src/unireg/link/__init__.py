"""Linkage: tie every accepted record to a person.

``exact`` links by the normalised ID number where it is usable and agrees with
the record; the rest become provisional persons (or clerical review when the
record's birth date or sex contradicts the number), ready for probabilistic
matching.
"""
