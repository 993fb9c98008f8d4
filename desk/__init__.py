"""The front-desk duty log: requests, work orders, callbacks, registers (built with its issue)."""
