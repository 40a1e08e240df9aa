"""The service core: what officers, citizens, enumerators and other systems may see and do.

No web framework here (style.md #1): ``unireg.web`` is a thin caller.

- ``roles``       roles, permissions and region scopes (data)
- ``accounts``    passwords, lock-out, sessions with idle/absolute timeouts, API tokens
- ``audit``       the append-only, hash-chained audit trail
- ``store/``      where service state lives: ``W/service.duckdb`` or PostgreSQL
- ``registry``    read-only, scope-aware access to the registry a build wrote
- ``citizen``     self-service lookups and their plain-language next steps
- ``survey``      field registration: validation and the data-standard ``survey`` export
- ``events``      event submissions (data-standard ``events``) and case decisions as events
- ``ratelimit``   sliding-window limits per client and per ID number
- ``context``     wires the above together for one workspace
"""
