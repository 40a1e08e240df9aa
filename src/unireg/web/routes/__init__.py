"""Pages, one module per part of the service."""
