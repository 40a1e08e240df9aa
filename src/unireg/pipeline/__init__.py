"""The build: deliveries in, registry and exports out (``build.build``)."""
