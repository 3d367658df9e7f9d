"""Shipped model files and their model cards.

Installed as the package ``complaintkit.models`` (see ``setup.cfg``), so the
files travel with the package and are found with ``importlib.resources``.
"""
