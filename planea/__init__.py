"""Planea: the annual work plans of intergovernmental networks."""

__version__ = "0.1.0"
