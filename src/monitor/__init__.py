"""Compliance-monitoring workspace for UN Human Rights Council resolutions."""

__version__ = "0.1.0"
