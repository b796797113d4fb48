"""thidua: emulation movements and commendation for Vietnamese public agencies."""

__version__ = "0.1.0"
